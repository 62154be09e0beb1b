"""Deviation personas: the school reports about BUP. `convener` (school staff) reports, `manager` manages the
school (the reporting unit), `bup_manager` manages BUP (the concerned unit), `actor_staff` works at BUP."""

import pytest

from samordna.deviations import services
from samordna.deviations.models import DeviationCategory
from samordna.organizations.models import Role
from tests.conftest import TODAY, make_user


@pytest.fixture
def bup_manager(bup_unit):
    return make_user(bup_unit, Role.MANAGER, username="bupmanager")


@pytest.fixture
def deviation(convener, manager, bup_manager, school_unit, bup_unit, consented_case):
    """Reported by the school's staff member about BUP, tied to the shared case."""
    return services.deviation_report(
        by=convener,
        reporting_unit=school_unit,
        concerned_unit=bup_unit,
        category=DeviationCategory.INVITATION_NOT_ANSWERED,
        description="Kallelsen till SIP-mötet besvarades inte inom en arbetsdag.",
        occurred_on=TODAY,
        case=consented_case,
    )


def walk_to(deviation, status, *, reporting_manager, concerned_manager):
    """Take a deviation through the workflow up to `status` with the services."""
    order = ["received", "resolving", "answered", "closed"]
    steps = {
        "received": lambda: services.deviation_receive(deviation=deviation, by=concerned_manager),
        "resolving": lambda: services.deviation_start_resolving(deviation=deviation, by=concerned_manager),
        "answered": lambda: services.deviation_answer(
            deviation=deviation, by=concerned_manager, cause="Kallelsen hamnade i fel brevlåda.", actions="Ny rutin."
        ),
        "closed": lambda: services.deviation_close(deviation=deviation, by=reporting_manager),
    }
    for step in order[: order.index(status) + 1]:
        deviation = steps[step]()
    return deviation
