"""How big a set is: the county (about Västmanland) or the nation, each count scaled by a fraction."""

import math
from dataclasses import dataclass

COUNTY, NATIONAL = "county", "national"

# One county at full size: 25,000 cases over ten years, 5,000 of them open, 1,500 staff, 4 million audit events.
COUNTY_CASES = 25_000
ACTIVE_SHARE = 0.2
STAFF_PER_CASE = 1_500 / COUNTY_CASES
COUNTY_AUDIT_EVENTS = 4_000_000
# The nation: 21 regions and 290 municipalities, a million cases (and so 100 million audit events).
NATIONAL_REGIONS = 21
NATIONAL_MUNICIPALITIES = 290
NATIONAL_CASES = 1_000_000
NATIONAL_AUDIT_EVENTS = 100_000_000
# The open cases the two caseworker personas reach at full size (`skala.handlaggare10`, `skala.handlaggare500`).
PERSONA_SMALL_OPEN_CASES = 10
PERSONA_BUSY_OPEN_CASES = 500


@dataclass(frozen=True)
class ScaleSize:
    """The counts of one set. Principals and units keep their structure at every fraction (a county always has
    its municipalities and their units); staff, cases and everything hanging off cases scale."""

    kind: str
    fraction: float
    regions: int
    municipalities: int
    cases: int
    active_cases: int
    staff: int
    audit_events: int
    busy_open_cases: int
    small_open_cases: int

    @property
    def label(self) -> str:
        return f"{self.kind} ×{self.fraction:g}"


def scale_size(*, kind: str, fraction: float) -> ScaleSize:
    """The counts for `kind` (county or national) at `fraction` of full size."""
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    national = kind == NATIONAL
    full_cases = NATIONAL_CASES if national else COUNTY_CASES
    full_audit_events = NATIONAL_AUDIT_EVENTS if national else COUNTY_AUDIT_EVENTS
    cases = max(40, round(full_cases * fraction))
    active = max(20, round(cases * ACTIVE_SHARE))
    return ScaleSize(
        kind=kind,
        fraction=fraction,
        regions=NATIONAL_REGIONS if national else 1,
        municipalities=NATIONAL_MUNICIPALITIES if national else 11,
        cases=cases,
        active_cases=active,
        staff=math.ceil(cases * STAFF_PER_CASE),
        audit_events=round(cases * full_audit_events / full_cases),
        busy_open_cases=max(2, min(round(PERSONA_BUSY_OPEN_CASES * fraction), active // 4)),
        small_open_cases=min(PERSONA_SMALL_OPEN_CASES, active // 4),
    )
