"""The identifiers an identity provider vouches for: HSA-id (staff in health care, SITHS) and personnummer
(BankID, Freja eID).

A personnummer is validated with the `personnummer` package, as people.identity does for the persons in
a case, and stored normalised as 12 digits (YYYYMMDDNNNC). It is never put in a URL or a log line.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from personnummer import personnummer

INVALID_PERSONNUMMER = _(
    "Ogiltigt personnummer eller samordningsnummer. Skriv 12 siffror (ÅÅÅÅMMDD-NNNN) och kontrollera datum "
    "och kontrollsiffra."
)
INVALID_HSA_ID = _(
    "Ogiltigt HSA-id. Ett HSA-id består av landskod, organisationsnummer och en löpdel, t.ex. SE2321000016-1234."
)
# Country code + organisation number (10 digits, or 12 with a 16 prefix) + "-" + a serial part of letters
# and digits, as the HSA catalogue issues them.
HSA_ID = re.compile(r"^[A-Z]{2}\d{10,12}-[A-Z0-9]{1,24}$")


def normalise_personnummer(raw: str) -> str:
    """12 digits for any valid personnummer or samordningsnummer; ValidationError otherwise."""
    text = (raw or "").strip().replace(" ", "")
    try:
        parsed = personnummer.parse(text)
    except (personnummer.PersonnummerException, TypeError, ValueError) as exc:
        raise ValidationError(INVALID_PERSONNUMMER, code="invalid_personnummer") from exc
    return f"{parsed.full_year}{parsed.month}{parsed.day}{parsed.num}{parsed.check}"


def validate_personnummer(value: str) -> None:
    normalise_personnummer(value)


def normalise_hsa_id(raw: str) -> str:
    return (raw or "").strip().upper()


def validate_hsa_id(value: str) -> None:
    if not HSA_ID.match(normalise_hsa_id(value)):
        raise ValidationError(INVALID_HSA_ID, code="invalid_hsa_id")
