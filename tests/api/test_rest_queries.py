"""The REST API's reads cost a fixed number of queries: the same for a unit with few cases as with many, for a
case with one actor as with many, for a plan with a few goals as with many. Writes to the audit log are one
bulk insert (SQLite may split it in batches by its parameter limit: see `audit_insert_queries`)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.api.models import TokenScope
from samordna.api.services import api_token_create
from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import CaseActor, InitiatorKind
from samordna.common import clock
from samordna.organizations.models import Sector, Unit
from samordna.people.models import Person
from samordna.plans import services as plan_services
from tests.conftest import TODAY
from tests.factories import identity_number
from tests.overview.test_home import audit_insert_queries

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def token(admin, school_unit) -> str:
    return api_token_create(by=admin, unit=school_unit, name="Elevhälsosystemet", scope=TokenScope.WRITE)[1]


def queries(client, path: str, token: str, *, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}{path}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == status, response.content
    return len(captured.captured_queries)


def start_cases(count: int, *, convener, school_unit, first: int = 0) -> None:
    for index in range(first, first + count):
        person = Person.objects.create(
            personal_identity_number=identity_number(datetime.date(1990, 1, 1) + datetime.timedelta(days=index), 200),
            first_name="Test",
            last_name=f"Nr{index}",
        )
        case_services.case_start(
            by=convener,
            person=person,
            unit=school_unit,
            initiator_kind=InitiatorKind.SCHOOL,
            need_noticed_on=TODAY - datetime.timedelta(days=index % 20),
        )


def test_the_case_list_costs_the_same_queries_for_3_and_30_cases(client, token, convener, school_unit, profile):
    start_cases(3, convener=convener, school_unit=school_unit)
    few = queries(client, "/cases?limit=50", token) - audit_insert_queries(3)
    start_cases(27, convener=convener, school_unit=school_unit, first=3)
    many = queries(client, "/cases?limit=50", token) - audit_insert_queries(30)

    assert few == many == CASE_LIST_QUERIES


def test_the_work_list_costs_the_same_queries_for_3_and_30_cases(client, token, convener, school_unit, profile):
    start_cases(3, convener=convener, school_unit=school_unit)
    few = queries(client, "/worklist", token)
    start_cases(27, convener=convener, school_unit=school_unit, first=3)
    many = queries(client, "/worklist", token)

    assert few - audit_insert_queries(3) == many - audit_insert_queries(30)


def test_a_case_costs_the_same_queries_with_1_and_6_actors(client, token, consented_case, convener, municipality):
    path = f"/cases/{consented_case.pk}"
    few = queries(client, path, token)
    for number in range(5):
        unit = Unit.objects.create(principal=municipality, name=f"Enhet {number}", sector=Sector.OTHER)
        CaseActor.objects.create(case=consented_case, unit=unit, joined_at=clock.now())
    many = queries(client, path, token)

    assert few == many == CASE_QUERIES


def test_a_plan_version_costs_the_same_queries_with_3_and_13_goals(client, token, filled, convener):
    path = f"/plan-versions/{filled.pk}"
    few = queries(client, path, token)
    for number in range(10):
        plan_services.goal_add(version=filled, by=convener, text=f"Mål {number}")
    many = queries(client, path, token)

    assert few == many == PLAN_VERSION_QUERIES


def test_a_meeting_costs_the_same_queries_however_many_units_are_invited(
    client, token, sip_meeting, convener, municipality
):
    path = f"/meetings/{sip_meeting.pk}"
    few = queries(client, path, token)
    for number in range(5):
        unit = Unit.objects.create(principal=municipality, name=f"Kallad {number}", sector=Sector.OTHER)
        CaseActor.objects.create(case=sip_meeting.case, unit=unit, joined_at=clock.now())
        sip_meeting.invitations.create(unit=unit, received_at=clock.now(), answer_due_on=TODAY)
    many = queries(client, path, token)

    assert few == many


def test_a_plan_version_read_is_logged_once(client, token, filled):
    queries(client, f"/plan-versions/{filled.pk}", token)

    assert AuditEvent.objects.filter(object_id=str(filled.pk), action="read").count() == 1


# The token and its last-use stamp, the reads, the units in the persons' cases for the audit rows and one audit
# insert (and for a version its ETag counts); pinned so that a new query shows up here.
CASE_LIST_QUERIES = 6
CASE_QUERIES = 11
PLAN_VERSION_QUERIES = 18


def test_the_case_list_pages_after_the_last_id_until_next_after_is_null(client, token, convener, school_unit, profile):
    start_cases(5, convener=convener, school_unit=school_unit)
    seen, after = [], None
    while True:
        query = "limit=2" + (f"&after={after}" if after is not None else "")
        page = client.get(f"{API}/cases?{query}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        seen += [item["id"] for item in page["items"]]
        after = page["next_after"]
        if after is None:
            break

    assert page["count"] == 5
    assert seen == sorted(seen) and len(set(seen)) == 5
