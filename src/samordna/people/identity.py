"""Swedish identity numbers (personnummer and samordningsnummer), validated by the `personnummer` package.

Accepted input: 10 or 12 digits, with or without a separator; `+` marks a person aged 100 or more in the
10-digit form. Stored normalised as 12 digits (YYYYMMDDNNNC). Samordningsnummer have 60 added to the day.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from personnummer import personnummer

INVALID_IDENTITY_NUMBER = _(
    "Ogiltigt personnummer eller samordningsnummer. Skriv 12 siffror (ÅÅÅÅMMDD-NNNN) "
    "och kontrollera datum och kontrollsiffra."
)


@dataclass(frozen=True)
class IdentityNumber:
    normalised: str
    birth_date: datetime.date
    is_coordination_number: bool


def parse_identity_number(raw: str) -> IdentityNumber:
    """Parse and validate; raises ValidationError with a Swedish message for anything invalid."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        raise ValidationError(INVALID_IDENTITY_NUMBER, code="invalid_identity_number")
    try:
        parsed = personnummer.parse(text)
    except personnummer.PersonnummerException as exc:
        raise ValidationError(INVALID_IDENTITY_NUMBER, code="invalid_identity_number") from exc
    normalised = f"{parsed.full_year}{parsed.month}{parsed.day}{parsed.num}{parsed.check}"
    return IdentityNumber(
        normalised=normalised,
        birth_date=parsed.get_date(),
        is_coordination_number=parsed.is_coordination_number(),
    )


def normalise_identity_number(raw: str) -> str:
    return parse_identity_number(raw).normalised


def format_identity_number(normalised: str) -> str:
    """YYYYMMDD-NNNN for display."""
    return f"{normalised[:8]}-{normalised[8:]}" if len(normalised) == 12 else normalised


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
