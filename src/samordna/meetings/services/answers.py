"""The invited unit's answer: accept, substitute, decline, wrong unit or forward within the principal."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.audit.models import AuditAction
from samordna.common import clock
from samordna.meetings.models import (
    ANSWER_STATUS,
    Answer,
    Invitation,
    InvitationStatus,
    MeetingChangeKind,
)
from samordna.meetings.policies import ensure_can_answer
from samordna.meetings.selectors import consent_covered_unit_ids
from samordna.meetings.services.messages import (
    ACCEPT_NEEDS_ATTENDEE,
    ATTENDEE_NOT_IN_UNIT,
    DECLINE_NEEDS_REASON,
    FORWARD_NEEDS_UNIT,
    FORWARD_NOT_COVERED,
    FORWARD_OTHER_PRINCIPAL,
    INVITATION_NOT_ANSWERABLE,
    MEETING_ALREADY_HELD,
    MEETING_WITHDRAWN,
    SUBSTITUTE_NEEDS_NAME,
    UNKNOWN_ANSWER,
    WRONG_UNIT_NEEDS_NOTE,
)
from samordna.meetings.services.shared import (
    audit_meeting,
    leave_case_if_only_invited,
    lock,
    new_invitation,
    note_change,
    send_invitation,
)
from samordna.notifications.models import NotificationKind
from samordna.notifications.services import Target, notify
from samordna.organizations.models import Membership, Unit


def _validate_answer(
    invitation: Invitation,
    answer: str,
    *,
    attendees: list,
    attendee_names: str,
    substitute_name: str,
    decline_reason: str,
    wrong_unit_note: str,
    forward_to: Unit | None,
) -> None:
    if answer not in Answer.values:
        raise ValidationError({"answer": UNKNOWN_ANSWER})
    if answer == Answer.ACCEPT:
        if not attendees and not attendee_names.strip():
            raise ValidationError({"attendees": ACCEPT_NEEDS_ATTENDEE})
        staff = set(
            Membership.objects.filter(unit_id=invitation.unit_id, user__in=attendees).values_list("user_id", flat=True)
        )
        if any(user.pk not in staff for user in attendees):
            raise ValidationError({"attendees": ATTENDEE_NOT_IN_UNIT})
    elif answer == Answer.SUBSTITUTE and not substitute_name.strip():
        raise ValidationError({"substitute_name": SUBSTITUTE_NEEDS_NAME})
    elif answer == Answer.DECLINE and not decline_reason.strip():
        raise ValidationError({"decline_reason": DECLINE_NEEDS_REASON})
    elif answer == Answer.WRONG_UNIT and not wrong_unit_note.strip():
        raise ValidationError({"wrong_unit_note": WRONG_UNIT_NEEDS_NOTE})
    elif answer == Answer.FORWARD:
        if forward_to is None or forward_to.pk == invitation.unit_id:
            raise ValidationError({"forward_to": FORWARD_NEEDS_UNIT})
        if forward_to.principal_id != invitation.unit.principal_id:
            raise ValidationError({"forward_to": FORWARD_OTHER_PRINCIPAL})
        if forward_to.pk not in consent_covered_unit_ids(invitation.meeting.case):
            raise ValidationError({"forward_to": ValidationError(FORWARD_NOT_COVERED, code="unit_not_covered")})


@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    by: User,
    answer: str,
    attendees: Iterable[User] = (),
    attendee_names: str = "",
    substitute_name: str = "",
    decline_reason: str = "",
    wrong_unit_note: str = "",
    forward_to: Unit | None = None,
) -> Invitation:
    """The invited unit's answer: accept with the named attendee(s), send a substitute, decline with a reason,
    return it to the convener as the wrong unit with a note, or forward it to the right unit of the same
    principal (which gets its own invitation and due date). An accepted, substitute or declined answer may
    be changed until the meeting; a returned or forwarded invitation is closed."""
    meeting = invitation.meeting
    ensure_can_answer(by, invitation)
    lock(meeting)
    lock(invitation)
    if meeting.is_withdrawn:
        raise ValidationError(MEETING_WITHDRAWN, code="meeting_withdrawn")
    if meeting.is_held:
        raise ValidationError(MEETING_ALREADY_HELD, code="meeting_held")
    if not invitation.is_answerable:
        raise ValidationError(INVITATION_NOT_ANSWERABLE, code="invitation_not_answerable")
    attendees = list(attendees)
    _validate_answer(
        invitation,
        answer,
        attendees=attendees,
        attendee_names=attendee_names,
        substitute_name=substitute_name,
        decline_reason=decline_reason,
        wrong_unit_note=wrong_unit_note,
        forward_to=forward_to,
    )
    invitation.status = ANSWER_STATUS[answer]
    invitation.answered_at = clock.now()
    invitation.answered_by = by
    invitation.attendee_names = attendee_names if answer == Answer.ACCEPT else ""
    invitation.substitute_name = substitute_name if answer == Answer.SUBSTITUTE else ""
    invitation.decline_reason = decline_reason if answer == Answer.DECLINE else ""
    invitation.wrong_unit_note = wrong_unit_note if answer in (Answer.WRONG_UNIT, Answer.FORWARD) else ""
    if answer == Answer.FORWARD:
        forwarded = new_invitation(
            meeting,
            forward_to,
            is_summoned=invitation.is_summoned,
            expected_contribution=invitation.expected_contribution,
        )
        invitation.forwarded_to = send_invitation(forwarded, by)
    invitation.full_clean()
    invitation.save()
    invitation.attendees.set(attendees if answer == Answer.ACCEPT else [])
    note_change(meeting, MeetingChangeKind.ANSWERED, by, *_answer_summary(invitation), unit=invitation.unit)
    audit_meeting(by, AuditAction.UPDATE, invitation, meeting, f"invitation_answer:{answer}")
    notify(
        kind=NotificationKind.INVITATION_ANSWERED,
        recipients=[meeting.organiser_id],
        target=Target.for_case(meeting.case, url=meeting.get_absolute_url()),
        key=f"invitation:{invitation.pk}:answer:{invitation.answered_at.isoformat()}",
        by=by,
    )
    if answer in (Answer.WRONG_UNIT, Answer.FORWARD):
        leave_case_if_only_invited(invitation, by)
    return invitation


def _answer_summary(invitation: Invitation) -> tuple:
    unit = invitation.unit.name
    if invitation.status == InvitationStatus.FORWARDED:
        return _("%(unit)s vidarebefordrade kallelsen till %(target)s."), {
            "unit": unit,
            "target": invitation.forwarded_to.unit.name,
        }
    if invitation.status == InvitationStatus.WRONG_UNIT:
        return _("%(unit)s returnerade kallelsen som fel mottagare."), {"unit": unit}
    return _("%(unit)s svarade: %(answer)s."), {"unit": unit, "answer": invitation.get_status_display()}
