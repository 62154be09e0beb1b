"""Audit events at fixed moments, for log follow-up and extract tests."""

import datetime

from django.utils import timezone

from samordna.audit.services import audit_read
from samordna.common import clock


def moment(day: int, hour: int = 10) -> datetime.datetime:
    """A moment in November 2026, Swedish time."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


def read_at(when: datetime.datetime, *, user, person, summary: str = "person_detail"):
    """`user` reads `person`'s page at `when`."""
    with clock.frozen_clock(when):
        return audit_read(user=user, obj=person, person_id=person.pk, summary=summary)
