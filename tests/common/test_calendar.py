"""The working-day calendar every deadline is computed with, and the injectable clock."""

import datetime

import pytest
from django.utils import timezone

from samordna.common import clock
from samordna.common.calendar import add_working_days, is_working_day, next_working_day, working_days_between

D = datetime.date
STOCKHOLM = timezone.get_default_timezone()


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(D(2025, 1, 1), id="new-years-day-2025"),
        pytest.param(D(2025, 1, 6), id="epiphany-2025-monday"),
        pytest.param(D(2025, 4, 18), id="good-friday-2025"),
        pytest.param(D(2025, 4, 21), id="easter-monday-2025"),
        pytest.param(D(2025, 5, 1), id="may-day-2025"),
        pytest.param(D(2025, 5, 29), id="ascension-day-2025"),
        pytest.param(D(2025, 6, 6), id="national-day-2025-friday"),
        pytest.param(D(2025, 6, 20), id="midsummer-eve-2025"),
        pytest.param(D(2025, 12, 24), id="christmas-eve-2025"),
        pytest.param(D(2025, 12, 25), id="christmas-day-2025"),
        pytest.param(D(2025, 12, 26), id="boxing-day-2025"),
        pytest.param(D(2025, 12, 31), id="new-years-eve-2025"),
        pytest.param(D(2026, 1, 1), id="new-years-day-2026"),
        pytest.param(D(2026, 1, 6), id="epiphany-2026-tuesday"),
        pytest.param(D(2026, 4, 3), id="good-friday-2026"),
        pytest.param(D(2026, 4, 6), id="easter-monday-2026"),
        pytest.param(D(2026, 5, 14), id="ascension-day-2026"),
        pytest.param(D(2026, 6, 19), id="midsummer-eve-2026"),
        pytest.param(D(2026, 12, 24), id="christmas-eve-2026"),
        pytest.param(D(2026, 12, 25), id="christmas-day-2026"),
        pytest.param(D(2026, 12, 31), id="new-years-eve-2026"),
        pytest.param(D(2027, 1, 1), id="new-years-day-2027"),
        pytest.param(D(2027, 1, 6), id="epiphany-2027-wednesday"),
        pytest.param(D(2027, 3, 26), id="good-friday-2027"),
        pytest.param(D(2027, 3, 29), id="easter-monday-2027"),
        pytest.param(D(2027, 5, 6), id="ascension-day-2027"),
        pytest.param(D(2027, 6, 25), id="midsummer-eve-2027"),
        pytest.param(D(2027, 12, 24), id="christmas-eve-2027"),
        pytest.param(D(2027, 12, 31), id="new-years-eve-2027"),
    ],
)
def test_weekday_holidays_and_eves_are_not_working_days(day):
    """Public holidays and the midsummer, christmas and new year's eves that fall on a weekday are days off."""
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(D(2026, 11, 21), id="saturday"),
        pytest.param(D(2026, 11, 22), id="sunday"),
        pytest.param(D(2025, 6, 21), id="midsummer-day-saturday"),
        pytest.param(D(2026, 6, 6), id="national-day-2026-saturday"),
        pytest.param(D(2027, 6, 6), id="national-day-2027-sunday"),
        pytest.param(D(2027, 12, 25), id="christmas-day-2027-saturday"),
    ],
)
def test_weekends_are_not_working_days(day):
    """Saturdays and Sundays are never working days, holiday or not."""
    assert day.weekday() >= 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(D(2026, 11, 23), id="ordinary-monday"),
        pytest.param(D(2026, 4, 2), id="maundy-thursday-2026"),
        pytest.param(D(2026, 4, 7), id="tuesday-after-easter-2026"),
        pytest.param(D(2025, 6, 9), id="whit-monday-2025-is-no-holiday"),
        pytest.param(D(2026, 6, 5), id="day-before-national-day-2026"),
        pytest.param(D(2025, 12, 30), id="day-before-new-years-eve-2025"),
        pytest.param(D(2026, 1, 2), id="day-after-new-years-day-2026"),
        pytest.param(D(2026, 12, 23), id="day-before-christmas-eve-2026"),
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    """A weekday that is neither a holiday nor one of the eves is a working day."""
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("maundy_thursday", "tuesday_after_easter"),
    [
        pytest.param(D(2025, 4, 17), D(2025, 4, 22), id="2025"),
        pytest.param(D(2026, 4, 2), D(2026, 4, 7), id="2026"),
        pytest.param(D(2027, 3, 25), D(2027, 3, 30), id="2027"),
    ],
)
def test_invitation_answer_is_due_the_tuesday_after_easter_monday_when_received_on_maundy_thursday(
    maundy_thursday, tuesday_after_easter
):
    """One working day after Maundy Thursday skips Good Friday, the Easter weekend and Easter Monday."""
    assert add_working_days(maundy_thursday, 1) == tuesday_after_easter
    assert next_working_day(maundy_thursday) == tuesday_after_easter


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2025, 5, 28), D(2025, 5, 30), id="ascension-2025"),
        pytest.param(D(2026, 5, 13), D(2026, 5, 15), id="ascension-2026"),
        pytest.param(D(2027, 5, 5), D(2027, 5, 7), id="ascension-2027"),
        pytest.param(D(2025, 6, 19), D(2025, 6, 23), id="midsummer-2025"),
        pytest.param(D(2026, 6, 18), D(2026, 6, 22), id="midsummer-2026"),
        pytest.param(D(2027, 6, 24), D(2027, 6, 28), id="midsummer-2027"),
        pytest.param(D(2025, 6, 5), D(2025, 6, 9), id="national-day-2025"),
        pytest.param(D(2025, 12, 23), D(2025, 12, 29), id="christmas-2025"),
        pytest.param(D(2026, 12, 23), D(2026, 12, 28), id="christmas-2026"),
        pytest.param(D(2027, 12, 23), D(2027, 12, 27), id="christmas-2027"),
        pytest.param(D(2025, 12, 30), D(2026, 1, 2), id="new-year-2025-2026"),
        pytest.param(D(2026, 12, 30), D(2027, 1, 4), id="new-year-2026-2027"),
        pytest.param(D(2026, 1, 5), D(2026, 1, 7), id="epiphany-2026"),
        pytest.param(D(2026, 11, 20), D(2026, 11, 23), id="friday-to-monday"),
        pytest.param(D(2026, 11, 21), D(2026, 11, 23), id="saturday-to-monday"),
        pytest.param(D(2026, 11, 23), D(2026, 11, 24), id="monday-to-tuesday"),
    ],
)
def test_next_working_day_skips_weekends_holidays_and_eves(day, expected):
    """The next working day is the first day strictly after `day` that is a working day."""
    assert next_working_day(day) == expected


def test_next_working_day_is_strictly_after_a_working_day():
    """A working day is not its own next working day."""
    assert next_working_day(D(2026, 11, 24)) == D(2026, 11, 25)


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(D(2026, 11, 23), 5, D(2026, 11, 30), id="a-week-of-working-days"),
        pytest.param(D(2026, 12, 21), 3, D(2026, 12, 28), id="across-christmas-2026"),
        pytest.param(D(2025, 12, 22), 5, D(2026, 1, 5), id="across-christmas-and-new-year-2025"),
        pytest.param(D(2027, 3, 24), 2, D(2027, 3, 30), id="across-easter-2027"),
        pytest.param(D(2025, 4, 16), 3, D(2025, 4, 23), id="across-easter-2025"),
        pytest.param(D(2026, 5, 12), 3, D(2026, 5, 18), id="across-ascension-2026"),
    ],
)
def test_add_working_days_counts_only_working_days(day, count, expected):
    """Adding N working days skips every day off on the way; the start day itself is not counted."""
    assert add_working_days(day, count) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(D(2026, 4, 7), -1, D(2026, 4, 2), id="back-across-easter-2026"),
        pytest.param(D(2026, 11, 23), -1, D(2026, 11, 20), id="monday-back-to-friday"),
        pytest.param(D(2027, 1, 4), -2, D(2026, 12, 29), id="back-across-new-year-2027"),
        pytest.param(D(2025, 6, 23), -1, D(2025, 6, 19), id="back-across-midsummer-2025"),
    ],
)
def test_add_working_days_with_a_negative_count_goes_backwards(day, count, expected):
    """A negative count gives the working day that many working days before `day`."""
    assert add_working_days(day, count) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2026, 11, 23), D(2026, 11, 23), id="working-day-is-itself"),
        pytest.param(D(2026, 11, 22), D(2026, 11, 23), id="sunday-moves-to-monday"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 28), id="christmas-eve-moves-past-christmas"),
        pytest.param(D(2027, 3, 26), D(2027, 3, 30), id="good-friday-moves-past-easter"),
    ],
)
def test_adding_zero_working_days_gives_the_day_itself_or_the_next_working_day(day, expected):
    """With count 0 a working day stays put and a day off moves to the next working day."""
    assert add_working_days(day, 0) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2026, 11, 23), D(2026, 11, 23), 0, id="same-day"),
        pytest.param(D(2026, 11, 23), D(2026, 11, 30), 5, id="one-week"),
        pytest.param(D(2026, 4, 2), D(2026, 4, 7), 1, id="easter-2026"),
        pytest.param(D(2025, 12, 23), D(2026, 1, 7), 5, id="christmas-and-new-year-2025"),
        pytest.param(D(2027, 6, 24), D(2027, 6, 28), 1, id="midsummer-2027"),
        pytest.param(D(2026, 11, 20), D(2026, 11, 22), 0, id="only-a-weekend"),
        pytest.param(D(2026, 4, 7), D(2026, 4, 2), -1, id="backwards-across-easter"),
        pytest.param(D(2026, 11, 30), D(2026, 11, 23), -5, id="backwards-one-week"),
    ],
)
def test_working_days_between_counts_working_days_after_start_up_to_end(start, end, expected):
    """Working days after `start` up to and including `end`, negative when `end` comes first."""
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("count", [1, 2, 3, 10, 60])
def test_working_days_between_undoes_add_working_days(count):
    """From a working day, counting the days to `add_working_days(day, n)` gives n back, across holidays."""
    start = D(2025, 12, 19)
    assert working_days_between(start, add_working_days(start, count)) == count
    assert working_days_between(add_working_days(start, count), start) == -count


def test_the_suite_runs_on_the_frozen_monday(fixed_today):
    """The autouse fixture freezes today to Monday 23 November 2026 at noon Swedish time."""
    assert clock.today() == D(2026, 11, 23) == fixed_today
    assert clock.now() == datetime.datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM)


def test_frozen_clock_with_a_date_means_noon_swedish_time():
    """A date freezes the clock at 12:00 Europe/Stockholm that day."""
    with clock.frozen_clock(D(2027, 6, 25)) as moment:
        assert moment == datetime.datetime(2027, 6, 25, 12, 0, tzinfo=STOCKHOLM)
        assert clock.now() == moment
        assert clock.today() == D(2027, 6, 25)


def test_frozen_clock_treats_a_naive_datetime_as_swedish_time():
    """A naive moment is read in the default zone, Europe/Stockholm."""
    with clock.frozen_clock(datetime.datetime(2026, 7, 1, 8, 30)):
        assert timezone.is_aware(clock.now())
        assert clock.now() == datetime.datetime(2026, 7, 1, 6, 30, tzinfo=datetime.UTC)


def test_today_is_the_swedish_date_even_when_utc_is_still_on_the_day_before():
    """Late evening UTC on New Year's Eve is already New Year's Day in Stockholm."""
    with clock.frozen_clock(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)):
        assert clock.today() == D(2027, 1, 1)


def test_frozen_clock_restores_the_previous_moment_on_exit():
    """Nested freezes unwind to the outer moment, also when the block raises."""
    with pytest.raises(RuntimeError), clock.frozen_clock(D(2030, 1, 1)):
        assert clock.today() == D(2030, 1, 1)
        raise RuntimeError
    assert clock.today() == D(2026, 11, 23)
