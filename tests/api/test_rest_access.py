"""Every API operation by who calls it: without credentials 401 everywhere; for every read, the systems of the
convener's and the actor's units see the case and an unrelated unit's system gets 404, as on the pages."""

import json
import re

import pytest
from django.urls import reverse

from samordna.api.models import TokenScope
from samordna.api.services import api_token_create
from samordna.organizations.models import Role
from samordna.plans import services as plan_services
from tests.conftest import make_user
from tests.factories import sent_meeting


@pytest.fixture
def ids(approved, convener, actor_staff, school_unit, bup_unit):
    case = approved.plan.case
    meeting = sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    plan_services.plan_event_report(case=case, by=actor_staff, text="Ny skola.")
    return {
        "case_id": case.pk,
        "person_id": case.person_id,
        "meeting_id": meeting.pk,
        "invitation_id": meeting.invitations.get().pk,
        "version_id": approved.pk,
        "intervention_id": approved.interventions.first().pk,
        "consent_id": case.consents.get(status="active").pk,
        "actor_id": case.actors.get(unit=bup_unit).pk,
    }


@pytest.fixture
def tokens(admin, school_unit, bup_unit, other_unit, region):
    region_admin = make_user(other_unit, Role.LOCAL_ADMIN, username="regionadmin")
    return {
        "convener_unit": api_token_create(by=admin, unit=school_unit, name="Skolan", scope=TokenScope.READ)[1],
        "actor_unit": api_token_create(by=region_admin, unit=bup_unit, name="BUP", scope=TokenScope.READ)[1],
        "unrelated_unit": api_token_create(by=region_admin, unit=other_unit, name="VC", scope=TokenScope.READ)[1],
    }


def operations(client) -> list[tuple[str, str]]:
    paths = client.get(reverse("rest:openapi-json")).json()["paths"]
    return [(method, path) for path, item in paths.items() for method in item]


def fill(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: str(ids[match.group(1)]), path)


def test_every_operation_needs_credentials(client, ids):
    for method, path in operations(client):
        response = getattr(client, method)(fill(path, ids), content_type="application/json")
        assert response.status_code == 401, (method, path, response.status_code)


EXPECTED_READS = {"convener_unit": 200, "actor_unit": 200, "unrelated_unit": 404}


@pytest.mark.parametrize("caller", EXPECTED_READS)
def test_every_read_follows_the_case_access_rules(client, ids, tokens, caller):
    unexpected = []
    for method, path in operations(client):
        if method != "get" or "{" not in path:
            continue
        query = {"a": ids["version_id"], "b": ids["version_id"]} if path.endswith("/compare") else {}
        if path.endswith("/preparation"):
            continue  # no preparation in this case: 404 for everyone, shown separately below
        response = client.get(fill(path, ids), query, HTTP_AUTHORIZATION=f"Bearer {tokens[caller]}")
        if response.status_code != EXPECTED_READS[caller]:
            unexpected.append((path, response.status_code))
    assert not unexpected


def test_lists_show_an_unrelated_unit_nothing(client, ids, tokens):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens['unrelated_unit']}"}

    assert client.get("/api/v1/cases", **auth).json()["count"] == 0
    assert client.get("/api/v1/worklist", **auth).json() == []


VALID_BODIES = {
    ("post", "/api/v1/cases"): {
        "person_id": "{person_id}",
        "unit_id": 0,
        "initiator_kind": "school",
        "need_noticed_on": "2026-11-20",
    },
    ("post", "/api/v1/cases/{case_id}/actors"): {"unit_id": 0},
    ("post", "/api/v1/cases/{case_id}/consents"): {
        "decision": "given",
        "given_by": "individual",
        "form": "oral",
        "valid_from": "2026-11-23",
    },
    ("post", "/api/v1/cases/{case_id}/consents/{consent_id}/withdraw"): {
        "withdrawn_by_whom": "Den enskilde",
        "withdrawal_form": "oral",
    },
    ("put", "/api/v1/cases/{case_id}/preparation"): {},
    ("post", "/api/v1/cases/{case_id}/close"): {"reason": "goals_met"},
    ("post", "/api/v1/cases/{case_id}/meetings"): {"starts_at": "2026-12-01T10:00:00+01:00", "purpose": "Planera."},
    ("post", "/api/v1/meetings/{meeting_id}/send"): None,
    ("post", "/api/v1/meetings/{meeting_id}/move"): {"starts_at": "2026-12-02T10:00:00+01:00"},
    ("post", "/api/v1/meetings/{meeting_id}/withdraw"): {"reason": "Sjukdom"},
    ("post", "/api/v1/meetings/{meeting_id}/record"): {"individual_participation": "present"},
    ("post", "/api/v1/invitations/{invitation_id}/answer"): {"answer": "accept"},
    ("post", "/api/v1/cases/{case_id}/plan/versions"): {"meeting_id": "{meeting_id}"},
    ("patch", "/api/v1/plan-versions/{version_id}"): {"long_term_goal": "Ändrat"},
    ("post", "/api/v1/plan-versions/{version_id}/goals"): {"text": "Ett mål"},
    ("post", "/api/v1/plan-versions/{version_id}/interventions"): {"what": "En insats", "unit_id": 0},
    ("post", "/api/v1/plan-versions/{version_id}/approvals"): {"principal_id": 0},
    ("post", "/api/v1/plan-versions/{version_id}/revise"): {"meeting_id": "{meeting_id}"},
    ("post", "/api/v1/interventions/{intervention_id}/status"): {"status": "in-progress"},
    ("delete", "/api/v1/cases/{case_id}/actors/{actor_id}"): None,
}
"""A valid body for every write that names an existing record, so the refusal tested is the access rule, not
the body's validation. Ids inside are filled from the world like the path."""

CREATING_WITHOUT_A_RECORD = {("post", "/api/v1/persons"), ("post", "/api/v1/persons/lookup")}


def body_for(template, ids: dict, unit_id: int):
    if template is None:
        return None
    filled = {}
    for key, value in template.items():
        if isinstance(value, str) and value.startswith("{"):
            value = ids[value.strip("{}")]
        elif value == 0 and key == "unit_id":
            value = unit_id
        elif value == 0 and key == "principal_id":
            value = ids["principal_id"]
        filled[key] = value
    return filled


def test_every_write_is_described_here(client, db):
    writes = {(method, path) for method, path in operations(client) if method != "get"}
    assert writes == set(VALID_BODIES) | CREATING_WITHOUT_A_RECORD


def test_an_unrelated_units_system_cannot_write_to_anything_in_the_case(
    client, ids, admin, other_unit, region, bup_unit
):
    region_admin = make_user(other_unit, Role.LOCAL_ADMIN, username="regionadmin2")
    writer = api_token_create(by=region_admin, unit=other_unit, name="VC skriv", scope=TokenScope.WRITE)[1]
    ids = {**ids, "principal_id": region.pk}
    refused = {}
    for (method, path), template in VALID_BODIES.items():
        body = body_for(template, ids, bup_unit.pk)
        kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(fill(path, ids), HTTP_AUTHORIZATION=f"Bearer {writer}", **kwargs)
        refused[(method, path)] = response.status_code
    assert set(refused.values()) == {404}, {key: status for key, status in refused.items() if status != 404}
