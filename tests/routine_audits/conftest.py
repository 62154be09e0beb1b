"""Rutinkollen personas: `manager` runs the school's audit, `reviewer` is school staff designated to review,
`convener` is school staff not designated, `actor_staff` works at BUP."""

import datetime

import pytest

from samordna.cases import services as case_services
from samordna.cases.models import InitiatorKind
from samordna.organizations.models import Role
from samordna.people.models import Person
from samordna.routine_audits import services
from tests.conftest import make_user
from tests.factories import identity_number


@pytest.fixture
def reviewer(school_unit):
    return make_user(school_unit, Role.STAFF, username="reviewer")


def start_cases(convener, unit, count: int, *, noticed_on: datetime.date, first_serial: int = 1) -> list:
    cases = []
    for index in range(count):
        person = Person.objects.create(
            personal_identity_number=identity_number(datetime.date(2010, 5, 1), first_serial + index),
            first_name="Test",
            last_name=f"Person{first_serial + index}",
        )
        cases.append(
            case_services.case_start(
                by=convener,
                person=person,
                unit=unit,
                initiator_kind=InitiatorKind.SCHOOL,
                need_noticed_on=noticed_on,
            )
        )
    return cases


@pytest.fixture
def school_cases(convener, school_unit):
    """Eight school cases with the need noticed in October."""
    return start_cases(convener, school_unit, 8, noticed_on=datetime.date(2026, 10, 15))


@pytest.fixture
def audit(manager, reviewer, school_unit, school_cases):
    return services.routine_audit_create(
        by=manager,
        unit=school_unit,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        sample_size=3,
        reviewers=[reviewer],
        seed=20261123,
    )


ALL_YES = {
    value: ("yes", "") for value in ("participation", "coordination", "goals_and_purpose", "content", "follow_up")
}
