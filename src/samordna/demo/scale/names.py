"""Invented people: names, valid personnummer, example.org addresses and the fictional phone series."""

import datetime
import random

from personnummer import personnummer

from samordna.demo.seed import luhn_check_digit

FIRST_NAMES = (
    "Alva", "Astrid", "Elsa", "Ebba", "Freja", "Ines", "Juni", "Klara", "Leia", "Lova", "Maja", "Nora", "Saga",
    "Selma", "Stina", "Tyra", "Vera", "Wilma", "Agnes", "Alice", "Anna", "Berit", "Eva", "Greta", "Ingrid",
    "Karin", "Lena", "Maria", "Sofia", "Ylva", "Adam", "Albin", "Arvid", "Axel", "Bo", "Elias", "Erik", "Folke",
    "Gustav", "Harry", "Hugo", "Isak", "Jonas", "Karl", "Leo", "Liam", "Lars", "Malte", "Nils", "Noah", "Olle",
    "Oskar", "Per", "Sixten", "Ture", "Valter", "Viggo", "Vincent", "Sam", "Robin", "Kim", "Alex", "Love",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Berg", "Björk", "Dahl", "Ek", "Ekström", "Falk", "Forsberg", "Hedlund", "Holm", "Håkansson",
    "Isaksson", "Jansson", "Karlsson", "Lind", "Lindgren", "Lundin", "Malm", "Nilsson", "Nordin", "Nyström",
    "Olsson", "Persson", "Sandberg", "Sjöberg", "Strand", "Ström", "Sundqvist", "Svensson", "Viklund", "Wallin",
    "Åberg", "Öberg", "Engström", "Fransson", "Gunnarsson", "Hellström", "Blom", "Eklund", "Norberg",
)  # fmt: skip
STREETS = ("Storgatan", "Kyrkogatan", "Skolgatan", "Ängsvägen", "Björkvägen", "Parkgatan", "Sjövägen", "Backvägen")
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": ".", "-": "."})


def ascii_name(text: str) -> str:
    return text.lower().translate(_ASCII)


def email_address(*, first_name: str, last_name: str, serial: int | None = None) -> str:
    """An example.org address (RFC 2606), never a real domain."""
    suffix = "" if serial is None else str(serial)
    return f"{ascii_name(first_name)}.{ascii_name(last_name)}{suffix}@example.org"


def fictional_phone(*, rng: random.Random) -> str:
    """070-174 06 05 to 070-174 06 99: the series PTS keeps for fiction."""
    return f"070-174 06 {rng.randint(5, 99):02d}"


class IdentityNumbers:
    """Unique, valid personnummer (12 digits, as the app stores them) for generated people.

    Every number is checked with the `personnummer` package the app validates with, so a set never holds a
    number the app's own forms would refuse."""

    def __init__(self, *, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def born(self, *, birth: datetime.date) -> str:
        """A fresh number for someone born on `birth`; the serial is redrawn until the number is unused."""
        while True:
            serial = self.rng.randint(100, 999)
            short = f"{birth:%y%m%d}{serial:03d}"
            number = f"{birth:%Y%m%d}{serial:03d}{luhn_check_digit(short)}"
            if number not in self.used:
                break
        if not personnummer.valid(number):
            raise ValueError(f"generated an invalid personnummer {number}")
        self.used.add(number)
        return number
