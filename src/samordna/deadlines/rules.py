"""Every due date of a case, computed from the routine profile. Every page reads deadlines from here.

The rules work on loaded objects: call `deadlines.selectors.with_deadline_data` on a case queryset first,
so a list of cases costs the same number of queries whatever its length.

- SIP meeting within N days of the noticed need, until the first SIP meeting is held.
- At discharge: the invitation within N calendar days of the discharge-ready notice, until one is sent.
- Each sent invitation: the invited unit's answer, N working days after it was received.
- Plan documented N working days after a held SIP or follow-up meeting, until a version is made from it.
- Consent that runs out within 30 days.
- The follow-up date of the plan in force, until a follow-up version is made.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.cases.models import ConsentStatus, CoordinationCase
from samordna.common import clock
from samordna.common.calendar import add_working_days
from samordna.meetings.models import InvitationStatus, MeetingKind, MeetingStatus
from samordna.plans.models import PlanStatus

CONSENT_EXPIRY_WARNING_DAYS = 30
PLAN_MEETING_KINDS = {MeetingKind.SIP, MeetingKind.FOLLOW_UP}


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_on: datetime.date
    unit_id: int | None = None

    @property
    def is_overdue(self) -> bool:
        return self.due_on < clock.today()

    @property
    def days_left(self) -> int:
        return (self.due_on - clock.today()).days


def case_deadlines(case: CoordinationCase) -> list[Deadline]:
    """Every deadline that applies to the case now, earliest first. A closed case has none."""
    if case.is_closed:
        return []
    meetings = [meeting for meeting in case.meetings.all() if meeting.status != MeetingStatus.WITHDRAWN]
    deadlines = [
        *_meeting_within(case, meetings),
        *_discharge_invitation(case, meetings),
        *_invitation_answers(meetings),
        *_plan_documentation(case, meetings),
        *_consent_expiry(case),
        *_follow_up(case),
    ]
    return sorted(deadlines, key=lambda deadline: deadline.due_on)


def next_deadline(case: CoordinationCase) -> Deadline | None:
    deadlines = case_deadlines(case)
    return deadlines[0] if deadlines else None


def _meeting_within(case, meetings) -> list[Deadline]:
    if any(meeting.kind == MeetingKind.SIP and meeting.status == MeetingStatus.HELD for meeting in meetings):
        return []
    return [Deadline("meeting_within", _("SIP-möte senast"), case.meeting_due_on)]


def _discharge_invitation(case, meetings) -> list[Deadline]:
    notice = getattr(case, "discharge_notice", None)
    if notice is None or any(meeting.sent_at for meeting in meetings):
        return []
    return [Deadline("discharge_invitation", _("Kallelse vid utskrivning senast"), notice.invitation_due_on)]


def _invitation_answers(meetings) -> list[Deadline]:
    return [
        Deadline(
            "invitation_answer",
            _("Svar på kallelse från %(unit)s senast") % {"unit": invitation.unit.name},
            invitation.answer_due_on,
            unit_id=invitation.unit_id,
        )
        for meeting in meetings
        if meeting.status == MeetingStatus.SENT
        for invitation in meeting.invitations.all()
        if invitation.status == InvitationStatus.SENT and invitation.answer_due_on
    ]


def plan_documentation_due(case: CoordinationCase, meeting) -> datetime.date:
    """The plan is documented within N working days after the meeting (routine profile; 000: two)."""
    held_on = timezone.localdate(meeting.starts_at)
    return add_working_days(held_on, case.routine_profile.plan_documentation_working_days)


def _plan_documentation(case, meetings) -> list[Deadline]:
    versions = _versions(case)
    documented_meeting_ids = {version.meeting_id for version in versions}
    return [
        Deadline("plan_documentation", _("Plan dokumenterad senast"), plan_documentation_due(case, meeting))
        for meeting in meetings
        if meeting.kind in PLAN_MEETING_KINDS
        and meeting.status == MeetingStatus.HELD
        and meeting.pk not in documented_meeting_ids
    ]


def _consent_expiry(case) -> list[Deadline]:
    for consent in case.consents.all():
        if consent.status == ConsentStatus.ACTIVE and (consent.valid_to - clock.today()).days <= (
            CONSENT_EXPIRY_WARNING_DAYS
        ):
            return [Deadline("consent_expiry", _("Samtycket upphör"), consent.valid_to)]
    return []


def _follow_up(case) -> list[Deadline]:
    approved = [version for version in _versions(case) if version.status == PlanStatus.APPROVED]
    if not approved or not approved[0].follow_up_on:
        return []
    return [Deadline("follow_up", _("Uppföljning"), approved[0].follow_up_on)]


def _versions(case) -> list:
    """The case's plan versions from the prefetch (no plan yet: none)."""
    try:
        plan = case.plan
    except CoordinationCase.plan.RelatedObjectDoesNotExist:
        return []
    return list(plan.versions.all())
