"""What the bench prints and saves: percentiles, the result rows with their targets, the table, the JSON file.

Pure functions over plain data, so a quick test can check them without a database or a server.
"""

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

OK, FAIL = "OK", "FAIL"


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile with linear interpolation between the nearest ranks (NumPy's default), so 30
    samples give a p95 between the 28th and 29th fastest rather than jumping to the slowest."""
    if not samples:
        raise ValueError("percentile of no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * p / 100
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass
class Row:
    """One line of the table. `value` is what the target is checked against (p95 for pages)."""

    name: str
    persona: str = ""
    samples: int | None = None
    p50: float | None = None
    p95: float | None = None
    times_floor: float | None = None
    queries: int | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""  # why a page has no figures; printed under the table

    @property
    def result(self) -> str:
        if self.passed is None:
            return ""
        return OK if self.passed else FAIL


def page_target(target_ms: float) -> str:
    return f"p95 ≤ {target_ms:g} ms"


def unmeasured_row(*, name: str, target_ms: float, why: str) -> Row:
    """A page the loaded set gives nobody to measure it as: a FAIL, with the reason under the table."""
    return Row(name=name, persona="–", target=page_target(target_ms), passed=False, note=f"not measured: {why}")


def page_row(*, name: str, persona: str, samples: list[float], floor_p50: float, queries: int | None, target_ms: float):
    """A page's row: p50 and p95 of its samples in ms, p50 as a multiple of the floor's, p95 against the target."""
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return Row(
        name=name,
        persona=persona,
        samples=len(samples),
        p50=p50,
        p95=p95,
        times_floor=p50 / floor_p50,
        queries=queries,
        target=page_target(target_ms),
        passed=p95 <= target_ms,
    )


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


@dataclass
class Check:
    """A figure that is not a page's latency (throughput, memory), with its target."""

    name: str
    measured: str
    target: str
    passed: bool

    @property
    def result(self) -> str:
        return OK if self.passed else FAIL


PAGE_COLUMNS = ("page", "persona", "n", "p50", "p95", "× floor", "queries", "target", "result")
CHECK_COLUMNS = ("figure", "measured", "target", "result")


def format_table(columns: tuple[str, ...], lines: list[tuple[str, ...]], *, right: set[int]) -> str:
    """A plain-text table, columns padded to their widest cell; the columns in `right` (numbers) right-aligned."""
    cells = [columns, *lines]
    widths = [max(len(line[column]) for line in cells) for column in range(len(columns))]

    def line(values) -> str:
        padded = [
            value.rjust(width) if column in right else value.ljust(width)
            for column, (value, width) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(columns), rule, *(line(values) for values in lines)])


def page_table(rows: list[Row]) -> str:
    lines = [
        (
            row.name,
            row.persona,
            "" if row.samples is None else str(row.samples),
            _ms(row.p50),
            _ms(row.p95),
            "" if row.times_floor is None else f"{row.times_floor:,.1f}×",
            "" if row.queries is None else str(row.queries),
            row.target,
            row.result + ("*" if row.note else ""),
        )
        for row in rows
    ]
    notes = [f"* {row.name}: {row.note}" for row in rows if row.note]
    return "\n".join([format_table(PAGE_COLUMNS, lines, right={2, 3, 4, 5, 6}), *notes])


def check_table(checks: list[Check]) -> str:
    lines = [(check.name, check.measured, check.target, check.result) for check in checks]
    return format_table(CHECK_COLUMNS, lines, right={1})


PLAN_LINES_SHOWN = 30
SQL_CHARACTERS_SHOWN = 300


def slowest_query_plans(pages: list[dict]) -> str:
    """Each page's slowest query, its SQL cut short and its EXPLAIN (ANALYZE, BUFFERS) plan (the first lines;
    the JSON file has them all)."""
    parts = []
    for page in pages:
        sql, plan = page["slowest_query_sql"], page["slowest_query_plan"]
        lines = [
            f"Slowest query of {page['name']} ({page['persona']}): {page['slowest_query_ms']:.1f} ms",
            "  " + sql[:SQL_CHARACTERS_SHOWN] + (" …" if len(sql) > SQL_CHARACTERS_SHOWN else ""),
            *("    " + line for line in plan[:PLAN_LINES_SHOWN]),
        ]
        if len(plan) > PLAN_LINES_SHOWN:
            lines.append(f"    … {len(plan) - PLAN_LINES_SHOWN} more lines in the JSON file")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def any_failed(rows: list[Row], checks: list[Check]) -> bool:
    return any(row.passed is False for row in rows) or any(not check.passed for check in checks)


def write_json(path: Path, results: dict, rows: list[Row], checks: list[Check]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        **results,
        "pages": [{**asdict(row), "result": row.result} for row in rows],
        "checks": [{**asdict(check), "result": check.result} for check in checks],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
