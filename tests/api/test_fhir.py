"""The FHIR R4B export: each resource parses back with fhir.resources, its codes are in R4B's value sets, the
same access rules as the pages apply (404 for what the user may not see) and every read is audit-logged."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient

from samordna.api.fhir import codes
from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import ConsentStatus
from samordna.meetings.models import Invitation, InvitationStatus, MeetingStatus
from samordna.people.models import Person
from samordna.plans import services
from samordna.plans.models import FHIR_CAREPLAN_STATUS, GoalAchievement, InterventionStatus, PlanStatus
from tests.api import fhir_value_sets as vs
from tests.factories import sent_meeting

RESOURCES = {
    "Patient": Patient,
    "CarePlan": CarePlan,
    "Goal": Goal,
    "CareTeam": CareTeam,
    "Consent": Consent,
    "Appointment": Appointment,
    "Communication": Communication,
    "Organization": Organization,
}


@pytest.fixture
def records(approved, convener, actor_staff, school_unit, bup_unit):
    """One record of each kind in a case with an approved plan, a sent meeting and an event for the lead."""
    case = approved.plan.case
    meeting = sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    event = services.plan_event_report(case=case, by=actor_staff, text="Eleven har bytt klass.")
    return {
        "Patient": case.person_id,
        "CarePlan": approved.pk,
        "Goal": approved.goals.first().pk,
        "CareTeam": case.pk,
        "Consent": case.consents.get(status=ConsentStatus.ACTIVE).pk,
        "Appointment": meeting.pk,
        "Communication": event.pk,
        "Organization": bup_unit.pk,
    }


def url(resource_type: str, pk) -> str:
    return reverse(f"fhir:{resource_type.lower()}", args=[pk])


def read(client, resource_type: str, pk):
    response = client.get(url(resource_type, pk))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    return RESOURCES[resource_type].model_validate_json(response.content)


@pytest.mark.parametrize("resource_type", RESOURCES)
def test_each_resource_parses_back_with_fhir_resources(client, convener, records, resource_type):
    client.force_login(convener)

    resource = read(client, resource_type, records[resource_type])

    assert resource.id == str(records[resource_type])


@pytest.mark.parametrize("resource_type", [name for name in RESOURCES if name != "Organization"])
def test_every_read_of_personal_data_is_audit_logged(client, convener, records, resource_type):
    client.force_login(convener)

    read(client, resource_type, records[resource_type])

    assert AuditEvent.objects.filter(user=convener, action=AuditAction.READ, summary=f"fhir:{resource_type}").exists()


@pytest.mark.parametrize("resource_type", [name for name in RESOURCES if name != "Organization"])
def test_a_user_outside_the_case_gets_404(client, outsider, records, resource_type):
    client.force_login(outsider)

    response = client.get(url(resource_type, records[resource_type]))

    assert response.status_code == 404
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("resource_type", RESOURCES)
def test_anonymous_gets_401(client, records, resource_type):
    response = client.get(url(resource_type, records[resource_type]))

    assert response.status_code == 401


def test_a_record_that_does_not_exist_gets_the_same_404(client, convener, records):
    client.force_login(convener)

    assert client.get(url("CarePlan", 999999)).status_code == 404


def test_the_careplan_maps_status_intent_goals_and_activities_within_the_value_sets(client, convener, approved):
    client.force_login(convener)

    plan = read(client, "CarePlan", approved.pk)

    assert plan.status == "active"
    assert plan.status in vs.CAREPLAN_STATUS
    assert plan.intent in vs.CAREPLAN_INTENT
    assert len(plan.goal) == 3
    assert len(plan.activity) == 2
    assert {activity.detail.status for activity in plan.activity} <= vs.CAREPLAN_ACTIVITY_STATUS
    assert plan.subject.reference == f"Patient/{approved.plan.case.person_id}"


def test_a_new_version_replaces_the_old_one(client, convener, revised, approved):
    client.force_login(convener)

    new, old = read(client, "CarePlan", revised.pk), read(client, "CarePlan", approved.pk)

    assert new.replaces[0].reference == f"CarePlan/{approved.pk}"
    assert (new.status, old.status) == ("draft", "revoked")


def test_goal_achievement_uses_the_fhir_code_system(client, convener, filled):
    goal = filled.goals.first()
    type(goal).objects.filter(pk=goal.pk).update(achievement_status=GoalAchievement.IMPROVING)
    client.force_login(convener)

    resource = read(client, "Goal", goal.pk)

    coding = resource.achievementStatus.coding[0]
    assert (coding.system, coding.code) == (codes.GOAL_ACHIEVEMENT_SYSTEM, "improving")
    assert resource.lifecycleStatus in vs.GOAL_LIFECYCLE


def test_the_consent_has_a_provision_per_unit_and_period(client, convener, records, school_unit, bup_unit):
    client.force_login(convener)

    consent = read(client, "Consent", records["Consent"])

    assert consent.status == "active"
    assert consent.scope.coding[0].code in vs.CONSENT_SCOPE
    assert consent.provision.type in vs.CONSENT_PROVISION_TYPE
    assert {actor.reference.reference for actor in consent.provision.actor} >= {
        f"Organization/{school_unit.pk}",
        f"Organization/{bup_unit.pk}",
    }
    assert consent.provision.period.start is not None


def test_appointment_participants_answer_within_the_value_set(client, convener, records, social_unit):
    invitation = Invitation.objects.get(meeting_id=records["Appointment"])
    Invitation.objects.create(
        meeting=invitation.meeting,
        unit=social_unit,
        status=InvitationStatus.DECLINED,
        received_at=invitation.received_at,
        answer_due_on=invitation.answer_due_on,
        answered_at=invitation.received_at,
    )
    client.force_login(convener)

    appointment = read(client, "Appointment", records["Appointment"])

    statuses = {participant.actor.reference: participant.status for participant in appointment.participant}
    assert statuses[f"Organization/{invitation.unit_id}"] == "needs-action"
    assert statuses[f"Organization/{social_unit.pk}"] == "declined"
    assert appointment.status in vs.APPOINTMENT_STATUS


def test_the_care_team_lists_the_actors(client, convener, records, school_unit, bup_unit):
    client.force_login(convener)

    team = read(client, "CareTeam", records["CareTeam"])

    assert team.status in vs.CARETEAM_STATUS
    assert {participant.member.reference for participant in team.participant} >= {
        f"Organization/{school_unit.pk}",
        f"Organization/{bup_unit.pk}",
    }


def test_the_bundle_carries_the_whole_plan_for_a_journal_system(client, convener, records, approved):
    client.force_login(convener)

    response = client.get(reverse("fhir:careplan_bundle", args=[approved.pk]))

    bundle = Bundle.model_validate_json(response.content)
    types = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert bundle.type == "collection"
    assert types.count("CarePlan") == 1 and types.count("Goal") == 3
    assert {"Patient", "CareTeam", "Organization", "Consent"} <= set(types)
    assert all(entry.fullUrl.startswith("http://testserver/fhir/R4B/") for entry in bundle.entry)


def test_search_by_patient_finds_only_visible_plans(client, convener, outsider, revised, approved):
    person_id = approved.plan.case.person_id
    client.force_login(convener)
    found = Bundle.model_validate_json(client.get(reverse("fhir:careplan_search"), {"patient": person_id}).content)
    client.force_login(outsider)
    hidden = Bundle.model_validate_json(client.get(reverse("fhir:careplan_search"), {"patient": person_id}).content)

    assert found.total == 2
    assert hidden.total == 0


def test_a_person_with_protected_identity_is_exported_without_name_or_address(client, convener, approved):
    Person.objects.filter(pk=approved.plan.case.person_id).update(protected_identity=True, address="Gatan 1")
    client.force_login(convener)

    patient = read(client, "Patient", approved.plan.case.person_id)

    assert patient.name is None and patient.address is None
    assert patient.identifier[0].value == "191212121212"


def test_every_status_mapping_stays_within_its_value_set():
    assert set(FHIR_CAREPLAN_STATUS) == set(PlanStatus.values)
    assert set(FHIR_CAREPLAN_STATUS.values()) | {"completed"} <= vs.CAREPLAN_STATUS
    assert set(codes.GOAL_LIFECYCLE_BY_VERSION) == set(PlanStatus.values)
    assert set(codes.GOAL_LIFECYCLE_BY_VERSION.values()) | {codes.GOAL_LIFECYCLE_CASE_CLOSED} <= vs.GOAL_LIFECYCLE
    assert set(GoalAchievement.values) == vs.GOAL_ACHIEVEMENT
    assert set(InterventionStatus.values) <= vs.CAREPLAN_ACTIVITY_STATUS
    assert set(codes.CONSENT_STATUS) == set(ConsentStatus.values)
    assert set(codes.CONSENT_STATUS.values()) | {codes.CONSENT_STATUS_EXPIRED} <= vs.CONSENT_STATE
    assert set(codes.APPOINTMENT_STATUS) == set(MeetingStatus.values)
    assert set(codes.APPOINTMENT_STATUS.values()) <= vs.APPOINTMENT_STATUS
    assert set(codes.PARTICIPANT_STATUS) == set(InvitationStatus.values)
    assert set(codes.PARTICIPANT_STATUS.values()) | {codes.INDIVIDUAL_PARTICIPANT_STATUS} <= vs.PARTICIPATION_STATUS
    assert {codes.CARETEAM_ACTIVE, codes.CARETEAM_CLOSED} <= vs.CARETEAM_STATUS
    assert codes.COMMUNICATION_STATUS in vs.EVENT_STATUS
    assert codes.CAREPLAN_INTENT in vs.CAREPLAN_INTENT
    assert codes.CONSENT_SCOPE_PRIVACY in vs.CONSENT_SCOPE


def test_a_system_with_an_api_token_of_the_unit_reads_the_careplan(client, admin, school_unit, approved):
    from samordna.api.services import api_token_create

    plaintext = api_token_create(by=admin, unit=school_unit, name="Journalsystem")[1]

    response = client.get(url("CarePlan", approved.pk), HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert response.status_code == 200
    assert CarePlan.model_validate_json(response.content).id == str(approved.pk)
    assert client.get(url("CarePlan", approved.pk), HTTP_AUTHORIZATION="Bearer smd_wrong").status_code == 401


FHIR_EXPECTED = {
    "convener": 200,
    "actor_staff": 200,
    "manager": 200,
    "outsider": 404,
    "admin": 404,
    "auditor": 404,
    "county_coordinator": 404,
}


@pytest.mark.parametrize("persona", FHIR_EXPECTED)
def test_every_resource_type_by_persona_follows_the_case_access_rules(client, request, records, persona):
    """The FHIR part of the authorization matrix (tests/security/matrix.py): the units in the case and the
    convener unit's manager read; staff elsewhere, local administrators, auditors and county coordinators get
    404; Organization is the public directory for every logged-in user."""
    client.force_login(request.getfixturevalue(persona))

    got = {name: client.get(url(name, pk)).status_code for name, pk in records.items()}

    expected = {name: 200 if name == "Organization" else FHIR_EXPECTED[persona] for name in records}
    assert got == expected


def test_a_careplan_costs_the_same_queries_however_many_goals(client, convener, filled, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.plans import services

    client.force_login(convener)
    with CaptureQueriesContext(connection) as few:
        read(client, "CarePlan", filled.pk)
    for number in range(10):
        services.goal_add(version=filled, by=convener, text=f"Delmål {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        read(client, "CarePlan", filled.pk)
