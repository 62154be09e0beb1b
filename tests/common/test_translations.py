"""The English locale: key strings translate, and every entry in the .po file is translated.

Swedish is the source language of every UI string; English is the second locale. The .mo file is built
by `make compile` (it is not checked in), which `make test` runs first.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from samordna.people.identity import INVALID_IDENTITY_NUMBER

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = "Run `make messages` and translate every new or changed entry in {path}."
SWEDISH_LETTERS = set("åäöÅÄÖ")


def _parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: 'flags' (set), 'msgid', optional 'msgctxt'/'msgid_plural', 'msgstr[N]'."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = None

    def finish():
        if "msgid" in entry:
            entries.append(entry)

    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("#~"):  # obsolete entry: gettext ignores it
            continue
        if line.startswith("#"):
            if key is not None and key.startswith("msgstr"):  # a comment starts the next entry
                finish()
                entry, key = {"flags": set()}, None
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and key is not None and key.startswith("msgstr"):
            finish()
            entry = {"flags": set()}
        key = "msgstr[0]" if keyword == "msgstr" else keyword
        entry[key] = ast.literal_eval(value)
    finish()
    return entries


def _label(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if "msgctxt" in entry else ""
    return context + entry["msgid"]


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing. " + HOW_TO_FIX.format(path=PO_FILE)
    return [entry for entry in _parse_po(PO_FILE) if entry["msgid"] != ""]


def test_po_file_has_entries(po_entries):
    assert len(po_entries) > 100


def test_every_po_entry_is_translated(po_entries):
    untranslated = [
        _label(entry)
        for entry in po_entries
        if not all(value.strip() for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in the English locale: {untranslated[:10]}. "
        + HOW_TO_FIX.format(path=PO_FILE)
    )


def test_no_po_entry_is_fuzzy(po_entries):
    fuzzy = [_label(entry) for entry in po_entries if "fuzzy" in entry["flags"]]
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy entries in the English locale: {fuzzy[:10]}. Check each translation, remove the "
        "'#, fuzzy' flag, then run `make compile`. " + HOW_TO_FIX.format(path=PO_FILE)
    )


def test_plural_entries_fill_both_forms(po_entries):
    incomplete = [
        _label(entry) for entry in po_entries if "msgid_plural" in entry and not entry.get("msgstr[1]", "").strip()
    ]
    assert not incomplete, f"Plural entries need msgstr[0] and msgstr[1]: {incomplete}. " + HOW_TO_FIX.format(
        path=PO_FILE
    )


def test_po_header_declares_english_utf8_and_plural_forms():
    header_entry = next(entry for entry in _parse_po(PO_FILE) if entry["msgid"] == "")
    header = header_entry["msgstr[0]"]
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in header_entry["flags"], "Remove the '#, fuzzy' flag from the .po header."


@pytest.mark.parametrize(
    ("swedish", "english"),
    [
        ("Min översikt", "My overview"),
        ("Vad är viktigt för dig?", "What matters to you?"),
        ("samordningsansvarig", "convener"),
        ("Samtycke", "Consent"),
    ],
)
def test_key_strings_translate_to_english(swedish, english):
    with translation.override("en"):
        assert gettext(swedish) == english, "Is the .mo file compiled? Run `make compile`."


def test_swedish_stays_the_source_language():
    with translation.override("sv"):
        assert gettext("Min översikt") == "Min översikt"


def test_invalid_identity_number_message_is_english():
    with translation.override("en"):
        message = str(INVALID_IDENTITY_NUMBER)
    assert "personal identity number" in message
    assert not SWEDISH_LETTERS & set(message), message
    assert "Ogiltigt" not in message


@pytest.mark.django_db
def test_overview_renders_in_english(client, convener):
    client.force_login(convener)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(reverse("overview:home")).content.decode()
    assert "<h1>My overview</h1>" in content
    assert "Min översikt" not in content
