"""The one place that knows what time it is, so tests fix "now" instead of sleeping.

Every deadline and validity check asks `now()` or `today()`; tests replace the time with
`frozen_clock(...)` and never wait for real time to pass.
"""

import contextlib
import datetime
from collections.abc import Iterator

from django.utils import timezone

_frozen: datetime.datetime | None = None


def now() -> datetime.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> datetime.date:
    """Today's date in Sweden (Europe/Stockholm), whatever the server's own zone is."""
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen_clock(moment: datetime.datetime | datetime.date) -> Iterator[datetime.datetime]:
    """Fix the clock at `moment` (a date means 12:00 Swedish time that day) for the duration of the block."""
    global _frozen
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    previous, _frozen = _frozen, moment
    try:
        yield moment
    finally:
        _frozen = previous
