"""The REST API: token and session authentication, problem details, the whole case flow through the same
services as the pages, optimistic concurrency on plan drafts, and the OpenAPI document."""

import json

import pytest

from samordna.api.models import ApiToken, TokenScope
from samordna.api.services import api_token_create, api_token_revoke
from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import ConsentStatus, Step
from samordna.meetings.models import MeetingStatus
from tests.conftest import TODAY

API = "/api/v1"


@pytest.fixture
def school_token(admin, school_unit) -> str:
    """A write token for the school unit (the convener's unit), made by the school's local administrator."""
    _token, plaintext = api_token_create(
        by=admin, unit=school_unit, name="Skolans elevhälsosystem", scope=TokenScope.WRITE
    )
    return plaintext


@pytest.fixture
def outsider_token(other_unit, region):
    from samordna.organizations.models import Role
    from tests.conftest import make_user

    region_admin = make_user(other_unit, Role.LOCAL_ADMIN, username="regionadmin")
    return api_token_create(by=region_admin, unit=other_unit, name="Annat system", scope=TokenScope.WRITE)[1]


def call(client, method: str, path: str, token: str | None = None, body=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(f"{API}{path}", **kwargs, **headers)


def test_a_token_is_stored_only_as_a_hash(school_token):
    token = ApiToken.objects.get()
    assert school_token not in (token.key_hash, token.prefix)
    assert token.key_hash and len(token.key_hash) == 64


def test_only_a_local_admin_of_the_units_principal_creates_tokens(convener, school_unit, bup_unit, admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(by=convener, unit=school_unit, name="x")
    with pytest.raises(PermissionDenied):
        api_token_create(by=admin, unit=bup_unit, name="x")


def test_a_revoked_token_is_refused_at_once(client, case, admin, school_token):
    assert call(client, "get", "/cases", school_token).status_code == 200

    api_token_revoke(by=admin, token=ApiToken.objects.get())

    response = call(client, "get", "/cases", school_token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_read_token_cannot_write(client, admin, school_unit, adult):
    read_only = api_token_create(by=admin, unit=school_unit, name="Läsare", scope=TokenScope.READ)[1]

    response = call(client, "post", "/persons/lookup", read_only, {"personal_identity_number": "191212121212"})

    assert response.status_code == 403
    assert json.loads(response.content)["status"] == 403


def test_without_credentials_the_answer_is_401_problem_details(client, db):
    response = call(client, "get", "/cases")

    problem = json.loads(response.content)
    assert response.status_code == 401
    assert problem["type"].startswith("urn:samordna:problem:")
    assert problem["status"] == 401 and problem["title"]


def test_a_bad_personnummer_is_a_validation_problem_naming_the_field(client, school_token):
    response = call(client, "post", "/persons/lookup", school_token, {"personal_identity_number": "191212121213"})

    problem = json.loads(response.content)
    assert response.status_code == 422
    assert problem["errors"][0]["field"] == "personal_identity_number"
    assert "personnummer" in problem["errors"][0]["message"]


def test_problems_are_in_english_when_asked_for(client, school_token):
    response = call(
        client,
        "post",
        "/persons/lookup",
        school_token,
        {"personal_identity_number": "191212121213"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    problem = json.loads(response.content)
    assert problem["title"] == "The data is not valid."


def test_a_missing_body_field_is_named(client, school_token):
    response = call(client, "post", "/persons", school_token, {"personal_identity_number": "191212121212"})

    fields = {error["field"] for error in json.loads(response.content)["errors"]}
    assert {"first_name", "last_name"} <= fields


def test_the_personnummer_is_looked_up_from_the_body_and_the_read_is_logged(client, case, school_token, adult):
    response = call(client, "post", "/persons/lookup", school_token, {"personal_identity_number": "19121212-1212"})

    assert response.status_code == 200
    assert json.loads(response.content)["id"] == adult.pk
    assert AuditEvent.objects.filter(action=AuditAction.READ, person_id=adult.pk, summary="api:person_lookup").exists()


def test_a_case_from_start_to_consent_through_the_api(client, school_token, school_unit, bup_unit):
    person = call(
        client,
        "post",
        "/persons",
        school_token,
        {"personal_identity_number": "201701012393", "first_name": "Nova", "last_name": "Exempelsson"},
    )
    assert person.status_code == 201, person.content
    person_id = json.loads(person.content)["id"]

    started = call(
        client,
        "post",
        "/cases",
        school_token,
        {
            "person_id": person_id,
            "unit_id": school_unit.pk,
            "initiator_kind": "school",
            "need_noticed_on": TODAY.isoformat(),
            "need_description": "Behöver samordnat stöd i skolan.",
        },
    )
    assert started.status_code == 201, started.content
    case = json.loads(started.content)
    assert case["status"] == Step.NEED

    consent = call(
        client,
        "post",
        f"/cases/{case['id']}/consents",
        school_token,
        {
            "decision": "given",
            "given_by": "guardians",
            "form": "written",
            "valid_from": TODAY.isoformat(),
            "unit_ids": [school_unit.pk, bup_unit.pk],
            "guardian_ids": [],
        },
    )
    problem = json.loads(consent.content)
    assert consent.status_code == 422
    assert problem["errors"][0]["field"] == "guardians"


def test_consent_is_recorded_and_withdrawn(client, case, school_token, school_unit, bup_unit):
    recorded = call(
        client,
        "post",
        f"/cases/{case.pk}/consents",
        school_token,
        {
            "decision": "given",
            "given_by": "individual",
            "form": "oral",
            "valid_from": TODAY.isoformat(),
            "unit_ids": [school_unit.pk, bup_unit.pk],
        },
    )
    assert recorded.status_code == 201, recorded.content
    consent = json.loads(recorded.content)
    assert consent["status"] == ConsentStatus.ACTIVE and consent["unit_ids"] == sorted([school_unit.pk, bup_unit.pk])

    withdrawn = call(
        client,
        "post",
        f"/cases/{case.pk}/consents/{consent['id']}/withdraw",
        school_token,
        {"withdrawn_by_whom": "Den enskilde", "withdrawal_form": "oral"},
    )

    assert json.loads(withdrawn.content)["status"] == ConsentStatus.WITHDRAWN
    assert json.loads(call(client, "get", f"/cases/{case.pk}", school_token).content)["status"] == Step.CLOSED


def test_an_outsiders_system_gets_404_for_the_case_and_its_parts(client, consented_case, outsider_token):
    for path in (f"/cases/{consented_case.pk}", f"/cases/{consented_case.pk}/plan/versions"):
        assert call(client, "get", path, outsider_token).status_code == 404
    assert call(client, "get", "/cases", outsider_token).json()["count"] == 0


def test_the_session_of_a_logged_in_user_works_too(client, convener, consented_case):
    client.force_login(convener)

    response = client.get(f"{API}/cases/{consented_case.pk}")

    assert response.status_code == 200
    assert {actor["unit"]["name"] for actor in response.json()["actors"]} >= {"BUP Test"}


def test_paging_is_stable_and_each_listed_case_is_logged(client, case, school_token):
    first = call(client, "get", "/cases?offset=0&limit=1", school_token).json()

    assert first["count"] == 1 and first["items"][0]["id"] == case.pk
    assert AuditEvent.objects.filter(summary="api:case_list", object_id=str(case.pk)).count() == 1


def test_my_work_list_has_the_next_deadline(client, case, school_token):
    rows = call(client, "get", "/worklist", school_token).json()

    assert rows[0]["case_id"] == case.pk
    assert rows[0]["next_deadline"]["due_on"]


class TestPlanDraftConcurrency:
    @pytest.fixture
    def version(self, filled):
        return filled

    def test_a_patch_without_if_match_is_refused_with_428(self, client, convener, version):
        client.force_login(convener)

        response = client.patch(
            f"{API}/plan-versions/{version.pk}",
            data=json.dumps({"long_term_goal": "Nytt"}),
            content_type="application/json",
        )

        assert response.status_code == 428

    def test_a_stale_etag_gets_412_and_nothing_is_written(self, client, convener, version):
        client.force_login(convener)
        etag = client.get(f"{API}/plan-versions/{version.pk}")["ETag"]
        client.post(
            f"{API}/plan-versions/{version.pk}/goals",
            data=json.dumps({"text": "Ett mål som någon annan lade till."}),
            content_type="application/json",
        )

        response = client.patch(
            f"{API}/plan-versions/{version.pk}",
            data=json.dumps({"long_term_goal": "Min ändring"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )

        assert response.status_code == 412
        assert response.json()["type"] == "urn:samordna:problem:stale"
        version.refresh_from_db()
        assert version.long_term_goal != "Min ändring"

    def test_the_current_etag_lets_the_edit_through_and_gives_a_new_etag(self, client, convener, version):
        client.force_login(convener)
        etag = client.get(f"{API}/plan-versions/{version.pk}")["ETag"]

        response = client.patch(
            f"{API}/plan-versions/{version.pk}",
            data=json.dumps({"long_term_goal": "Min ändring"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )

        assert response.status_code == 200, response.content
        assert response.json()["long_term_goal"] == "Min ändring"
        assert response["ETag"] != etag

    def test_an_approved_version_cannot_be_edited(self, client, convener, approved):
        client.force_login(convener)
        etag = client.get(f"{API}/plan-versions/{approved.pk}")["ETag"]

        response = client.patch(
            f"{API}/plan-versions/{approved.pk}",
            data=json.dumps({"long_term_goal": "Ändrat i efterhand"}),
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )

        assert response.status_code == 422


def test_the_openapi_document_and_docs_page_are_served(client, db):
    document = client.get(f"{API}/openapi.json")
    docs = client.get(f"{API}/docs")

    assert document.status_code == 200
    assert document.json()["components"]["schemas"]["Problem"]
    assert docs.status_code == 200


def test_no_personnummer_in_any_api_url(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert not [path for path in paths if "personnummer" in path or "identity" in path]
    assert "/api/v1/persons/lookup" in paths


def test_every_endpoint_is_described_by_the_openapi_document(client, db):
    """Walks the URL patterns the API really serves; one the document does not describe fails the test."""
    from samordna.api.rest.api import api

    described = {path.replace("{", "<").replace("}", ">") for path in client.get(f"{API}/openapi.json").json()["paths"]}
    served = {
        f"/api/v1/{pattern.pattern}".replace("int:", "")
        for pattern in api.urls[0]
        if pattern.name not in ("openapi-json", "openapi-view") and str(pattern.pattern)
    }
    assert served and served <= described, served - described


class TestMeetingRecord:
    @pytest.fixture
    def started(self, make_meeting, bup_unit):
        meeting = make_meeting(status=MeetingStatus.SENT, days_ago=0)
        meeting.invitations.create(unit=bup_unit, received_at=meeting.sent_at, answer_due_on=TODAY)
        return meeting

    def test_the_convener_records_the_held_meeting_through_the_api(self, client, started, school_token, bup_unit):
        invitation = started.invitations.get()
        body = {
            "individual_participation": "present",
            "consent_checked": True,
            "secrecy_reminded": True,
            "summary_notes": "Skolan och BUP träffas igen om tre månader.",
            "invitation_attendance": [{"id": invitation.pk, "attended": True}],
        }

        response = call(client, "post", f"/meetings/{started.pk}/record", school_token, body)

        assert response.status_code == 200, response.content
        data = response.json()
        recorded = (data["status"], data["procedure_code"], data["individual_participation"])
        assert recorded == ("held", "AU124", "present")
        assert data["held_at"] and data["invitations"][0]["attended"] is True
        started.case.refresh_from_db()
        assert started.case.status == Step.MEETING
        assert AuditEvent.objects.filter(summary="meeting_record", object_id=str(started.pk)).count() == 1

    def test_an_unknown_chair_is_a_problem_naming_the_field_and_nothing_is_recorded(
        self, client, started, school_token
    ):
        response = call(client, "post", f"/meetings/{started.pk}/record", school_token, {"chair_id": 999999})

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "chair_id"
        started.refresh_from_db()
        assert started.status == MeetingStatus.SENT

    def test_a_meeting_that_has_not_started_cannot_be_recorded(self, client, make_meeting, school_token):
        future = make_meeting(status=MeetingStatus.SENT, days_ago=-2)

        response = call(client, "post", f"/meetings/{future.pk}/record", school_token, {})

        assert response.status_code == 422
        future.refresh_from_db()
        assert future.status == MeetingStatus.SENT

    def test_an_outsiders_system_gets_404(self, client, started, outsider_token):
        assert call(client, "post", f"/meetings/{started.pk}/record", outsider_token, {}).status_code == 404
