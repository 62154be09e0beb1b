"""CSV files from the audit log. Semicolon-separated with a byte-order mark, as Swedish spreadsheet programs
expect, and with formula-like cells neutralised so opening the file can never run anything."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.models import AuditEvent
from samordna.logreview.selectors import object_type_label, person_display
from samordna.people.identity import format_identity_number

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def local_time(event: AuditEvent) -> str:
    return timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield BOM + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def log_search_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The auditor's export: everything the result page shows, one event per line."""
    header = [
        _("Tidpunkt"),
        _("Användarnamn"),
        _("Användare"),
        _("Enhet"),
        _("Huvudman"),
        _("Händelse"),
        _("Objekttyp"),
        _("Objekt-id"),
        _("Personnummer"),
        _("Den enskilde"),
        _("Beskrivning"),
        _("Skäl"),
        _("Utanför användarens ärenden"),
    ]
    rows = (
        [
            local_time(event),
            event.username,
            event.user.get_full_name() if event.user else "",
            event.unit_name,
            event.principal_name,
            event.get_action_display(),
            object_type_label(event.object_type),
            event.object_id,
            format_identity_number(event.person_number) if event.person_number else "",
            person_display(event),
            event.summary,
            event.reason,
            _("ja") if event.outside_case else _("nej"),
        ]
        for event in events
    )
    return csv_lines(header, rows)


def person_extract_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The individual's extract: when, what kind of access, to what, from which unit and principal."""
    header = [_("Tidpunkt"), _("Händelse"), _("Uppgifter"), _("Enhet"), _("Huvudman")]
    rows = (
        [
            local_time(event),
            event.get_action_display(),
            object_type_label(event.object_type),
            event.unit_name,
            event.principal_name,
        ]
        for event in events
    )
    return csv_lines(header, rows)
