"""Reservrutin, afterwards: a meeting called and held on paper while Samordna could not be reached is entered
with its real date and the units that were called, and then recorded like any held meeting.

Nothing is sent: the units were called on paper, so no notification, e-mail or calendar file goes out and the
invitations count as answered at the meeting. The meeting is marked `entered_afterwards`, shown as such on its
page, and left out of the statistics of answers and plans in time, which it would only distort.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.accounts.models import User
from samordna.audit.models import AuditAction
from samordna.cases.models import CoordinationCase, Step
from samordna.cases.policies import valid_consent
from samordna.cases.services import case_reach_step
from samordna.common import clock
from samordna.meetings.models import InvitationStatus, Meeting, MeetingKind, MeetingStatus
from samordna.meetings.policies import ensure_can_convene
from samordna.meetings.selectors import consent_summary_text
from samordna.meetings.services.messages import (
    AFTERWARDS_BEFORE_NEED,
    AFTERWARDS_IN_FUTURE,
    AFTERWARDS_NO_PRE_MEETING,
    NO_UNITS_INVITED,
)
from samordna.meetings.services.shared import (
    audit_meeting,
    ensure_units_covered,
    join_case,
    new_invitation,
    organiser_unit_id,
)
from samordna.organizations.models import Unit


@transaction.atomic
def meeting_enter_afterwards(
    *,
    case: CoordinationCase,
    by: User,
    kind: str,
    starts_at: datetime.datetime,
    purpose: str,
    units: Iterable[Unit],
    duration_minutes: int = 90,
    place: str = "",
) -> Meeting:
    """Enter a meeting held on paper: its real time (past, not before the need was noticed), its purpose and
    the units called, each of which must be covered by the consent and becomes an actor. The meeting is then
    recorded with `meeting_record` (chair, attendance, notes, KVÅ code) as if it had been called here."""
    ensure_can_convene(by, case)
    if kind == MeetingKind.PRE_MEETING:
        raise ValidationError({"kind": AFTERWARDS_NO_PRE_MEETING})
    if starts_at > clock.now():
        raise ValidationError({"starts_at": AFTERWARDS_IN_FUTURE})
    if timezone.localdate(starts_at) < case.need_noticed_on:
        raise ValidationError({"starts_at": AFTERWARDS_BEFORE_NEED})
    units = list(units)
    if not units:
        raise ValidationError({"units": NO_UNITS_INVITED})
    ensure_units_covered(case, units)
    meeting = Meeting(
        case=case,
        kind=kind,
        status=MeetingStatus.SENT,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        purpose=purpose,
        consent_summary=consent_summary_text(valid_consent(case)),
        organiser=by,
        organiser_unit_id=organiser_unit_id(by, case, kind),
        sent_at=starts_at,
        entered_afterwards=True,
    )
    meeting.full_clean()
    meeting.save()
    for unit in units:
        invitation = new_invitation(meeting, unit, is_summoned=None, expected_contribution="")
        invitation.status = InvitationStatus.ACCEPTED
        invitation.received_at = invitation.answered_at = starts_at
        invitation.answer_due_on = timezone.localdate(starts_at)
        invitation.joined_case = join_case(case, unit, by)
        invitation.full_clean()
        invitation.save()
    case_reach_step(case, Step.INVITATION, by)
    audit_meeting(by, AuditAction.CREATE, meeting, meeting, f"meeting_enter_afterwards:{kind}")
    return meeting
