"""Shared fixtures: organisations, personas and a case in progress.

Personas: `convener` (staff at the school that opens the case), `actor_staff` (staff
at BUP, an actor in the case), `outsider` (staff at an unrelated unit), `manager` (manager of the
school unit), `admin` (local administrator of the municipality).
"""

import datetime
import itertools

import pytest
from django.utils import translation

from samordna.accounts.models import User
from samordna.cases import services as case_services
from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.common import clock
from samordna.organizations.models import (
    Membership,
    Principal,
    PrincipalKind,
    Role,
    RoutineProfile,
    Sector,
    Unit,
)
from samordna.people.models import Person

TODAY = datetime.date(2026, 11, 23)
ADULT_NUMBER = "19121212-1212"
CHILD_NUMBER = "20170101-2393"

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def swedish():
    """Swedish, the source language, whatever language an earlier test's request left active in this thread."""
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def fixed_today():
    """Every test runs on Monday 23 November 2026 unless it fixes another moment itself."""
    with clock.frozen_clock(TODAY):
        yield TODAY


def make_user(unit: Unit, role: str = Role.STAFF, *, username: str | None = None) -> User:
    username = username or f"user{next(_serial)}"
    user = User.objects.create_user(
        username=username, password="test-password-123", first_name="Test", last_name=username.title()
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def profile(db) -> RoutineProfile:
    return RoutineProfile.objects.get(code="vastmanland")


@pytest.fixture
def municipality(db) -> Principal:
    return Principal.objects.create(name="Testkommun", kind=PrincipalKind.MUNICIPALITY)


@pytest.fixture
def region(db) -> Principal:
    return Principal.objects.create(name="Region Test", kind=PrincipalKind.REGION)


@pytest.fixture
def school_unit(municipality) -> Unit:
    return Unit.objects.create(principal=municipality, name="Testskolan elevhälsa", sector=Sector.SCHOOL)


@pytest.fixture
def social_unit(municipality) -> Unit:
    return Unit.objects.create(principal=municipality, name="Socialtjänsten IFO", sector=Sector.SOCIAL_SERVICES)


@pytest.fixture
def bup_unit(region) -> Unit:
    return Unit.objects.create(principal=region, name="BUP Test", sector=Sector.HEALTH_CARE)


@pytest.fixture
def other_unit(region) -> Unit:
    return Unit.objects.create(principal=region, name="Vårdcentralen Annanstans", sector=Sector.HEALTH_CARE)


@pytest.fixture
def convener(school_unit) -> User:
    return make_user(school_unit, username="convener")


@pytest.fixture
def actor_staff(bup_unit) -> User:
    return make_user(bup_unit, username="actorstaff")


@pytest.fixture
def outsider(other_unit) -> User:
    return make_user(other_unit, username="outsider")


@pytest.fixture
def manager(school_unit) -> User:
    return make_user(school_unit, Role.MANAGER, username="manager")


@pytest.fixture
def admin(school_unit) -> User:
    user = make_user(school_unit, Role.LOCAL_ADMIN, username="localadmin")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def auditor(school_unit) -> User:
    return make_user(school_unit, Role.AUDITOR, username="auditor")


@pytest.fixture
def county_coordinator(other_unit) -> User:
    return make_user(other_unit, Role.COUNTY_COORDINATOR, username="countycoordinator")


@pytest.fixture
def adult(db) -> Person:
    return Person.objects.create(personal_identity_number="191212121212", first_name="Tolvan", last_name="Tolvansson")


@pytest.fixture
def child(db) -> Person:
    return Person.objects.create(personal_identity_number="201701012393", first_name="Nova", last_name="Exempelsson")


@pytest.fixture
def case(convener, school_unit, adult, profile):
    """A case opened by the convener at the school, without consent yet."""
    return case_services.case_start(
        by=convener,
        person=adult,
        unit=school_unit,
        initiator_kind=InitiatorKind.SCHOOL,
        need_noticed_on=TODAY - datetime.timedelta(days=2),
        need_description="Behöver samordnat stöd.",
    )


@pytest.fixture
def consented_case(case, convener, school_unit, bup_unit, actor_staff):
    """A case with the individual's consent covering the school and BUP, and BUP added as actor."""
    case_services.consent_record(
        case=case,
        by=convener,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.INDIVIDUAL,
        form=ConsentForm.WRITTEN,
        valid_from=TODAY,
        units=[school_unit, bup_unit],
        information_scope="Det som behövs för planen.",
    )
    case_services.case_add_actor(case=case, by=convener, unit=bup_unit, contact=actor_staff)
    case.refresh_from_db()
    return case
