"""What a plan document shows (the PDF for the individual, and the same HTML sent to NPÖ and 1177)."""

from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.plans.models import PlanVersion
from samordna.plans.selectors import approval_rows, goal_tree, involved_units, unit_contact_routes


def plan_document_context(case: CoordinationCase, version: PlanVersion, relative=None) -> dict:
    """The template context of `plans/plan_pdf.html` for `version` (prefetched by `versions_with_content`);
    `relative`: the related person a copy is printed for."""
    units = involved_units(version)
    routes = unit_contact_routes(units)
    return {
        "case": case,
        "person": case.person,
        "version": version,
        "goal_rows": goal_tree(version),
        "interventions": list(version.interventions.all()),
        "approval_rows": approval_rows(version),
        "contacts": list(version.contacts.all()),
        "units": [(unit, routes.get(unit.pk, [])) for unit in units],
        "relative": relative,
        "printed_at": clock.now(),
    }
