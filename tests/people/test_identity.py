"""Swedish identity numbers: parsing, normalising and the age they imply."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samordna.common import clock
from samordna.people.identity import INVALID_IDENTITY_NUMBER, format_identity_number, parse_identity_number
from samordna.people.models import Person


def with_check_digit(date_and_serial: str) -> str:
    """Append the Luhn check digit computed over the last nine of YYYYMMDDNNN (YYMMDDNNN)."""
    digits = date_and_serial[-9:]
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return date_and_serial + str((10 - total % 10) % 10)


# Born 11 July 1990: the day plus 60 gives 71.
COORDINATION_NUMBER = with_check_digit("19900771383")


def test_the_luhn_helper_reproduces_a_known_valid_number():
    """The test's own check-digit helper agrees with the Skatteverket example 19121212-1212."""
    assert with_check_digit("19121212121") == "191212121212"


@pytest.mark.parametrize(
    "raw",
    ["191212121212", "19121212-1212", " 19121212-1212 ", "1912 1212 1212", "121212+1212"],
)
def test_a_valid_number_is_normalised_to_twelve_digits(raw):
    """Twelve digits with or without hyphen or spaces, and ten digits with `+`, all give YYYYMMDDNNNC."""
    parsed = parse_identity_number(raw)
    assert parsed.normalised == "191212121212"
    assert parsed.birth_date == datetime.date(1912, 12, 12)
    assert parsed.is_coordination_number is False


@pytest.mark.parametrize("raw", ["1701012393", "170101-2393", "20170101-2393"])
def test_a_ten_digit_number_gets_the_century_of_someone_under_one_hundred(raw):
    """Without `+`, ten digits belong to someone born within the last hundred years."""
    parsed = parse_identity_number(raw)
    assert parsed.normalised == "201701012393"
    assert parsed.birth_date == datetime.date(2017, 1, 1)


def test_the_plus_separator_marks_a_person_aged_one_hundred_or_more():
    """`121212+1212` is someone born in 1912, where `121212-1212` is someone born in 2012."""
    assert parse_identity_number("121212+1212").normalised == "191212121212"
    assert parse_identity_number("121212-1212").normalised == "201212121212"


@pytest.mark.parametrize("raw", [COORDINATION_NUMBER, f"{COORDINATION_NUMBER[:8]}-{COORDINATION_NUMBER[8:]}"])
def test_a_coordination_number_is_recognised_with_its_real_birth_date(raw):
    """A samordningsnummer has 60 added to the day; the birth date has it taken off again."""
    parsed = parse_identity_number(raw)
    assert parsed.normalised == COORDINATION_NUMBER == "199007713838"
    assert parsed.is_coordination_number is True
    assert parsed.birth_date == datetime.date(1990, 7, 11)


def test_a_ten_digit_coordination_number_is_normalised_too():
    """The ten-digit form of a samordningsnummer is stored with the century as twelve digits."""
    parsed = parse_identity_number(f"{COORDINATION_NUMBER[2:8]}-{COORDINATION_NUMBER[8:]}")
    assert parsed.normalised == COORDINATION_NUMBER
    assert parsed.is_coordination_number is True


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("19121212-1213", id="bad-check-digit"),
        pytest.param("191212121211", id="bad-check-digit-no-hyphen"),
        pytest.param(with_check_digit("19121312121"), id="month-13"),
        pytest.param(with_check_digit("19900230123"), id="february-30"),
        pytest.param(with_check_digit("19900792383"), id="coordination-day-32"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("abcdefghijkl", id="letters"),
        pytest.param("19121212", id="date-only"),
        pytest.param("1912121212121", id="thirteen-digits"),
        pytest.param("19121212/1212", id="odd-separator"),
    ],
)
def test_an_invalid_number_is_refused_with_the_swedish_message(raw):
    """Bad check digit, impossible date, wrong length or garbage: ValidationError with the one Swedish message."""
    with pytest.raises(ValidationError) as excinfo:
        parse_identity_number(raw)
    assert excinfo.value.messages == [str(INVALID_IDENTITY_NUMBER)]
    assert excinfo.value.code == "invalid_identity_number"


def test_none_is_refused_like_an_empty_number():
    """A missing value is an invalid number, not a crash."""
    with pytest.raises(ValidationError) as excinfo:
        parse_identity_number(None)
    assert excinfo.value.messages == [str(INVALID_IDENTITY_NUMBER)]


def test_the_invalid_number_message_is_swedish():
    """The message tells the user, in Swedish, what to type."""
    assert str(INVALID_IDENTITY_NUMBER).startswith("Ogiltigt personnummer eller samordningsnummer.")


def test_a_normalised_number_is_shown_with_a_hyphen():
    """Twelve digits are displayed as YYYYMMDD-NNNN."""
    assert format_identity_number("191212121212") == "19121212-1212"


def test_the_child_is_a_minor_and_the_adult_is_not_on_the_frozen_day():
    """On 23 November 2026 the person born 2017 is a minor; the person born 1912 is not."""
    child = Person(personal_identity_number="201701012393", first_name="Nova", last_name="Exempelsson")
    adult = Person(personal_identity_number="191212121212", first_name="Tolvan", last_name="Tolvansson")
    assert child.age() == 9
    assert child.is_minor() is True
    assert adult.is_minor() is False


def test_a_child_comes_of_age_on_the_eighteenth_birthday():
    """The day before the 18th birthday the child is a minor; on the birthday they are not."""
    child = Person(personal_identity_number="201701012393", first_name="Nova", last_name="Exempelsson")
    assert child.is_minor(datetime.date(2034, 12, 31)) is True
    assert child.is_minor(datetime.date(2035, 1, 1)) is False


def test_is_minor_follows_the_injectable_clock():
    """Without a date, is_minor asks the clock, so freezing the clock on the 18th birthday makes an adult."""
    child = Person(personal_identity_number="201701012393", first_name="Nova", last_name="Exempelsson")
    with clock.frozen_clock(datetime.date(2035, 1, 1)):
        assert child.is_minor() is False
    assert child.is_minor() is True


def test_a_person_with_a_coordination_number_has_the_real_birth_date():
    """Person.birth_date and is_coordination_number read the stored samordningsnummer correctly."""
    person = Person(personal_identity_number=COORDINATION_NUMBER, first_name="A", last_name="B")
    assert person.is_coordination_number is True
    assert person.birth_date == datetime.date(1990, 7, 11)
    assert person.age() == 36
