"""The meeting record (step 5): chair, secretary, attendance, the agenda and the KVÅ code."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from samordna.accounts.models import User
from samordna.audit.models import AuditAction
from samordna.cases.models import Step
from samordna.cases.services import case_reach_step
from samordna.common import clock
from samordna.meetings.models import (
    ChairKind,
    Meeting,
    MeetingStatus,
)
from samordna.meetings.policies import ensure_can_convene
from samordna.meetings.selectors import meeting_unit_ids
from samordna.meetings.services.messages import (
    CHAIR_NOT_IN_MEETING,
    INTERPRETER_NEEDS_LANGUAGE,
    MEETING_CANNOT_BE_RECORDED,
    MEETING_NOT_STARTED,
    PRE_MEETING_NO_CODE,
    PRE_MEETING_NO_INDIVIDUAL,
    SECRETARY_NOT_IN_MEETING,
)
from samordna.meetings.services.rules import default_procedure_code
from samordna.meetings.services.shared import (
    audit_meeting,
    lock,
)
from samordna.organizations.models import Membership


def _ensure_meeting_staff(meeting: Meeting, user: User | None, field: str, message) -> None:
    if user is None or user == meeting.organiser:
        return
    if not Membership.objects.filter(user=user, unit_id__in=meeting_unit_ids(meeting)).exists():
        raise ValidationError({field: message})


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    by: User,
    chair_kind: str = ChairKind.STAFF,
    chair: User | None = None,
    secretary: User | None = None,
    individual_participation: str = "",
    interpreter_used: bool = False,
    interpreter_language: str = "",
    consent_checked: bool = False,
    secrecy_reminded: bool = False,
    introduction_notes: str = "",
    situation_notes: str = "",
    needs_notes: str = "",
    summary_notes: str = "",
    procedure_code: str | None = None,
    invitation_attendance: Mapping[int, bool | None] | None = None,
    participant_attendance: Mapping[int, bool | None] | None = None,
) -> Meeting:
    """Record the meeting once it has started, following the routine's agenda: introduction (consent still
    valid? secrecy reminded), the current situation with the individual first, needs and interventions, and
    a summary; chair (the organiser unless given; may be the individual) and secretary; attendance per unit
    and participant, how the individual took part and whether an interpreter was used. The KVÅ code defaults
    by kind (see `default_procedure_code`) and may be changed. May be corrected afterwards.

    A pre-meeting of professionals takes no decisions: its notes are a basis for the SIP meeting, it has no
    KVÅ code, the individual is not in it, and no plan is made from it (`Meeting.can_hold_plan`)."""
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    if meeting.status not in (MeetingStatus.SENT, MeetingStatus.HELD):
        raise ValidationError(MEETING_CANNOT_BE_RECORDED, code="meeting_not_sent")
    if not meeting.has_started:
        raise ValidationError(MEETING_NOT_STARTED, code="meeting_not_started")
    if procedure_code is None:
        procedure_code = default_procedure_code(meeting)
    if meeting.is_pre_meeting:
        if chair_kind == ChairKind.INDIVIDUAL:
            raise ValidationError({"chair_kind": PRE_MEETING_NO_INDIVIDUAL})
        if individual_participation:
            raise ValidationError({"individual_participation": PRE_MEETING_NO_INDIVIDUAL})
        if procedure_code:
            raise ValidationError({"procedure_code": PRE_MEETING_NO_CODE})
    if chair_kind == ChairKind.INDIVIDUAL:
        chair = None
    else:
        chair = chair or meeting.organiser
        _ensure_meeting_staff(meeting, chair, "chair", CHAIR_NOT_IN_MEETING)
    _ensure_meeting_staff(meeting, secretary, "secretary", SECRETARY_NOT_IN_MEETING)
    if interpreter_used and not interpreter_language.strip():
        raise ValidationError({"interpreter_language": INTERPRETER_NEEDS_LANGUAGE})
    meeting.chair_kind = chair_kind
    meeting.chair = chair
    meeting.secretary = secretary
    meeting.individual_participation = individual_participation
    meeting.interpreter_used = interpreter_used
    meeting.interpreter_language = interpreter_language if interpreter_used else ""
    meeting.consent_checked = consent_checked
    meeting.secrecy_reminded = secrecy_reminded
    meeting.introduction_notes = introduction_notes
    meeting.situation_notes = situation_notes
    meeting.needs_notes = needs_notes
    meeting.summary_notes = summary_notes
    meeting.procedure_code = procedure_code
    meeting.status = MeetingStatus.HELD
    meeting.held_at = meeting.held_at or clock.now()
    meeting.full_clean()
    meeting.save()
    for invitation in meeting.invitations.filter(pk__in=list(invitation_attendance or {})):
        invitation.attended = invitation_attendance[invitation.pk]
        invitation.save(update_fields=["attended", "updated_at"])
    active = meeting.participants.filter(removed_at__isnull=True, pk__in=list(participant_attendance or {}))
    for participant in active:
        participant.attended = participant_attendance[participant.pk]
        participant.save(update_fields=["attended", "updated_at"])
    if not meeting.is_pre_meeting:
        case_reach_step(meeting.case, Step.MEETING, by)
    audit_meeting(by, AuditAction.UPDATE, meeting, meeting, "meeting_record")
    return meeting
