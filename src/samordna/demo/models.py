"""The marker a `seed_scale` run leaves in the database: which set was loaded, so a later run can tell synthetic
scale data from real data, reuse the set it finds (the benchmark does) or replace it."""

from django.db import models


class ScaleSeedRun(models.Model):
    """One run of `manage.py seed_scale`. Written before the first row is loaded and completed at the end, so an
    interrupted run still marks its rows as synthetic (and `--replace` may clear them)."""

    kind = models.CharField(max_length=20)
    fraction = models.FloatField()
    seed = models.BigIntegerField()
    anchored_on = models.DateField(help_text="The day the set's dates are relative to (its 'today').")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    # [name, CREATE INDEX ...] of the indexes dropped for the load and not yet built again (PostgreSQL): an
    # interrupted run leaves them here, and the next run builds them before it does anything else.
    pending_indexes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ×{self.fraction} seed {self.seed}"

    @property
    def is_complete(self) -> bool:
        return self.finished_at is not None
