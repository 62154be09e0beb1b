"""The plan's services: making a version at a held meeting, sign-off by every principal and the individual,
immutability once approved, status reports, events to the lead, a new version at follow-up, and closure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import CaseStep, CloseReason, Step
from samordna.meetings.models import MeetingKind, MeetingStatus
from samordna.plans import services
from samordna.plans.models import (
    ContactPerson,
    Goal,
    GoalEvaluation,
    Intervention,
    InterventionDecision,
    InterventionStatus,
    LeadDecision,
    PlanStatus,
    PlanVersion,
    PlanVersionLocked,
    PrincipalApproval,
)
from tests.conftest import TODAY, make_user

pytestmark = pytest.mark.django_db


def refreshed(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.get(pk=version.pk)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# Making the plan


def test_version_one_is_a_draft_made_at_a_held_sip_meeting(draft, consented_case, sip_meeting, convener):
    assert (draft.number, draft.status, draft.meeting, draft.replaces) == (1, PlanStatus.DRAFT, sip_meeting, None)
    assert draft.plan.case == consented_case
    assert draft.created_by == convener
    consented_case.refresh_from_db()
    assert consented_case.status == Step.PLAN
    assert CaseStep.objects.filter(case=consented_case, step=Step.PLAN).exists()


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (MeetingKind.PRE_MEETING, MeetingStatus.HELD),
        (MeetingKind.SIP, MeetingStatus.SENT),
        (MeetingKind.SIP, MeetingStatus.WITHDRAWN),
    ],
)
def test_no_plan_is_made_at_a_pre_meeting_or_a_meeting_not_held(make_meeting, consented_case, convener, kind, status):
    meeting = make_meeting(kind=kind, status=status)
    with pytest.raises(ValidationError) as error:
        services.plan_version_create(case=consented_case, by=convener, meeting=meeting)
    assert str(services.MEETING_CANNOT_HOLD_PLAN) in messages_of(error.value)
    assert not PlanVersion.objects.exists()


def test_a_case_gets_only_one_first_version(draft, consented_case, convener, make_meeting):
    with pytest.raises(ValidationError) as error:
        services.plan_version_create(case=consented_case, by=convener, meeting=make_meeting(days_ago=0))
    assert str(services.PLAN_EXISTS) in messages_of(error.value)


def test_making_the_plan_needs_consent_in_force(consented_case, convener, sip_meeting):
    consented_case.consents.update(status="superseded")
    with pytest.raises(ValidationError) as error:
        services.plan_version_create(case=consented_case, by=convener, meeting=sip_meeting)
    assert "giltigt samtycke" in messages_of(error.value)


def test_outsider_cannot_make_the_plan(consented_case, outsider, sip_meeting):
    with pytest.raises(PermissionDenied):
        services.plan_version_create(case=consented_case, by=outsider, meeting=sip_meeting)


def test_version_one_names_the_lead_already_named_on_the_case(
    consented_case, convener, actor_staff, bup_unit, sip_meeting
):
    case_services.case_set_lead(case=consented_case, by=convener, lead=actor_staff, lead_unit=bup_unit)
    version = services.plan_version_create(case=consented_case, by=convener, meeting=sip_meeting)
    assert (version.lead, version.lead_unit) == (actor_staff, bup_unit)


def test_goals_sub_goals_and_interventions_are_added_to_a_draft(filled):
    goals = list(filled.goals.all())
    assert [goal.position for goal in goals] == [1, 2, 3]
    assert goals[1].parent == goals[0]
    assert filled.interventions.count() == 2
    assert filled.interventions.get(unit__name="BUP Test").pending_decision


def test_a_sub_goal_cannot_have_sub_goals(draft, convener):
    goal = services.goal_add(version=draft, by=convener, text="Mål")
    sub = services.goal_add(version=draft, by=convener, text="Delmål", parent=goal)
    with pytest.raises(ValidationError):
        services.goal_add(version=draft, by=convener, text="Del-delmål", parent=sub)
    with pytest.raises(ValidationError):
        services.goal_update(goal=goal, by=convener, parent=services.goal_add(version=draft, by=convener, text="Annat"))


def test_an_intervention_is_performed_by_a_unit_in_the_case(draft, convener, other_unit):
    with pytest.raises(ValidationError) as error:
        services.intervention_add(version=draft, by=convener, what="Insats", unit=other_unit)
    assert str(services.UNIT_NOT_IN_CASE) in messages_of(error.value)


def test_removing_a_goal_keeps_its_interventions(filled, convener):
    goal = filled.goals.get(parent__isnull=True, position=1)
    services.goal_remove(goal=goal, by=convener)
    assert not Goal.objects.filter(text="Komma i tid till första lektionen.").exists()
    assert filled.interventions.get(unit__name="Testskolan elevhälsa").goal is None


def test_contact_person_is_one_per_unit(filled, convener, bup_unit):
    services.contact_person_set(version=filled, by=convener, unit=bup_unit, name="Kim Kurator", phone="021-1")
    contact = ContactPerson.objects.get(version=filled, unit=bup_unit)
    assert (contact.user, contact.display_name) == (None, "Kim Kurator")


def test_contact_person_must_work_at_the_unit(filled, convener, bup_unit):
    with pytest.raises(ValidationError):
        services.contact_person_set(version=filled, by=convener, unit=bup_unit, user=convener)


def test_setting_the_lead_names_the_lead_on_the_case_too(draft, convener, actor_staff, bup_unit, consented_case):
    services.plan_set_lead(version=draft, by=convener, lead=actor_staff, lead_unit=bup_unit)
    consented_case.refresh_from_db()
    assert (consented_case.lead, consented_case.lead_unit) == (actor_staff, bup_unit)
    assert refreshed(draft).lead_change_note == ""


def test_the_lead_must_work_at_the_lead_unit(draft, convener, school_unit, actor_staff):
    with pytest.raises(ValidationError):
        services.plan_set_lead(version=draft, by=convener, lead=actor_staff, lead_unit=school_unit)


def test_case_lead_is_both_person_and_unit_or_neither(consented_case, convener, school_unit):
    with pytest.raises(ValidationError):
        case_services.case_set_lead(case=consented_case, by=convener, lead=convener, lead_unit=None)
    case_services.case_set_lead(case=consented_case, by=convener, lead=convener, lead_unit=school_unit)
    case_services.case_set_lead(case=consented_case, by=convener, lead=None, lead_unit=None)
    consented_case.refresh_from_db()
    assert consented_case.lead is None


def test_case_lead_unit_must_take_part_in_the_case(consented_case, convener, other_unit):
    lead = make_user(other_unit)
    with pytest.raises(ValidationError):
        case_services.case_set_lead(case=consented_case, by=convener, lead=lead, lead_unit=other_unit)


# Sign-off


def test_sign_off_goes_draft_partly_approved_approved(filled, convener, actor_staff, municipality, region):
    """Each principal with interventions signs its part, then the individual's agreement approves the version."""
    assert filled.status == PlanStatus.DRAFT
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    assert refreshed(filled).status == PlanStatus.PARTLY_APPROVED
    services.plan_approve_part(version=filled, by=actor_staff, principal=region)
    assert refreshed(filled).status == PlanStatus.PARTLY_APPROVED, "the individual has not agreed yet"
    services.plan_record_individual_agreement(version=filled, by=convener, how="oral", agreed_on=TODAY)
    version = refreshed(filled)
    assert version.status == PlanStatus.APPROVED
    assert version.approved_at is not None
    case = version.plan.case
    assert case.status == Step.ONGOING


def test_agreement_first_then_the_last_principal_approves(filled, convener, actor_staff, municipality, region):
    services.plan_record_individual_agreement(
        version=filled, by=convener, how="representative", agreed_on=TODAY, note="God man Eva"
    )
    assert refreshed(filled).status == PlanStatus.PARTLY_APPROVED
    services.plan_approve_part(version=filled, by=actor_staff, principal=region)
    assert refreshed(filled).status == PlanStatus.PARTLY_APPROVED, "the municipality has not approved"
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    assert refreshed(filled).status == PlanStatus.APPROVED


def test_a_principal_signs_only_through_its_own_staff(filled, actor_staff, municipality):
    with pytest.raises(PermissionDenied):
        services.plan_approve_part(version=filled, by=actor_staff, principal=municipality)
    assert not PrincipalApproval.objects.exists()


def test_a_principal_without_interventions_has_nothing_to_approve(filled, convener, actor_staff, municipality):
    filled.interventions.filter(unit__principal=municipality).delete()
    with pytest.raises(ValidationError) as error:
        services.plan_approve_part(version=filled, by=convener, principal=municipality)
    assert str(services.PRINCIPAL_HAS_NO_INTERVENTIONS) in messages_of(error.value)


def test_a_principal_approves_once(filled, convener, municipality):
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    with pytest.raises(ValidationError):
        services.plan_approve_part(version=filled, by=convener, principal=municipality)


def test_the_plan_needs_a_lead_before_sign_off(draft, convener, school_unit, municipality):
    services.intervention_add(version=draft, by=convener, what="Insats", unit=school_unit)
    with pytest.raises(ValidationError) as error:
        services.plan_approve_part(version=draft, by=convener, principal=municipality)
    assert str(services.LEAD_REQUIRED) in messages_of(error.value)


def test_agreement_date_cannot_be_in_the_future(filled, convener):
    with pytest.raises(ValidationError):
        services.plan_record_individual_agreement(
            version=filled, by=convener, how="oral", agreed_on=TODAY + datetime.timedelta(days=1)
        )


def test_changing_a_partly_approved_version_withdraws_its_sign_offs(filled, convener, municipality):
    """Sign-offs cover the content they were given to; a later change needs them again."""
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    services.plan_record_individual_agreement(version=filled, by=convener, how="oral", agreed_on=TODAY)
    services.plan_version_update(version=filled, by=convener, disagreements="Skolan och BUP är oense om tider.")
    version = refreshed(filled)
    assert version.status == PlanStatus.DRAFT
    assert not version.approvals.exists()
    assert version.individual_agreement == ""


# Immutability through every service


def _locked_writes(version, convener, school_unit, bup_unit, municipality):
    goal = version.goals.first()
    intervention = version.interventions.first()
    contact = version.contacts.first()
    return {
        "plan_version_update": lambda: services.plan_version_update(version=version, by=convener, long_term_goal="x"),
        "goal_add": lambda: services.goal_add(version=version, by=convener, text="x"),
        "goal_update": lambda: services.goal_update(goal=goal, by=convener, text="x"),
        "goal_remove": lambda: services.goal_remove(goal=goal, by=convener),
        "intervention_add": lambda: services.intervention_add(version=version, by=convener, what="x", unit=school_unit),
        "intervention_update": lambda: services.intervention_update(intervention=intervention, by=convener, what="x"),
        "intervention_remove": lambda: services.intervention_remove(intervention=intervention, by=convener),
        "contact_person_set": lambda: services.contact_person_set(
            version=version, by=convener, unit=bup_unit, name="x"
        ),
        "contact_person_remove": lambda: services.contact_person_remove(contact=contact, by=convener),
        "plan_set_lead": lambda: services.plan_set_lead(
            version=version, by=convener, lead=convener, lead_unit=school_unit, note="x"
        ),
        "plan_approve_part": lambda: services.plan_approve_part(version=version, by=convener, principal=municipality),
        "plan_record_individual_agreement": lambda: services.plan_record_individual_agreement(
            version=version, by=convener, how="written", agreed_on=TODAY
        ),
    }


def _snapshot(version):
    version = refreshed(version)
    return (
        [getattr(version, name) for name in (*PlanVersion.SECTION_FIELDS, "status", "lead_id", "individual_agreement")],
        list(Goal.objects.filter(version=version).values()),
        list(Intervention.objects.filter(version=version).values()),
        list(ContactPerson.objects.filter(version=version).values()),
        list(PrincipalApproval.objects.filter(version=version).values()),
    )


SERVICE_WRITES = [
    "plan_version_update",
    "goal_add",
    "goal_update",
    "goal_remove",
    "intervention_add",
    "intervention_update",
    "intervention_remove",
    "contact_person_set",
    "contact_person_remove",
    "plan_set_lead",
    "plan_approve_part",
    "plan_record_individual_agreement",
]


@pytest.mark.parametrize("service", SERVICE_WRITES)
def test_every_service_refuses_to_change_an_approved_version(
    approved, convener, school_unit, bup_unit, municipality, service
):
    before = _snapshot(approved)
    with pytest.raises(PlanVersionLocked) as error:
        _locked_writes(approved, convener, school_unit, bup_unit, municipality)[service]()
    assert "kan inte ändras" in messages_of(error.value)
    assert _snapshot(approved) == before


@pytest.mark.parametrize("service", SERVICE_WRITES)
def test_every_service_refuses_to_change_a_superseded_version(
    approved, revised, convener, school_unit, bup_unit, municipality, service
):
    old = refreshed(approved)
    before = _snapshot(old)
    with pytest.raises(PlanVersionLocked):
        _locked_writes(old, convener, school_unit, bup_unit, municipality)[service]()
    assert _snapshot(old) == before


# Interventions ongoing


def test_the_performing_unit_reports_status_after_approval(approved, actor_staff):
    """The one change allowed once approved: a status report row; the approved intervention itself is unchanged."""
    intervention = approved.interventions.get(unit__name="BUP Test")
    services.intervention_set_status(
        intervention=intervention, by=actor_staff, status=InterventionStatus.IN_PROGRESS, note="Första samtalet hållet"
    )
    intervention = Intervention.objects.get(pk=intervention.pk)
    assert intervention.current_status == InterventionStatus.IN_PROGRESS
    assert intervention.status == InterventionStatus.NOT_STARTED
    assert intervention.latest_status_update.note == "Första samtalet hållet"


def test_only_the_performing_unit_reports_status(approved, convener):
    intervention = approved.interventions.get(unit__name="BUP Test")
    with pytest.raises(PermissionDenied):
        services.intervention_set_status(intervention=intervention, by=convener, status=InterventionStatus.COMPLETED)
    assert not intervention.status_updates.exists()


def test_status_reports_are_for_the_approved_version_only(filled, actor_staff):
    intervention = filled.interventions.get(unit__name="BUP Test")
    with pytest.raises(ValidationError) as error:
        services.intervention_set_status(intervention=intervention, by=actor_staff, status=InterventionStatus.ON_HOLD)
    assert str(services.STATUS_ONLY_WHEN_APPROVED) in messages_of(error.value)


def test_no_status_reports_on_a_superseded_version(approved, revised, actor_staff):
    intervention = Intervention.objects.get(version=approved, unit__name="BUP Test")
    with pytest.raises(PlanVersionLocked):
        services.intervention_set_status(intervention=intervention, by=actor_staff, status=InterventionStatus.ON_HOLD)


def test_an_actor_reports_an_event_and_the_lead_decides(approved, actor_staff, convener, consented_case, bup_unit):
    event = services.plan_event_report(case=consented_case, by=actor_staff, text="Eleven har bytt boende.")
    assert (event.unit, event.version, event.lead_decision) == (bup_unit, approved, "")
    assert services.plan_events_mark_seen(case=consented_case, by=convener) == 1
    event = services.plan_event_decide(event=event, by=convener, decision=LeadDecision.BRING_FORWARD, note="Ny tid")
    assert event.lead_decision == LeadDecision.BRING_FORWARD
    assert event.seen_by_lead_at is not None and event.decided_by == convener
    with pytest.raises(ValidationError):
        services.plan_event_decide(event=event, by=convener, decision=LeadDecision.NOTED)


def test_only_the_lead_decides_on_events(approved, actor_staff, consented_case):
    event = services.plan_event_report(case=consented_case, by=actor_staff, text="Något hände.")
    with pytest.raises(PermissionDenied):
        services.plan_event_decide(event=event, by=actor_staff, decision=LeadDecision.NOTED)


def test_events_need_a_plan(consented_case, actor_staff):
    with pytest.raises(ValidationError):
        services.plan_event_report(case=consented_case, by=actor_staff, text="Något hände.")


# Follow-up: a new version


def test_revision_starts_version_two_and_supersedes_the_approved_one(approved, revised, consented_case):
    old = refreshed(approved)
    assert (revised.number, revised.status, revised.replaces) == (2, PlanStatus.DRAFT, old)
    assert old.status == PlanStatus.SUPERSEDED and old.superseded_at is not None
    consented_case.refresh_from_db()
    assert consented_case.status == Step.FOLLOW_UP


def test_revision_copies_every_section_and_carries_goals_and_interventions(approved, revised, actor_staff):
    for name in PlanVersion.SECTION_FIELDS:
        assert getattr(revised, name) == getattr(approved, name), name
    assert (revised.lead_id, revised.lead_unit_id) == (approved.lead_id, approved.lead_unit_id)
    assert revised.follow_up_on is None
    old_goals = {goal.pk: goal for goal in approved.goals.all()}
    new_goals = list(revised.goals.all())
    assert len(new_goals) == len(old_goals)
    for goal in new_goals:
        source = old_goals[goal.carried_from_id]
        assert (goal.text, goal.position, goal.evaluation) == (source.text, source.position, "")
        if source.parent_id:
            assert goal.parent.carried_from_id == source.parent_id
    old_interventions = {i.pk: i for i in approved.interventions.all()}
    for intervention in revised.interventions.all():
        source = old_interventions[intervention.carried_from_id]
        assert (intervention.what, intervention.unit_id) == (source.what, source.unit_id)
        assert (intervention.effect, intervention.evaluation_decision, intervention.delivered_as_planned) == (
            "",
            "",
            None,
        )
        if source.goal_id:
            assert intervention.goal.carried_from_id == source.goal_id
    assert list(revised.contacts.values_list("unit_id", "user_id")) == list(
        approved.contacts.values_list("unit_id", "user_id")
    )


def test_revision_carries_the_status_last_reported(approved, actor_staff, convener, follow_up_meeting):
    intervention = approved.interventions.get(unit__name="BUP Test")
    services.intervention_set_status(intervention=intervention, by=actor_staff, status=InterventionStatus.IN_PROGRESS)
    new = services.plan_revise(version=approved, by=convener, meeting=follow_up_meeting)
    assert new.interventions.get(carried_from=intervention).status == InterventionStatus.IN_PROGRESS


def test_the_follow_up_evaluates_goals_and_interventions_in_the_new_version(revised, convener):
    goal = revised.goals.first()
    services.goal_update(goal=goal, by=convener, evaluation=GoalEvaluation.PARTLY_MET, evaluation_note="Tre dagar")
    intervention = revised.interventions.first()
    services.intervention_update(
        intervention=intervention,
        by=convener,
        delivered_as_planned=True,
        effect="Färre sjukdagar",
        evaluation_decision=InterventionDecision.ADJUST,
    )
    assert Goal.objects.get(pk=goal.pk).evaluation == GoalEvaluation.PARTLY_MET
    assert Intervention.objects.get(pk=intervention.pk).evaluation_decision == InterventionDecision.ADJUST
    assert not Goal.objects.get(pk=goal.carried_from_id).evaluation


def test_revision_is_refused_from_a_draft(filled, convener, follow_up_meeting):
    with pytest.raises(ValidationError) as error:
        services.plan_revise(version=filled, by=convener, meeting=follow_up_meeting)
    assert str(services.REVISE_ONLY_APPROVED) in messages_of(error.value)


def test_revision_is_refused_from_a_superseded_version(approved, revised, convener, make_meeting):
    another = make_meeting(kind=MeetingKind.FOLLOW_UP, days_ago=0)
    with pytest.raises(ValidationError) as error:
        services.plan_revise(version=approved, by=convener, meeting=another)
    assert str(services.REVISE_ONLY_APPROVED) in messages_of(error.value)
    assert PlanVersion.objects.filter(plan=approved.plan).count() == 2


@pytest.mark.parametrize(
    ("kind", "status"),
    [(MeetingKind.FOLLOW_UP, MeetingStatus.SENT), (MeetingKind.SIP, MeetingStatus.HELD)],
    ids=["follow-up not held", "not a follow-up"],
)
def test_revision_needs_a_held_follow_up(approved, convener, make_meeting, kind, status):
    meeting = make_meeting(kind=kind, status=status, days_ago=0)
    with pytest.raises(ValidationError) as error:
        services.plan_revise(version=approved, by=convener, meeting=meeting)
    assert str(services.REVISE_NEEDS_FOLLOW_UP) in messages_of(error.value)
    assert refreshed(approved).status == PlanStatus.APPROVED


def test_a_follow_up_makes_one_version(
    approved, revised, convener, follow_up_meeting, actor_staff, municipality, region
):
    services.plan_approve_part(version=revised, by=convener, principal=municipality)
    services.plan_approve_part(version=revised, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=revised, by=convener, how="oral", agreed_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.plan_revise(version=refreshed(revised), by=convener, meeting=follow_up_meeting)
    assert str(services.MEETING_HAS_VERSION) in messages_of(error.value)


def test_a_new_lead_at_follow_up_is_recorded_in_the_version(revised, convener, actor_staff, bup_unit, consented_case):
    with pytest.raises(ValidationError) as error:
        services.plan_set_lead(version=revised, by=convener, lead=actor_staff, lead_unit=bup_unit)
    assert str(services.LEAD_CHANGE_NOTE_REQUIRED) in messages_of(error.value)
    services.plan_set_lead(
        version=revised, by=convener, lead=actor_staff, lead_unit=bup_unit, note="Skolan har inte längre störst ansvar."
    )
    version = refreshed(revised)
    assert (version.lead, version.lead_unit) == (actor_staff, bup_unit)
    assert version.lead_change_note == "Skolan har inte längre störst ansvar."
    assert version.replaces.lead == convener
    consented_case.refresh_from_db()
    assert consented_case.lead == actor_staff


# Closure


def test_the_lead_closes_the_case_at_a_follow_up(approved, convener, follow_up_meeting, consented_case):
    services.plan_close_case(
        case=consented_case,
        by=convener,
        reason=CloseReason.GOALS_MET,
        note="Om behovet kommer tillbaka: ring elevhälsan på 021-10 10 10.",
    )
    consented_case.refresh_from_db()
    assert consented_case.status == Step.CLOSED
    assert consented_case.close_reason == CloseReason.GOALS_MET
    assert "021-10 10 10" in consented_case.close_note
    assert refreshed(approved).status == PlanStatus.APPROVED


def test_staff_of_the_lead_unit_may_close_for_the_lead(approved, follow_up_meeting, consented_case, school_unit):
    colleague = make_user(school_unit)
    services.plan_close_case(case=consented_case, by=colleague, reason=CloseReason.NO_LONGER_NEEDED, note="Ring oss.")
    consented_case.refresh_from_db()
    assert consented_case.is_closed


def test_only_the_lead_closes(approved, actor_staff, follow_up_meeting, consented_case):
    with pytest.raises(PermissionDenied):
        services.plan_close_case(case=consented_case, by=actor_staff, reason=CloseReason.GOALS_MET, note="Ring oss.")


def test_closure_waits_for_a_held_follow_up(approved, convener, consented_case):
    with pytest.raises(ValidationError) as error:
        services.plan_close_case(case=consented_case, by=convener, reason=CloseReason.GOALS_MET, note="Ring oss.")
    assert str(services.CLOSE_NEEDS_FOLLOW_UP) in messages_of(error.value)


def test_closure_tells_where_to_turn(approved, convener, follow_up_meeting, consented_case):
    with pytest.raises(ValidationError) as error:
        services.plan_close_case(case=consented_case, by=convener, reason=CloseReason.GOALS_MET, note="  ")
    assert str(services.CLOSE_NOTE_REQUIRED) in messages_of(error.value)


def test_a_closed_case_refuses_plan_changes(revised, convener, follow_up_meeting, consented_case):
    services.plan_close_case(case=consented_case, by=convener, reason=CloseReason.OTHER, note="Ring oss.")
    with pytest.raises(ValidationError) as error:
        services.goal_add(version=revised, by=convener, text="Efter avslut")
    assert "avslutat" in messages_of(error.value)


# Audit


def test_every_service_call_writes_its_audit_row(
    consented_case, convener, actor_staff, sip_meeting, follow_up_meeting, school_unit, bup_unit, municipality, region
):
    """Each call adds at least one audit event naming the person, in the same transaction as the change."""

    def audited(call, summary):
        before = AuditEvent.objects.count()
        result = call()
        events = AuditEvent.objects.order_by("id")[before:]
        assert events, summary
        assert all(event.person_id == consented_case.person_id for event in events), summary
        assert any(event.summary.startswith(summary) for event in events), summary
        return result

    v1 = audited(
        lambda: services.plan_version_create(case=consented_case, by=convener, meeting=sip_meeting),
        "plan_version_create",
    )
    audited(lambda: services.plan_version_update(version=v1, by=convener, long_term_goal="Mål"), "plan_version_update")
    goal = audited(lambda: services.goal_add(version=v1, by=convener, text="Mål"), "goal_add")
    audited(lambda: services.goal_update(goal=goal, by=convener, text="Mål 2"), "goal_update")
    extra_goal = services.goal_add(version=v1, by=convener, text="Tas bort")
    audited(lambda: services.goal_remove(goal=extra_goal, by=convener), "goal_remove")
    school = audited(
        lambda: services.intervention_add(version=v1, by=convener, what="Stöd", unit=school_unit), "intervention_add"
    )
    audited(
        lambda: services.intervention_update(intervention=school, by=convener, what="Stöd 2"), "intervention_update"
    )
    extra = services.intervention_add(version=v1, by=convener, what="Tas bort", unit=school_unit)
    audited(lambda: services.intervention_remove(intervention=extra, by=convener), "intervention_remove")
    bup = services.intervention_add(version=v1, by=convener, what="Samtal", unit=bup_unit)
    contact = audited(
        lambda: services.contact_person_set(version=v1, by=convener, unit=bup_unit, name="Kim"), "contact_person_set"
    )
    audited(lambda: services.contact_person_remove(contact=contact, by=convener), "contact_person_remove")
    audited(
        lambda: services.plan_set_lead(version=v1, by=convener, lead=convener, lead_unit=school_unit), "plan_set_lead"
    )
    audited(lambda: services.plan_approve_part(version=v1, by=convener, principal=municipality), "plan_approve_part")
    audited(lambda: services.plan_approve_part(version=v1, by=actor_staff, principal=region), "plan_approve_part")
    audited(
        lambda: services.plan_record_individual_agreement(version=v1, by=convener, how="oral", agreed_on=TODAY),
        "plan_record_individual_agreement",
    )
    audited(
        lambda: services.intervention_set_status(intervention=bup, by=actor_staff, status="in-progress"),
        "intervention_set_status",
    )
    event = audited(
        lambda: services.plan_event_report(case=consented_case, by=actor_staff, text="Händelse"), "plan_event_report"
    )
    audited(lambda: services.plan_events_mark_seen(case=consented_case, by=convener), "plan_events_mark_seen")
    audited(
        lambda: services.plan_event_decide(event=event, by=convener, decision=LeadDecision.NOTED), "plan_event_decide"
    )
    audited(lambda: services.plan_revise(version=v1, by=convener, meeting=follow_up_meeting), "plan_revise")
    audited(
        lambda: services.plan_close_case(case=consented_case, by=convener, reason="goals_met", note="Ring oss."),
        "case_close",
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary="plan_revise").count() == 1
