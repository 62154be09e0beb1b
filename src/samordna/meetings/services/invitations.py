"""The invitation (kallelse): propose, change the draft, send, invite or remove units and participants,
move and withdraw. After sending, every change is written as a `MeetingChange` for all in the meeting to see."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.audit.models import AuditAction
from samordna.cases import services as case_services
from samordna.cases.models import Consent, CoordinationCase, Step
from samordna.cases.policies import valid_consent
from samordna.cases.services import case_reach_step
from samordna.common import clock
from samordna.meetings.models import (
    OPEN_STATUSES,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingChangeKind,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
)
from samordna.meetings.policies import ensure_can_convene
from samordna.meetings.selectors import consent_summary_text
from samordna.meetings.services.messages import (
    INVITATION_NOT_OPEN,
    MEETING_NOT_DRAFT,
    MEETING_NOT_SENT,
    MOVE_NOTHING_CHANGED,
    NO_UNITS_INVITED,
    PARTICIPANT_ALREADY_REMOVED,
    PRE_MEETING_PROFESSIONALS_ONLY,
)
from samordna.meetings.services.shared import (
    add_circle_participants,
    audit_meeting,
    build_participant,
    ensure_changeable,
    ensure_in_future,
    ensure_units_covered,
    local_text,
    lock,
    new_invitation,
    note_change,
    organiser_unit_id,
    send_invitation,
)
from samordna.organizations.models import Unit
from samordna.people.models import Guardian, RelatedPerson, Representative

DETAIL_FIELDS = {
    "kind",
    "starts_at",
    "duration_minutes",
    "form",
    "place",
    "digital_link",
    "phone_details",
    "purpose",
    "goals",
    "questions",
    "consent_summary",
    "pre_meeting_consented",
}
PLACE_FIELDS = ("starts_at", "duration_minutes", "form", "place", "digital_link", "phone_details")


@transaction.atomic
def meeting_propose(
    *,
    case: CoordinationCase,
    by: User,
    kind: str,
    starts_at: datetime.datetime,
    purpose: str,
    duration_minutes: int = 90,
    form: str = MeetingForm.PHYSICAL,
    place: str = "",
    digital_link: str = "",
    phone_details: str = "",
    goals: str = "",
    questions: str = "",
    consent_summary: str = "",
    pre_meeting_consented: bool = False,
    units: Iterable[Unit] = (),
    include_individual: bool = False,
    guardians: Iterable[Guardian] = (),
    representatives: Iterable[Representative] = (),
    related_persons: Iterable[RelatedPerson] = (),
) -> Meeting:
    """Propose a meeting (a draft): time, place, purpose, the consent's content (from the consent in force
    unless given), the units to invite and the participants from the individual's circle. Nothing is sent
    until `meeting_send`. A pre-meeting needs the individual's consent to it."""
    ensure_can_convene(by, case)
    ensure_in_future(starts_at)
    meeting = Meeting(
        case=case,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        form=form,
        place=place,
        digital_link=digital_link,
        phone_details=phone_details,
        purpose=purpose,
        goals=goals,
        questions=questions,
        consent_summary=consent_summary or consent_summary_text(valid_consent(case)),
        pre_meeting_consented=pre_meeting_consented,
        organiser=by,
        organiser_unit_id=organiser_unit_id(by, case, kind),
    )
    meeting.full_clean()
    meeting.save()
    for unit in units:
        invitation = new_invitation(meeting, unit, is_summoned=None, expected_contribution="")
        invitation.full_clean()
        invitation.save()
    add_circle_participants(
        meeting,
        include_individual=include_individual,
        guardians=guardians,
        representatives=representatives,
        related_persons=related_persons,
    )
    audit_meeting(by, AuditAction.CREATE, meeting, meeting, f"meeting_propose:{kind}")
    return meeting


@transaction.atomic
def meeting_update_draft(*, meeting: Meeting, by: User, **details) -> Meeting:
    """Change a draft's details before it is sent. After sending, move or withdraw the meeting instead."""
    ensure_can_convene(by, meeting.case)
    unknown = set(details) - DETAIL_FIELDS
    if unknown:
        raise ValueError(f"meeting_update_draft got unknown fields: {sorted(unknown)}")
    lock(meeting)
    if not meeting.is_draft:
        raise ValidationError(MEETING_NOT_DRAFT, code="meeting_not_draft")
    for name, value in details.items():
        setattr(meeting, name, value)
    ensure_in_future(meeting.starts_at)
    if meeting.is_pre_meeting and meeting.participants.exclude(kind=ParticipantKind.EXTERNAL).exists():
        raise ValidationError({"kind": PRE_MEETING_PROFESSIONALS_ONLY})
    meeting.full_clean()
    meeting.save()
    audit_meeting(by, AuditAction.UPDATE, meeting, meeting, "meeting_update_draft")
    return meeting


@transaction.atomic
def meeting_send(*, meeting: Meeting, by: User) -> Meeting:
    """Send the invitation: one `Invitation` per invited unit, received now and due N working days later
    (earlier in a discharge case). Every invited unit must be covered by the consent in force; a unit that is
    not yet an actor becomes one so its staff can open the case. A SIP or follow-up meeting moves the case
    to the invitation step; a pre-meeting does not."""
    case = meeting.case
    ensure_can_convene(by, case)
    lock(meeting)
    if not meeting.is_draft:
        raise ValidationError(MEETING_NOT_DRAFT, code="meeting_not_draft")
    ensure_in_future(meeting.starts_at)
    meeting.full_clean()
    invitations = list(meeting.invitations.filter(status=InvitationStatus.DRAFT).select_related("unit__principal"))
    if not invitations:
        raise ValidationError({"units": NO_UNITS_INVITED})
    ensure_units_covered(case, [invitation.unit for invitation in invitations])
    for invitation in invitations:
        send_invitation(invitation, by)
    meeting.status = MeetingStatus.SENT
    meeting.sent_at = clock.now()
    meeting.save(update_fields=["status", "sent_at", "updated_at"])
    note_change(
        meeting,
        MeetingChangeKind.SENT,
        by,
        _("Kallelse skickad till %(units)s."),
        {"units": ", ".join(invitation.unit.name for invitation in invitations)},
    )
    if meeting.kind != MeetingKind.PRE_MEETING:
        case_reach_step(case, Step.INVITATION, by)
    audit_meeting(by, AuditAction.UPDATE, meeting, meeting, "meeting_send")
    return meeting


@transaction.atomic
def meeting_add_unit(
    *,
    meeting: Meeting,
    by: User,
    unit: Unit,
    is_summoned: bool | None = None,
    expected_contribution: str = "",
) -> Invitation:
    """Invite one more unit. Before sending it joins the draft; after sending it gets its invitation at once,
    which needs the consent to cover it."""
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    ensure_changeable(meeting)
    invitation = new_invitation(meeting, unit, is_summoned=is_summoned, expected_contribution=expected_contribution)
    if meeting.is_sent:
        ensure_units_covered(meeting.case, [unit], field="unit")
        send_invitation(invitation, by)
        note_change(meeting, MeetingChangeKind.UNIT_ADDED, by, _("%(unit)s kallad."), {"unit": unit.name}, unit=unit)
    else:
        invitation.full_clean()
        invitation.save()
    audit_meeting(by, AuditAction.CREATE, invitation, meeting, "meeting_add_unit")
    return invitation


@transaction.atomic
def meeting_remove_unit(*, invitation: Invitation, by: User, note: str = "") -> Invitation:
    """Take a unit off the meeting. A draft invitation is simply dropped; a sent one is withdrawn, and the
    change is shown to everyone in the meeting. The unit stays an actor in the case."""
    meeting = invitation.meeting
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    lock(invitation)
    ensure_changeable(meeting)
    if not invitation.is_open:
        raise ValidationError(INVITATION_NOT_OPEN, code="invitation_not_open")
    if invitation.status == InvitationStatus.DRAFT:
        audit_meeting(by, AuditAction.DELETE, invitation, meeting, "meeting_remove_unit")
        invitation.delete()
        return invitation
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status", "updated_at"])
    summary = _("Kallelsen till %(unit)s återkallad: %(note)s") if note else _("Kallelsen till %(unit)s återkallad.")
    note_change(
        meeting,
        MeetingChangeKind.UNIT_REMOVED,
        by,
        summary,
        {"unit": invitation.unit.name, "note": note},
        unit=invitation.unit,
    )
    audit_meeting(by, AuditAction.UPDATE, invitation, meeting, "meeting_remove_unit")
    return invitation


@transaction.atomic
def meeting_add_participant(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    guardian: Guardian | None = None,
    representative: Representative | None = None,
    related_person: RelatedPerson | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    postal_address: str = "",
) -> Participant:
    """Add the individual, a guardian, a representative, a related person (covered by the consent) or an
    external participant without access ("Annan", with organisation and contact details)."""
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    ensure_changeable(meeting)
    participant = build_participant(
        meeting,
        kind=kind,
        guardian=guardian,
        representative=representative,
        related_person=related_person,
        name=name,
        organisation=organisation,
        email=email,
        phone=phone,
        postal_address=postal_address,
    )
    participant.save()
    if meeting.is_sent:
        note_change(
            meeting,
            MeetingChangeKind.PARTICIPANT_ADDED,
            by,
            _("Deltagare tillagd: %(participant)s."),
            {"participant": participant.label},
        )
    audit_meeting(by, AuditAction.CREATE, participant, meeting, f"meeting_add_participant:{kind}")
    return participant


@transaction.atomic
def meeting_remove_participant(*, participant: Participant, by: User) -> Participant:
    """Take a participant off the meeting; the row is kept with the time it was removed."""
    meeting = participant.meeting
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    ensure_changeable(meeting)
    if not participant.is_active:
        raise ValidationError(PARTICIPANT_ALREADY_REMOVED)
    participant.removed_at = clock.now()
    participant.save(update_fields=["removed_at", "updated_at"])
    if meeting.is_sent:
        note_change(
            meeting,
            MeetingChangeKind.PARTICIPANT_REMOVED,
            by,
            _("Deltagare borttagen: %(participant)s."),
            {"participant": participant.label},
        )
    audit_meeting(by, AuditAction.UPDATE, participant, meeting, "meeting_remove_participant")
    return participant


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int | None = None,
    form: str | None = None,
    place: str | None = None,
    digital_link: str | None = None,
    phone_details: str | None = None,
    note: str = "",
) -> Meeting:
    """Move a sent meeting to a new time or place (a value left as None is kept). The invitations and their
    answers stand; the calendar event keeps its UID with a higher SEQUENCE, and the change is shown to all."""
    ensure_can_convene(by, meeting.case)
    lock(meeting)
    if meeting.is_draft:
        raise ValidationError(MEETING_NOT_SENT, code="meeting_not_sent")
    ensure_changeable(meeting)
    new_values = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "form": form,
        "place": place,
        "digital_link": digital_link,
        "phone_details": phone_details,
    }
    changed = {
        name: value for name, value in new_values.items() if value is not None and value != getattr(meeting, name)
    }
    if not changed:
        raise ValidationError(MOVE_NOTHING_CHANGED, code="nothing_changed")
    ensure_in_future(starts_at)
    for name, value in changed.items():
        setattr(meeting, name, value)
    meeting.ical_sequence += 1
    meeting.full_clean()
    meeting.save()
    summary = _("Mötet flyttat till %(when)s (%(minutes)s min), %(form)s: %(where)s.")
    params = {
        "when": local_text(meeting.starts_at),
        "minutes": meeting.duration_minutes,
        "form": meeting.get_form_display().lower(),
        "where": meeting.location_text,
    }
    if note:
        summary = _("Mötet flyttat till %(when)s (%(minutes)s min), %(form)s: %(where)s. %(note)s")
        params["note"] = note
    note_change(meeting, MeetingChangeKind.MOVED, by, summary, params)
    audit_meeting(by, AuditAction.UPDATE, meeting, meeting, "meeting_move")
    return meeting


@transaction.atomic
def meeting_withdraw(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Call the meeting off: every invitation that still stands is withdrawn, the calendar event is
    cancelled (METHOD:CANCEL with a higher SEQUENCE) and everyone in the meeting sees it."""
    ensure_can_convene(by, meeting.case)
    return _withdraw(meeting, by=by, reason=reason)


def _withdraw(meeting: Meeting, *, by: User, reason: str) -> Meeting:
    lock(meeting)
    ensure_changeable(meeting)
    was_sent = meeting.is_sent
    now = clock.now()
    meeting.status = MeetingStatus.WITHDRAWN
    meeting.withdrawn_at = now
    meeting.withdrawal_reason = reason
    meeting.ical_sequence += 1
    meeting.full_clean()
    meeting.save()
    meeting.invitations.filter(status__in=OPEN_STATUSES).update(status=InvitationStatus.WITHDRAWN, updated_at=now)
    if was_sent:
        summary = _("Mötet är inställt: %(reason)s") if reason else _("Mötet är inställt.")
        note_change(meeting, MeetingChangeKind.WITHDRAWN, by, summary, {"reason": reason})
    audit_meeting(by, AuditAction.UPDATE, meeting, meeting, "meeting_withdraw")
    return meeting


@transaction.atomic
def consent_withdraw_and_cancel_meetings(
    *, consent: Consent, by: User, withdrawn_by_whom: str, withdrawal_form: str, note: str = ""
) -> Consent:
    """Withdrawal of consent ends the case at once (cases.services.consent_withdraw) and calls off every
    meeting that has not been held, so each invited unit sees the cancellation and gets a CANCEL for its
    calendar. The meetings are cancelled here, above the cases app, which knows nothing of meetings."""
    case = consent.case
    planned = list(case.meetings.filter(status__in=[MeetingStatus.DRAFT, MeetingStatus.SENT]))
    consent = case_services.consent_withdraw(
        consent=consent, by=by, withdrawn_by_whom=withdrawn_by_whom, withdrawal_form=withdrawal_form, note=note
    )
    for meeting in planned:
        _withdraw(meeting, by=by, reason=str(_("Samtycket har återkallats.")))
    return consent
