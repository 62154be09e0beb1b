"""Writes in steps 4 and 5: the invitation, the answers, changes after sending and the meeting record, with the
permission rules and the audit row of every call."""

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import CaseStep, Step
from samordna.cases.policies import CONSENT_REQUIRED, can_view_case
from samordna.common import clock
from samordna.meetings import services
from samordna.meetings.models import (
    Answer,
    ChairKind,
    Invitation,
    InvitationStatus,
    MeetingChange,
    MeetingChangeKind,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
    ProcedureCode,
)
from samordna.meetings.policies import NOT_CONVENER, NOT_INVITED_UNIT
from samordna.organizations.models import Principal, PrincipalKind, Sector, Unit
from samordna.people.models import Guardian, RepresentativeKind
from samordna.people.services import guardian_add, related_person_add, representative_add
from tests.conftest import TODAY, make_user
from tests.meetings.conftest import (
    MEETING_AT,
    PURPOSE,
    at,
    discharge_case,
    give_consent,
    propose,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
AFTER_START = MEETING_AT + datetime.timedelta(hours=1)


@contextlib.contextmanager
def audit_events():
    """Collect the audit rows written inside the block, oldest first."""
    last_id = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    events: list[AuditEvent] = []
    yield events
    events.extend(AuditEvent.objects.filter(id__gt=last_id).order_by("id"))


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def send_on(moment, case, by, units, **overrides):
    """Propose and send a meeting at `moment` (the meeting itself is a month later)."""
    with clock.frozen_clock(moment):
        meeting = propose(case, by, units=units, starts_at=moment + datetime.timedelta(days=30), **overrides)
        return services.meeting_send(meeting=meeting, by=by)


# --- due dates of the answer ----------------------------------------------------------------------------------


def test_answer_is_due_the_next_working_day(sent_meeting, bup_invitation):
    """Sent on Monday 23 November: BUP answers by Tuesday."""
    assert bup_invitation.received_at == clock.now()
    assert bup_invitation.answer_due_on == datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("sent_on", "due_on"),
    [
        (datetime.date(2026, 11, 27), datetime.date(2026, 11, 30)),  # Friday -> Monday
        (datetime.date(2027, 3, 25), datetime.date(2027, 3, 30)),  # Maundy Thursday -> Tuesday after Easter Monday
        (datetime.date(2026, 12, 23), datetime.date(2026, 12, 28)),  # before Christmas Eve -> Monday after
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)),  # New Year's Eve -> Monday after New Year
        (datetime.date(2027, 6, 24), datetime.date(2027, 6, 28)),  # Thursday before Midsummer Eve -> Monday
    ],
)
def test_answer_due_date_skips_weekends_and_holidays(consented_case, convener, bup_unit, sent_on, due_on):
    meeting = send_on(at(sent_on, 10), consented_case, convener, [bup_unit])
    assert meeting.invitations.get().answer_due_on == due_on


def test_received_date_is_the_swedish_date_not_the_servers(consented_case, convener, bup_unit):
    """23.30 UTC on Thursday is already Friday in Sweden, so the answer is due on Monday."""
    late_thursday_utc = datetime.datetime(2026, 11, 26, 23, 30, tzinfo=datetime.UTC)
    meeting = send_on(late_thursday_utc, consented_case, convener, [bup_unit])
    assert meeting.invitations.get().answer_due_on == datetime.date(2026, 11, 30)


def test_answer_due_date_follows_the_routine_profile(consented_case, convener, bup_unit):
    profile = consented_case.routine_profile
    profile.invitation_answer_working_days = 2
    profile.save()
    meeting = send_on(at(datetime.date(2026, 11, 27), 9), consented_case, convener, [bup_unit])
    assert meeting.invitations.get().answer_due_on == datetime.date(2026, 12, 1)


def test_discharge_answer_is_due_within_three_days_of_the_notice(
    care_contact, care_centre, ward, adult, bup_unit, other_unit
):
    """Notice on Friday 20 November: everything must be in place by Monday 23, earlier than the working-day
    rule would give (Tuesday 24)."""
    case = discharge_case(
        care_contact, care_centre, ward, adult, [bup_unit], notice_sent_at=at(datetime.date(2026, 11, 20), 9)
    )
    meeting = propose(case, care_contact, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=care_contact)
    assert meeting.invitations.get().answer_due_on == datetime.date(2026, 11, 23)


def test_discharge_answer_keeps_the_working_day_rule_when_it_is_earlier(
    care_contact, care_centre, ward, adult, bup_unit
):
    """Notice sent today: three calendar days (Thursday) is later than the next working day (Tuesday)."""
    case = discharge_case(care_contact, care_centre, ward, adult, [bup_unit], notice_sent_at=at(TODAY, 8))
    meeting = propose(case, care_contact, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=care_contact)
    assert meeting.invitations.get().answer_due_on == datetime.date(2026, 11, 24)


def test_discharge_answer_is_never_due_before_it_was_received(care_contact, care_centre, ward, adult, bup_unit):
    """A late invitation is overdue from the start on the case's deadline, but its answer is due the day it
    arrives, not in the past."""
    case = discharge_case(
        care_contact, care_centre, ward, adult, [bup_unit], notice_sent_at=at(datetime.date(2026, 11, 16), 9)
    )
    meeting = propose(case, care_contact, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=care_contact)
    assert meeting.invitations.get().answer_due_on == TODAY


# --- proposing ------------------------------------------------------------------------------------------------


def test_propose_saves_a_draft_with_the_consents_content(consented_case, convener, bup_unit, school_unit):
    meeting = propose(consented_case, convener, units=[bup_unit], include_individual=True)
    assert meeting.status == MeetingStatus.DRAFT
    assert (meeting.organiser, meeting.organiser_unit) == (convener, school_unit)
    summary = meeting.consent_summary
    for text in ("den enskilde", "skriftligt", "2026-11-23", "BUP Test", "Testskolan elevhälsa", "behövs för planen"):
        assert text in summary
    invitation = meeting.invitations.get()
    assert (invitation.unit, invitation.status, invitation.received_at) == (bup_unit, InvitationStatus.DRAFT, None)
    assert invitation.is_summoned
    assert list(meeting.participants.values_list("kind", flat=True)) == [ParticipantKind.INDIVIDUAL]
    assert not MeetingChange.objects.filter(meeting=meeting).exists()


def test_propose_keeps_a_consent_summary_written_by_the_convener(consented_case, convener):
    meeting = propose(consented_case, convener, consent_summary="Muntligt samtycke, allt utom skolbetyg.")
    assert meeting.consent_summary == "Muntligt samtycke, allt utom skolbetyg."


def test_propose_lists_exclusions_in_the_consent_summary(consented_case, convener, school_unit, bup_unit):
    give_consent(consented_case, convener, [school_unit, bup_unit], exclusions="Inget om tidigare missbruk")
    meeting = propose(consented_case, convener)
    assert "Får INTE delas: Inget om tidigare missbruk" in meeting.consent_summary


def test_staff_of_an_actor_unit_cannot_call_a_meeting(consented_case, actor_staff, bup_unit):
    """Invitations come from the convener's unit (or the lead's), not from any actor."""
    with pytest.raises(PermissionDenied) as error:
        propose(consented_case, actor_staff, units=[bup_unit])
    assert str(error.value) == str(NOT_CONVENER)


def test_lead_unit_staff_call_the_follow_up_from_their_unit(consented_case, actor_staff, bup_unit, school_unit):
    consented_case.lead, consented_case.lead_unit = actor_staff, bup_unit
    consented_case.save()
    meeting = propose(consented_case, actor_staff, kind=MeetingKind.FOLLOW_UP, units=[school_unit])
    assert meeting.organiser_unit == bup_unit


def test_a_manager_of_the_convener_unit_may_call_a_meeting(consented_case, manager):
    assert propose(consented_case, manager).organiser == manager


def test_propose_is_refused_without_consent_in_force(case, convener):
    with pytest.raises(ValidationError) as error:
        propose(case, convener)
    assert message_of(error.value) == str(CONSENT_REQUIRED)


def test_a_pre_meeting_without_the_individuals_consent_is_refused(consented_case, convener, bup_unit):
    with pytest.raises(ValidationError) as error:
        propose(consented_case, convener, kind=MeetingKind.PRE_MEETING, units=[bup_unit])
    assert "pre_meeting_consented" in error.value.message_dict


def test_a_pre_meeting_with_consent_is_for_professionals_only(consented_case, convener, bup_unit):
    meeting = propose(consented_case, convener, kind=MeetingKind.PRE_MEETING, pre_meeting_consented=True)
    with pytest.raises(ValidationError) as error:
        services.meeting_add_participant(meeting=meeting, by=convener, kind=ParticipantKind.INDIVIDUAL)
    assert str(services.PRE_MEETING_PROFESSIONALS_ONLY) in message_of(error.value)
    external = services.meeting_add_participant(
        meeting=meeting, by=convener, kind=ParticipantKind.EXTERNAL, organisation="Försäkringskassan", phone="0771"
    )
    assert external.pk


def test_a_meeting_cannot_be_called_in_the_past(consented_case, convener):
    with pytest.raises(ValidationError) as error:
        propose(consented_case, convener, starts_at=clock.now() - DAY)
    assert error.value.message_dict["starts_at"] == [str(services.MEETING_IN_PAST)]


@pytest.mark.parametrize(
    ("form", "field"),
    [(MeetingForm.PHYSICAL, "place"), (MeetingForm.DIGITAL, "digital_link"), (MeetingForm.PHONE, "phone_details")],
)
def test_each_meeting_form_needs_its_place_link_or_number(consented_case, convener, form, field):
    with pytest.raises(ValidationError) as error:
        propose(consented_case, convener, form=form, place="")
    assert field in error.value.message_dict


def test_the_organisers_own_unit_is_not_invited(consented_case, convener, school_unit):
    with pytest.raises(ValidationError) as error:
        propose(consented_case, convener, units=[school_unit])
    assert error.value.message_dict["unit"] == [str(services.ORGANISER_UNIT_NOT_INVITED)]


def test_update_draft_changes_details_until_it_is_sent(draft_meeting, convener):
    services.meeting_update_draft(meeting=draft_meeting, by=convener, purpose="Nytt syfte", duration_minutes=60)
    draft_meeting.refresh_from_db()
    assert (draft_meeting.purpose, draft_meeting.duration_minutes) == ("Nytt syfte", 60)
    services.meeting_send(meeting=draft_meeting, by=convener)
    with pytest.raises(ValidationError) as error:
        services.meeting_update_draft(meeting=draft_meeting, by=convener, purpose="Ännu ett")
    assert message_of(error.value) == str(services.MEETING_NOT_DRAFT)


def test_update_draft_refuses_unknown_fields(draft_meeting, convener):
    with pytest.raises(ValueError, match="status"):
        services.meeting_update_draft(meeting=draft_meeting, by=convener, status="held")


# --- sending --------------------------------------------------------------------------------------------------


def test_send_creates_one_invitation_per_unit_and_moves_the_case_on(
    consented_case, convener, bup_unit, social_unit, school_unit
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    meeting = propose(consented_case, convener, units=[bup_unit, social_unit])
    services.meeting_send(meeting=meeting, by=convener)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sent_at) == (MeetingStatus.SENT, clock.now())
    invitations = list(meeting.invitations.order_by("unit__name"))
    assert [inv.unit for inv in invitations] == [bup_unit, social_unit]
    assert {inv.status for inv in invitations} == {InvitationStatus.SENT}
    assert {inv.answer_due_on for inv in invitations} == {TODAY + DAY}
    consented_case.refresh_from_db()
    assert consented_case.status == Step.INVITATION
    change = meeting.changes.get()
    assert change.kind == MeetingChangeKind.SENT
    assert "BUP Test" in change.summary and "Socialtjänsten IFO" in change.summary


def test_send_makes_an_invited_unit_an_actor_so_its_staff_can_open_the_case(
    consented_case, convener, school_unit, bup_unit, social_unit, social_staff
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    assert not can_view_case(social_staff, consented_case)
    meeting = propose(consented_case, convener, units=[bup_unit, social_unit])
    services.meeting_send(meeting=meeting, by=convener)
    assert can_view_case(social_staff, consented_case)
    assert meeting.invitations.get(unit=social_unit).joined_case
    assert not meeting.invitations.get(unit=bup_unit).joined_case


def test_send_is_refused_when_the_consent_does_not_cover_a_unit(consented_case, convener, bup_unit, other_unit):
    meeting = propose(consented_case, convener, units=[bup_unit, other_unit])
    with pytest.raises(ValidationError) as error:
        services.meeting_send(meeting=meeting, by=convener)
    assert error.value.message_dict["units"] == [
        str(services.UNITS_NOT_COVERED % {"units": "Vårdcentralen Annanstans"})
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert not meeting.invitations.exclude(status=InvitationStatus.DRAFT).exists()
    assert not consented_case.actors.filter(unit=other_unit).exists()


def test_send_needs_at_least_one_invited_unit(consented_case, convener):
    meeting = propose(consented_case, convener)
    with pytest.raises(ValidationError) as error:
        services.meeting_send(meeting=meeting, by=convener)
    assert error.value.message_dict["units"] == [str(services.NO_UNITS_INVITED)]


def test_a_meeting_is_sent_only_once(sent_meeting, convener):
    with pytest.raises(ValidationError):
        services.meeting_send(meeting=sent_meeting, by=convener)


def test_a_pre_meeting_does_not_move_the_case_to_the_invitation_step(consented_case, convener, bup_unit):
    meeting = propose(
        consented_case, convener, kind=MeetingKind.PRE_MEETING, pre_meeting_consented=True, units=[bup_unit]
    )
    services.meeting_send(meeting=meeting, by=convener)
    assert not CaseStep.objects.filter(case=consented_case, step=Step.INVITATION).exists()


def test_send_is_refused_to_an_actor_unit(draft_meeting, actor_staff):
    with pytest.raises(PermissionDenied):
        services.meeting_send(meeting=draft_meeting, by=actor_staff)


# --- answers --------------------------------------------------------------------------------------------------


def answer(invitation, by, kind, **fields):
    return services.invitation_answer(invitation=invitation, by=by, answer=kind, **fields)


def test_invited_unit_accepts_with_named_attendees(bup_invitation, actor_staff, sent_meeting):
    answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff], attendee_names="Läkare Lina Läkare")
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.ACCEPTED
    assert list(bup_invitation.attendees.all()) == [actor_staff]
    assert bup_invitation.attendee_names == "Läkare Lina Läkare"
    assert (bup_invitation.answered_by, bup_invitation.answered_at) == (actor_staff, clock.now())
    change = sent_meeting.changes.latest("id")
    assert (change.kind, change.unit) == (MeetingChangeKind.ANSWERED, bup_invitation.unit)
    assert change.summary == "BUP Test svarade: Accepterad."


def test_accepting_needs_someone_who_comes(bup_invitation, actor_staff):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.ACCEPT)
    assert error.value.message_dict["attendees"] == [str(services.ACCEPT_NEEDS_ATTENDEE)]


def test_attendees_must_work_in_the_invited_unit(bup_invitation, actor_staff, convener):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[convener])
    assert error.value.message_dict["attendees"] == [str(services.ATTENDEE_NOT_IN_UNIT)]


def test_invited_unit_sends_a_substitute(bup_invitation, actor_staff):
    answer(bup_invitation, actor_staff, Answer.SUBSTITUTE, substitute_name="Sam Ersättare, psykolog")
    bup_invitation.refresh_from_db()
    assert (bup_invitation.status, bup_invitation.substitute_name) == (
        InvitationStatus.SUBSTITUTE,
        "Sam Ersättare, psykolog",
    )


def test_a_substitute_needs_a_name(bup_invitation, actor_staff):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.SUBSTITUTE)
    assert "substitute_name" in error.value.message_dict


def test_invited_unit_declines_with_a_reason(bup_invitation, actor_staff):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.DECLINE)
    assert "decline_reason" in error.value.message_dict
    answer(bup_invitation, actor_staff, Answer.DECLINE, decline_reason="Ingen pågående kontakt.")
    bup_invitation.refresh_from_db()
    assert (bup_invitation.status, bup_invitation.decline_reason) == (
        InvitationStatus.DECLINED,
        "Ingen pågående kontakt.",
    )


def test_an_answer_can_be_changed_and_the_old_details_go(bup_invitation, actor_staff):
    answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    answer(bup_invitation, actor_staff, Answer.DECLINE, decline_reason="Sjuk.")
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.DECLINED
    assert not bup_invitation.attendees.exists()


def test_wrong_unit_returns_the_invitation_to_the_convener_with_a_note(bup_invitation, actor_staff, sent_meeting):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.WRONG_UNIT)
    assert "wrong_unit_note" in error.value.message_dict
    answer(bup_invitation, actor_staff, Answer.WRONG_UNIT, wrong_unit_note="Kalla vuxenpsykiatrin i stället.")
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.WRONG_UNIT
    assert bup_invitation.wrong_unit_note == "Kalla vuxenpsykiatrin i stället."
    assert sent_meeting.changes.latest("id").summary == "BUP Test returnerade kallelsen som fel mottagare."
    with pytest.raises(ValidationError):
        answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])


def test_a_unit_that_joined_only_through_the_invitation_leaves_when_it_is_the_wrong_unit(
    consented_case, convener, school_unit, bup_unit, social_unit, social_staff
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    meeting = propose(consented_case, convener, units=[social_unit])
    services.meeting_send(meeting=meeting, by=convener)
    invitation = meeting.invitations.get()
    answer(invitation, social_staff, Answer.WRONG_UNIT, wrong_unit_note="Vi har inget ärende.")
    assert not can_view_case(social_staff, consented_case)


def test_a_unit_that_was_an_actor_before_stays_when_it_is_the_wrong_unit(bup_invitation, actor_staff, consented_case):
    answer(bup_invitation, actor_staff, Answer.WRONG_UNIT, wrong_unit_note="Fel mottagning.")
    assert can_view_case(actor_staff, consented_case)


def test_forward_within_the_principal_creates_an_invitation_with_its_own_due_date(
    consented_case, convener, school_unit, bup_unit, other_unit, bup_invitation, actor_staff, outsider, sent_meeting
):
    """BUP forwards to the health centre of the same region; the consent covers it."""
    give_consent(consented_case, convener, [school_unit, bup_unit, other_unit])
    with clock.frozen_clock(at(datetime.date(2026, 11, 24), 9)):
        answer(bup_invitation, actor_staff, Answer.FORWARD, forward_to=other_unit, wrong_unit_note="Hon går där.")
    bup_invitation.refresh_from_db()
    forwarded = bup_invitation.forwarded_to
    assert bup_invitation.status == InvitationStatus.FORWARDED
    assert (forwarded.unit, forwarded.status) == (other_unit, InvitationStatus.SENT)
    assert forwarded.answer_due_on == datetime.date(2026, 11, 25)
    assert forwarded.joined_case
    assert can_view_case(outsider, consented_case)
    assert can_view_case(actor_staff, consented_case)
    assert sent_meeting.changes.latest("id").summary == (
        "BUP Test vidarebefordrade kallelsen till Vårdcentralen Annanstans."
    )
    answer(forwarded, outsider, Answer.ACCEPT, attendees=[outsider])


def test_forward_to_another_principal_is_refused(bup_invitation, actor_staff, social_unit):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.FORWARD, forward_to=social_unit)
    assert error.value.message_dict["forward_to"] == [str(services.FORWARD_OTHER_PRINCIPAL)]
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.SENT


def test_forward_to_a_unit_outside_the_consent_is_refused_so_the_answer_must_be_wrong_unit(
    bup_invitation, actor_staff, other_unit
):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.FORWARD, forward_to=other_unit)
    assert error.value.message_dict["forward_to"] == [str(services.FORWARD_NOT_COVERED)]
    assert not Invitation.objects.filter(unit=other_unit).exists()


def test_forward_needs_a_unit(bup_invitation, actor_staff):
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.FORWARD)
    assert "forward_to" in error.value.message_dict


@pytest.mark.parametrize("persona", ["convener", "manager", "outsider"])
def test_only_staff_of_the_invited_unit_answer(request, bup_invitation, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied) as error:
        answer(bup_invitation, user, Answer.ACCEPT, attendee_names="Någon")
    assert str(error.value) == str(NOT_INVITED_UNIT)


def test_the_invited_units_manager_may_answer(bup_invitation, bup_unit):
    from samordna.organizations.models import Role

    bup_manager = make_user(bup_unit, Role.MANAGER)
    answer(bup_invitation, bup_manager, Answer.SUBSTITUTE, substitute_name="Vikarie")
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.SUBSTITUTE


def test_answers_after_the_meeting_was_withdrawn_are_refused(bup_invitation, actor_staff, sent_meeting, convener):
    services.meeting_withdraw(meeting=sent_meeting, by=convener, reason="Den enskilde är sjuk.")
    with pytest.raises(ValidationError) as error:
        answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    assert message_of(error.value) == str(services.MEETING_WITHDRAWN)


def test_a_draft_invitation_cannot_be_answered(draft_meeting, actor_staff):
    with pytest.raises(ValidationError):
        answer(draft_meeting.invitations.get(), actor_staff, Answer.ACCEPT, attendees=[actor_staff])


def test_an_unanswered_invitation_is_overdue_after_its_due_date(bup_invitation, actor_staff):
    assert not bup_invitation.is_overdue
    with clock.frozen_clock(TODAY + 2 * DAY):
        assert bup_invitation.is_overdue
        answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
        bup_invitation.refresh_from_db()
        assert not bup_invitation.is_overdue


# --- units and participants -----------------------------------------------------------------------------------


def test_a_unit_added_to_a_draft_waits_for_the_send(draft_meeting, convener, social_unit):
    invitation = services.meeting_add_unit(
        meeting=draft_meeting, by=convener, unit=social_unit, expected_contribution="Försörjningsstöd"
    )
    assert (invitation.status, invitation.answer_due_on) == (InvitationStatus.DRAFT, None)
    assert not draft_meeting.changes.exists()


def test_a_unit_added_after_sending_gets_its_invitation_at_once(
    sent_meeting, convener, consented_case, school_unit, bup_unit, social_unit
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    invitation = services.meeting_add_unit(meeting=sent_meeting, by=convener, unit=social_unit)
    assert invitation.status == InvitationStatus.SENT
    assert invitation.answer_due_on == TODAY + DAY
    change = sent_meeting.changes.latest("id")
    assert (change.kind, change.unit, change.summary) == (
        MeetingChangeKind.UNIT_ADDED,
        social_unit,
        "Socialtjänsten IFO kallad.",
    )


def test_a_unit_added_after_sending_must_be_covered_by_consent(sent_meeting, convener, social_unit):
    with pytest.raises(ValidationError) as error:
        services.meeting_add_unit(meeting=sent_meeting, by=convener, unit=social_unit)
    assert "unit" in error.value.message_dict


def test_a_unit_is_invited_only_once(draft_meeting, convener, bup_unit):
    with pytest.raises(ValidationError) as error:
        services.meeting_add_unit(meeting=draft_meeting, by=convener, unit=bup_unit)
    assert error.value.message_dict["unit"] == [str(services.UNIT_ALREADY_INVITED)]


def test_an_other_kind_of_principal_is_invited_not_summoned(draft_meeting, convener):
    agency = Principal.objects.create(name="Försäkringskassan", kind=PrincipalKind.OTHER)
    unit = Unit.objects.create(principal=agency, name="FK Västerås", sector=Sector.OTHER)
    assert not services.meeting_add_unit(meeting=draft_meeting, by=convener, unit=unit).is_summoned


def test_removing_a_unit_from_a_draft_drops_its_invitation(draft_meeting, convener):
    invitation = draft_meeting.invitations.get()
    services.meeting_remove_unit(invitation=invitation, by=convener)
    assert not draft_meeting.invitations.exists()


def test_removing_a_unit_after_sending_withdraws_its_invitation_and_tells_everyone(
    sent_meeting, convener, bup_invitation, actor_staff
):
    services.meeting_remove_unit(invitation=bup_invitation, by=convener, note="Behövs inte på detta möte.")
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.WITHDRAWN
    change = sent_meeting.changes.latest("id")
    assert change.kind == MeetingChangeKind.UNIT_REMOVED
    assert change.summary == "Kallelsen till BUP Test återkallad: Behövs inte på detta möte."
    with pytest.raises(ValidationError):
        answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])


def test_participants_from_the_circle_and_outside(child, convener, school_unit, bup_unit, profile):
    case = case_services.case_start(
        by=convener, person=child, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
    )
    guardian = guardian_add(person=child, by=convener, name="Vera Exempelsson", phone="070-111 11 11")
    grandmother = related_person_add(person=child, by=convener, name="Mormor Mona", relation="mormor")
    give_consent(case, convener, [school_unit, bup_unit], given_by="guardians", guardians=[guardian])
    meeting = propose(case, convener, units=[bup_unit], include_individual=True, guardians=[guardian])
    with pytest.raises(ValidationError) as error:
        services.meeting_add_participant(
            meeting=meeting, by=convener, kind=ParticipantKind.RELATED, related_person=grandmother
        )
    assert error.value.message_dict["related_person"] == [str(services.RELATED_NOT_COVERED)]
    give_consent(
        case,
        convener,
        [school_unit, bup_unit],
        given_by="guardians",
        guardians=[guardian],
        related_persons=[grandmother],
    )
    services.meeting_add_participant(
        meeting=meeting, by=convener, kind=ParticipantKind.RELATED, related_person=grandmother
    )
    participants = {p.kind: p for p in meeting.participants.all()}
    assert participants[ParticipantKind.GUARDIAN].name == "Vera Exempelsson"
    assert participants[ParticipantKind.GUARDIAN].phone == "070-111 11 11"
    assert participants[ParticipantKind.RELATED].related_person == grandmother


def test_a_representative_takes_part(consented_case, convener, adult, draft_meeting):
    rep = representative_add(person=adult, by=convener, name="Gustav God Man", kind=RepresentativeKind.GOOD_MAN)
    participant = services.meeting_add_participant(
        meeting=draft_meeting, by=convener, kind=ParticipantKind.REPRESENTATIVE, representative=rep
    )
    assert participant.label == "Gustav God Man (företrädare)"


def test_a_guardian_of_someone_else_is_refused(draft_meeting, convener, child):
    other_guardian = Guardian.objects.create(person=child, name="Annans Förälder")
    with pytest.raises(ValidationError) as error:
        services.meeting_add_participant(
            meeting=draft_meeting, by=convener, kind=ParticipantKind.GUARDIAN, guardian=other_guardian
        )
    assert "guardian" in error.value.message_dict


def test_the_individual_is_added_once(draft_meeting, convener):
    with pytest.raises(ValidationError):
        services.meeting_add_participant(meeting=draft_meeting, by=convener, kind=ParticipantKind.INDIVIDUAL)


def test_an_external_participant_needs_organisation_and_contact_details(draft_meeting, convener):
    with pytest.raises(ValidationError) as error:
        services.meeting_add_participant(meeting=draft_meeting, by=convener, kind=ParticipantKind.EXTERNAL, name="Eva")
    assert set(error.value.message_dict) == {"organisation", "phone"}
    participant = services.meeting_add_participant(
        meeting=draft_meeting,
        by=convener,
        kind=ParticipantKind.EXTERNAL,
        name="Eva Handläggare",
        organisation="Försäkringskassan",
        postal_address="Box 1, 123 45 Staden",
    )
    assert participant.label == "Eva Handläggare (annan aktör utan tillgång till Samordna), Försäkringskassan"


def test_participant_changes_after_sending_are_shown_to_everyone(sent_meeting, convener):
    participant = services.meeting_add_participant(
        meeting=sent_meeting, by=convener, kind=ParticipantKind.EXTERNAL, organisation="Arbetsförmedlingen", phone="1"
    )
    services.meeting_remove_participant(participant=participant, by=convener)
    participant.refresh_from_db()
    assert participant.removed_at == clock.now()
    kinds = list(sent_meeting.changes.values_list("kind", flat=True))
    assert kinds[-2:] == [MeetingChangeKind.PARTICIPANT_ADDED, MeetingChangeKind.PARTICIPANT_REMOVED]
    with pytest.raises(ValidationError):
        services.meeting_remove_participant(participant=participant, by=convener)


def test_participants_are_changed_only_by_the_convener_unit(draft_meeting, actor_staff):
    with pytest.raises(PermissionDenied):
        services.meeting_add_participant(
            meeting=draft_meeting, by=actor_staff, kind=ParticipantKind.EXTERNAL, organisation="X", phone="1"
        )
    with pytest.raises(PermissionDenied):
        services.meeting_remove_participant(participant=draft_meeting.participants.get(), by=actor_staff)


# --- moving and withdrawing -----------------------------------------------------------------------------------


def test_moving_keeps_the_invitations_and_answers_and_raises_the_sequence(
    sent_meeting, convener, bup_invitation, actor_staff
):
    answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    new_time = MEETING_AT + 2 * DAY
    services.meeting_move(meeting=sent_meeting, by=convener, starts_at=new_time, place="BUP, rum 4")
    sent_meeting.refresh_from_db()
    assert (sent_meeting.starts_at, sent_meeting.place, sent_meeting.ical_sequence) == (new_time, "BUP, rum 4", 1)
    bup_invitation.refresh_from_db()
    assert bup_invitation.status == InvitationStatus.ACCEPTED
    change = sent_meeting.changes.latest("id")
    assert change.kind == MeetingChangeKind.MOVED
    assert change.summary == "Mötet flyttat till 2026-12-04 13:00 (90 min), fysiskt möte: BUP, rum 4."


def test_moving_needs_a_change(sent_meeting, convener):
    with pytest.raises(ValidationError) as error:
        services.meeting_move(meeting=sent_meeting, by=convener, starts_at=sent_meeting.starts_at)
    assert message_of(error.value) == str(services.MOVE_NOTHING_CHANGED)


def test_a_draft_is_edited_not_moved(draft_meeting, convener):
    with pytest.raises(ValidationError):
        services.meeting_move(meeting=draft_meeting, by=convener, starts_at=MEETING_AT + DAY)


def test_moving_to_a_digital_meeting_needs_the_link(sent_meeting, convener):
    with pytest.raises(ValidationError) as error:
        services.meeting_move(meeting=sent_meeting, by=convener, starts_at=MEETING_AT, form=MeetingForm.DIGITAL)
    assert "digital_link" in error.value.message_dict


def test_only_the_convener_unit_moves_or_withdraws(sent_meeting, actor_staff):
    with pytest.raises(PermissionDenied):
        services.meeting_move(meeting=sent_meeting, by=actor_staff, starts_at=MEETING_AT + DAY)
    with pytest.raises(PermissionDenied):
        services.meeting_withdraw(meeting=sent_meeting, by=actor_staff)


def test_withdrawing_withdraws_every_open_invitation_and_tells_everyone(
    sent_meeting, convener, bup_invitation, actor_staff
):
    answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    services.meeting_withdraw(meeting=sent_meeting, by=convener, reason="Den enskilde är sjuk.")
    sent_meeting.refresh_from_db()
    assert (sent_meeting.status, sent_meeting.withdrawn_at) == (MeetingStatus.WITHDRAWN, clock.now())
    assert sent_meeting.ical_sequence == 1
    assert set(sent_meeting.invitations.values_list("status", flat=True)) == {InvitationStatus.WITHDRAWN}
    assert sent_meeting.changes.latest("id").summary == "Mötet är inställt: Den enskilde är sjuk."
    with pytest.raises(ValidationError):
        services.meeting_withdraw(meeting=sent_meeting, by=convener)
    with pytest.raises(ValidationError):
        services.meeting_move(meeting=sent_meeting, by=convener, starts_at=MEETING_AT + DAY)


# --- the meeting record ---------------------------------------------------------------------------------------


def record(meeting, by, **fields):
    with clock.frozen_clock(meeting.starts_at + datetime.timedelta(hours=1)):
        return services.meeting_record(meeting=meeting, by=by, **fields)


def test_a_meeting_is_recorded_only_once_it_has_started(sent_meeting, convener):
    with pytest.raises(ValidationError) as error:
        services.meeting_record(meeting=sent_meeting, by=convener)
    assert message_of(error.value) == str(services.MEETING_NOT_STARTED)


def test_a_draft_is_not_recorded(draft_meeting, convener):
    with pytest.raises(ValidationError):
        record(draft_meeting, convener)


def test_the_record_holds_chair_attendance_and_the_agenda(
    sent_meeting, convener, bup_invitation, actor_staff, consented_case
):
    answer(bup_invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    individual = sent_meeting.participants.get()
    record(
        sent_meeting,
        convener,
        secretary=actor_staff,
        individual_participation="part",
        interpreter_used=True,
        interpreter_language="arabiska",
        consent_checked=True,
        secrecy_reminded=True,
        introduction_notes="Samtycket gäller.",
        situation_notes="Tolvan berättade först.",
        needs_notes="Stöd i skolan.",
        summary_notes="Plan skrivs.",
        invitation_attendance={bup_invitation.pk: True},
        participant_attendance={individual.pk: True},
    )
    sent_meeting.refresh_from_db()
    assert sent_meeting.status == MeetingStatus.HELD
    assert sent_meeting.held_at == MEETING_AT + datetime.timedelta(hours=1)
    assert (sent_meeting.chair, sent_meeting.secretary) == (convener, actor_staff)
    assert sent_meeting.situation_notes == "Tolvan berättade först."
    assert sent_meeting.can_hold_plan
    bup_invitation.refresh_from_db()
    individual.refresh_from_db()
    assert bup_invitation.attended and individual.attended
    consented_case.refresh_from_db()
    assert consented_case.status == Step.MEETING


def test_the_individual_may_chair_the_meeting(sent_meeting, convener):
    record(sent_meeting, convener, chair_kind=ChairKind.INDIVIDUAL, chair=convener)
    sent_meeting.refresh_from_db()
    assert (sent_meeting.chair_kind, sent_meeting.chair) == (ChairKind.INDIVIDUAL, None)


def test_the_chair_is_staff_of_a_unit_in_the_meeting(sent_meeting, convener, outsider):
    with pytest.raises(ValidationError) as error:
        record(sent_meeting, convener, chair=outsider)
    assert error.value.message_dict["chair"] == [str(services.CHAIR_NOT_IN_MEETING)]


def test_an_interpreter_needs_a_language(sent_meeting, convener):
    with pytest.raises(ValidationError) as error:
        record(sent_meeting, convener, interpreter_used=True)
    assert "interpreter_language" in error.value.message_dict


def test_only_the_convener_unit_records_the_meeting(sent_meeting, actor_staff):
    with pytest.raises(PermissionDenied):
        record(sent_meeting, actor_staff)


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (MeetingKind.SIP, ProcedureCode.ESTABLISHED),
        (MeetingKind.FOLLOW_UP, ProcedureCode.FOLLOW_UP),
        (MeetingKind.PRE_MEETING, ""),
    ],
)
def test_kva_code_defaults_by_kind(consented_case, convener, bup_unit, kind, code):
    meeting = propose(consented_case, convener, kind=kind, pre_meeting_consented=True, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=convener)
    record(meeting, convener)
    meeting.refresh_from_db()
    assert meeting.procedure_code == code


def test_kva_code_is_au125_in_a_discharge_case(care_contact, care_centre, ward, adult, bup_unit):
    case = discharge_case(care_contact, care_centre, ward, adult, [bup_unit], notice_sent_at=at(TODAY, 8))
    meeting = propose(case, care_contact, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=care_contact)
    record(meeting, care_contact)
    meeting.refresh_from_db()
    assert meeting.procedure_code == ProcedureCode.DISCHARGE


def test_kva_code_can_be_changed(sent_meeting, convener):
    record(sent_meeting, convener, procedure_code=ProcedureCode.FOLLOW_UP)
    sent_meeting.refresh_from_db()
    assert sent_meeting.procedure_code == ProcedureCode.FOLLOW_UP


def test_a_pre_meeting_records_no_decisions(consented_case, convener, bup_unit):
    """No KVÅ code, no individual in the chair, and no plan is made from it."""
    meeting = propose(
        consented_case, convener, kind=MeetingKind.PRE_MEETING, pre_meeting_consented=True, units=[bup_unit]
    )
    services.meeting_send(meeting=meeting, by=convener)
    with pytest.raises(ValidationError) as error:
        record(meeting, convener, procedure_code=ProcedureCode.ESTABLISHED)
    assert error.value.message_dict["procedure_code"] == [str(services.PRE_MEETING_NO_CODE)]
    with pytest.raises(ValidationError):
        record(meeting, convener, chair_kind=ChairKind.INDIVIDUAL)
    record(meeting, convener, summary_notes="Underlag inför SIP-mötet.")
    meeting.refresh_from_db()
    assert meeting.is_held
    assert not meeting.can_hold_plan
    assert not CaseStep.objects.filter(case=consented_case, step=Step.MEETING).exists()


def test_a_recorded_meeting_can_be_corrected_and_keeps_its_time(sent_meeting, convener):
    record(sent_meeting, convener)
    with clock.frozen_clock(MEETING_AT + 3 * DAY):
        services.meeting_record(meeting=sent_meeting, by=convener, summary_notes="Rättad.")
    sent_meeting.refresh_from_db()
    assert sent_meeting.summary_notes == "Rättad."
    assert sent_meeting.held_at == AFTER_START


# --- audit ----------------------------------------------------------------------------------------------------


def test_every_service_writes_its_audit_row_with_the_person(
    consented_case, convener, bup_unit, actor_staff, school_unit, social_unit
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    steps = []
    with audit_events() as events:
        meeting = propose(consented_case, convener, units=[bup_unit])
    steps.append((events, AuditAction.CREATE, "meeting_propose:sip", meeting))
    with audit_events() as events:
        services.meeting_update_draft(meeting=meeting, by=convener, purpose=PURPOSE + "!")
    steps.append((events, AuditAction.UPDATE, "meeting_update_draft", meeting))
    with audit_events() as events:
        services.meeting_send(meeting=meeting, by=convener)
    steps.append((events, AuditAction.UPDATE, "meeting_send", meeting))
    invitation = meeting.invitations.get()
    with audit_events() as events:
        answer(invitation, actor_staff, Answer.ACCEPT, attendees=[actor_staff])
    steps.append((events, AuditAction.UPDATE, "invitation_answer:accept", invitation))
    with audit_events() as events:
        added = services.meeting_add_unit(meeting=meeting, by=convener, unit=social_unit)
    steps.append((events, AuditAction.CREATE, "meeting_add_unit", added))
    with audit_events() as events:
        services.meeting_remove_unit(invitation=added, by=convener)
    steps.append((events, AuditAction.UPDATE, "meeting_remove_unit", added))
    with audit_events() as events:
        participant = services.meeting_add_participant(meeting=meeting, by=convener, kind=ParticipantKind.INDIVIDUAL)
    steps.append((events, AuditAction.CREATE, "meeting_add_participant:individual", participant))
    with audit_events() as events:
        services.meeting_remove_participant(participant=participant, by=convener)
    steps.append((events, AuditAction.UPDATE, "meeting_remove_participant", participant))
    with audit_events() as events:
        services.meeting_move(meeting=meeting, by=convener, starts_at=MEETING_AT + DAY)
    steps.append((events, AuditAction.UPDATE, "meeting_move", meeting))
    with audit_events() as events:
        record(meeting, convener)
    steps.append((events, AuditAction.UPDATE, "meeting_record", meeting))
    for events, action, summary, obj in steps:
        matching = [event for event in events if event.summary == summary]
        assert len(matching) == 1, summary
        event = matching[0]
        assert (event.action, event.object_type, event.object_id) == (action, obj._meta.label_lower, str(obj.pk))
        assert event.person_id == consented_case.person_id
        assert event.user is not None


def test_withdrawal_is_audited(sent_meeting, convener):
    with audit_events() as events:
        services.meeting_withdraw(meeting=sent_meeting, by=convener)
    assert [event.summary for event in events] == ["meeting_withdraw"]


def test_a_refused_call_writes_nothing(draft_meeting, actor_staff):
    with audit_events() as events, pytest.raises(PermissionDenied):
        services.meeting_send(meeting=draft_meeting, by=actor_staff)
    assert events == []
    assert Participant.objects.filter(meeting=draft_meeting).count() == 1


def test_withdrawn_consent_calls_off_planned_meetings(consented_case, convener, school_unit, bup_unit):
    """Withdrawal ends the case and every meeting not yet held is withdrawn, with a CANCEL for calendars."""
    from samordna.cases.models import ConsentStatus, Step
    from samordna.meetings.models import InvitationStatus, MeetingStatus
    from tests.factories import sent_meeting

    meeting = sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    consent = consented_case.consents.get(status=ConsentStatus.ACTIVE)
    services.consent_withdraw_and_cancel_meetings(
        consent=consent, by=convener, withdrawn_by_whom="Den enskilde", withdrawal_form="oral"
    )
    meeting.refresh_from_db()
    consented_case.refresh_from_db()
    assert consented_case.status == Step.CLOSED
    assert meeting.status == MeetingStatus.WITHDRAWN
    assert meeting.ical_sequence == 1
    assert set(meeting.invitations.values_list("status", flat=True)) == {InvitationStatus.WITHDRAWN}
