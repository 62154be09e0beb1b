"""Abstract base models shared by every domain app."""

from django.db import models

from samordna.common import clock


class TimeStampedModel(models.Model):
    """Records when a row was created and last changed; every domain model has these two columns.

    `created_at` follows the injectable clock, so records entered afterwards (and demo data) carry their real
    dates and tests can fix them.
    """

    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
