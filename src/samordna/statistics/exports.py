"""CSV and Excel (openpyxl) exports of a statistics report: the same cells the page shows, suppression included."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from samordna.statistics.selectors import Report


def _header(report: Report) -> list[str]:
    return [_("Mått"), _("Rad"), *(f"{month:%Y-%m}" for month in report.months), _("Hela perioden")]


def _rows(report: Report):
    for table in report.tables:
        if table.columns:
            yield [str(table.title), "", *table.columns, _("Hela perioden")]
        for row in table.rows:
            yield [str(table.title), str(row.label), *(cell.export_value for cell in row.cells), row.total.export_value]


def _intro(report: Report) -> list[list[str]]:
    lines = [
        [_("Samordna – statistik"), report.scope.label],
        [_("Period"), f"{report.period.start:%Y-%m} – {report.period.end:%Y-%m}"],
    ]
    if report.scope.suppresses_small_groups:
        lines.append([_("Grupper med färre än fem visas som <5.")])
    return lines


def report_csv(report: Report) -> str:
    """Semicolon-separated, as Swedish spreadsheet programs expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(_intro(report))
    writer.writerow([])
    writer.writerow(_header(report))
    writer.writerows(_rows(report))
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistik")
    for line in _intro(report):
        sheet.append(line)
    sheet.append([])
    sheet.append(_header(report))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in _rows(report):
        sheet.append([value if value != "" else None for value in row])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
