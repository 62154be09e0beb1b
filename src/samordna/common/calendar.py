"""Swedish working days: the one module every deadline is computed with.

A working day is Monday to Friday except Swedish public holidays and the de facto holidays
Midsummer Eve, Christmas Eve and New Year's Eve. The dates come from the `holidays` package
(categories PUBLIC and DE_FACTO), never from a hand-written list.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[datetime.date, str]:
    return dict(holidays.Sweden(years=year, categories=(holidays.PUBLIC, holidays.DE_FACTO)))


def holiday_name(day: datetime.date) -> str | None:
    """The holiday's name (English, from the holidays package), or None on an ordinary day."""
    return _holidays_for(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after `day`."""
    return add_working_days(day, 1)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `day` (before it when negative); `day` itself is not counted.

    An invitation received on Maundy Thursday with 1 working day to answer is due on the Tuesday after
    Easter Monday. With count 0 the result is `day` itself if it is a working day, else the next one.
    """
    if count == 0:
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    step = datetime.timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=offset))
    )
