"""Bar charts drawn on the server as SVG: geometry computed here, markup in the template. No script and no inline
style; colours come from CSS classes. Each chart has a title and a description, and the page shows the same
numbers in a table beside it, so nothing is only in the picture."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samordna.statistics.selectors import Report, Table

COLUMN_WIDTH = 44
PLOT_HEIGHT = 160
TOP = 24
BOTTOM = 28
LEFT = 8
BAR_ROW_HEIGHT = 34
BAR_LABEL_HEIGHT = 16
CATEGORY_WIDTH = 560


@dataclass
class Bar:
    label: str
    value: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass
class Chart:
    key: str
    kind: str
    title: str
    description: str
    width: int
    height: int
    baseline: float
    bars: list[Bar]

    @property
    def title_id(self) -> str:
        return f"chart-{self.key}-title"

    @property
    def desc_id(self) -> str:
        return f"chart-{self.key}-desc"


def _describe(title: str, bars: list[Bar]) -> str:
    if not bars:
        return _("Inga värden under perioden.")
    values = ", ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return _("Stapeldiagram över %(title)s. %(values)s. Samma siffror finns i tabellen.") % {
        "title": title.lower(),
        "values": values,
    }


def month_chart(table: Table, months) -> Chart:
    """Columns per month for the table's first row."""
    row = table.rows[0]
    peak = max((cell.chart_value for cell in row.cells), default=0) or 1
    bars = []
    for index, (month, cell) in enumerate(zip(months, row.cells, strict=True)):
        height = PLOT_HEIGHT * cell.chart_value / peak
        x = LEFT + index * COLUMN_WIDTH + 6
        y = TOP + PLOT_HEIGHT - height
        label = date_format(month, "M y")
        bars.append(
            Bar(
                label,
                cell.shown,
                x,
                y,
                COLUMN_WIDTH - 12,
                height,
                x + (COLUMN_WIDTH - 12) / 2,
                TOP + PLOT_HEIGHT + 18,
                x + (COLUMN_WIDTH - 12) / 2,
                y - 6,
            )
        )
    width = LEFT * 2 + COLUMN_WIDTH * len(months)
    title = f"{table.title}: {row.label.lower()}"
    return Chart(
        table.key, "months", title, _describe(title, bars), width, TOP + PLOT_HEIGHT + BOTTOM, TOP + PLOT_HEIGHT, bars
    )


def category_chart(table: Table) -> Chart:
    """One horizontal bar per row (category) for the whole period; share rows are left to the table."""
    rows = [row for row in table.rows if not row.total.is_share]
    peak = max((row.total.chart_value for row in rows), default=0) or 1
    plot_width = CATEGORY_WIDTH - 2 * LEFT - 60
    bars = []
    for index, row in enumerate(rows):
        top = index * BAR_ROW_HEIGHT
        width = plot_width * row.total.chart_value / peak
        bar_height = BAR_ROW_HEIGHT - BAR_LABEL_HEIGHT - 4
        bars.append(
            Bar(
                row.label,
                row.total.shown,
                LEFT,
                top + BAR_LABEL_HEIGHT,
                width,
                bar_height,
                LEFT,
                top + BAR_LABEL_HEIGHT - 4,
                LEFT + width + 6,
                top + BAR_ROW_HEIGHT - 8,
            )
        )
    title = _("%(title)s, hela perioden") % {"title": table.title}
    return Chart(
        table.key,
        "categories",
        title,
        _describe(title, bars),
        CATEGORY_WIDTH,
        max(BAR_ROW_HEIGHT * len(rows), BAR_ROW_HEIGHT),
        0,
        bars,
    )


def charts_for(report: Report) -> dict[str, Chart]:
    return {
        table.key: category_chart(table) if table.chart == "categories" else month_chart(table, report.months)
        for table in report.tables
    }
