"""Every due date of a case, computed from the routine profile. Every page reads deadlines from here.

The rules work on loaded objects: call `deadlines.selectors.with_deadline_data` on a case queryset first,
so a list of cases costs the same number of queries whatever its length.

- SIP meeting within N days of the noticed need, until the first SIP meeting is held.
- At discharge: the invitation within N calendar days of the discharge-ready notice, until one is sent
  (`DischargeNotice.invitation_due_on`; the law counts calendar days).
- Each sent invitation: the invited unit's answer, N working days after it was received (the date is set when
  the invitation is sent, by `meetings.services.rules.invitation_answer_due`, and read here).
- Plan documented N working days after a held SIP or follow-up meeting, until a version is made from it.
- Each principal with interventions in a version being signed off: its approval, by the same day.
- Consent that runs out within 30 days.
- The follow-up date of the plan in force, until a follow-up version is made: approaching in the last
  FOLLOW_UP_NOTICE_DAYS days, passed after it.

Each deadline names what must be done (`action`, the groups of the overview) and the units that must do it
(`unit_ids`), so the overview and the unit inbox show it to the right people.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.cases.models import ConsentStatus, CoordinationCase
from samordna.common import clock
from samordna.common.calendar import add_working_days
from samordna.meetings.models import InvitationStatus, MeetingKind, MeetingStatus
from samordna.plans.models import PlanStatus

CONSENT_EXPIRY_WARNING_DAYS = 30
# How long before the follow-up date the lead is asked to prepare it (dialogue with the individual, consent
# still valid, purpose and questions, new actors: SPEC step 8). The routines name no figure; two weeks leaves
# time to send an invitation answered within a working day.
FOLLOW_UP_NOTICE_DAYS = 14
PLAN_MEETING_KINDS = {MeetingKind.SIP, MeetingKind.FOLLOW_UP}
SIGN_OFF_STATUSES = {PlanStatus.DRAFT, PlanStatus.PARTLY_APPROVED}


class DeadlineAction(models.TextChoices):
    """What someone must do next: the groups of the overview, in the order of the process."""

    CALL_MEETING = "call_meeting", gettext_lazy("Möten att kalla till")
    ANSWER_INVITATION = "answer_invitation", gettext_lazy("Kallelser att besvara")
    DOCUMENT_PLAN = "document_plan", gettext_lazy("Planer att dokumentera")
    APPROVE_PLAN = "approve_plan", gettext_lazy("Planer att godkänna för din huvudman")
    PREPARE_FOLLOW_UP = "prepare_follow_up", gettext_lazy("Uppföljningar att förbereda")
    RENEW_CONSENT = "renew_consent", gettext_lazy("Samtycken att förnya")


def deadline_label(kind: str, *, unit_name: str = "", principal_name: str = "") -> str:
    """What the deadline is called, in the active language: the one wording for the pages, the API and the
    stored deadlines (which keep the kind and the unit or principal, never the text)."""
    labels = {
        "meeting_within": _("SIP-möte senast"),
        "discharge_invitation": _("Kallelse vid utskrivning senast"),
        "invitation_answer": _("Svar på kallelse från %(unit)s senast") % {"unit": unit_name},
        "plan_documentation": _("Plan dokumenterad senast"),
        "plan_approval": _("%(principal)s godkänner sin del av planen senast") % {"principal": principal_name},
        "consent_expiry": _("Samtycket upphör"),
        "follow_up": _("Uppföljning"),
    }
    return labels[kind]


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_on: datetime.date
    unit_id: int | None = None
    action: str = DeadlineAction.CALL_MEETING
    unit_ids: frozenset[int] = frozenset()
    # From this day the deadline is something to act on now (None: from the start).
    notice_from: datetime.date | None = None
    principal_id: int | None = None
    meeting: object = field(default=None, compare=False, repr=False)
    # From this day the deadline is shown at all (None: from the start). A consent's expiry is not a deadline
    # of the case until the last CONSENT_EXPIRY_WARNING_DAYS.
    listed_from: datetime.date | None = None

    @property
    def meeting_id(self) -> int | None:
        return getattr(self.meeting, "pk", None)

    @property
    def is_listed(self) -> bool:
        return self.listed_from is None or self.listed_from <= clock.today()

    @property
    def is_overdue(self) -> bool:
        return self.due_on < clock.today()

    @property
    def days_left(self) -> int:
        return (self.due_on - clock.today()).days

    @property
    def is_current(self) -> bool:
        """Whether the deadline is something to act on today (a follow-up months ahead is not yet)."""
        return self.notice_from is None or self.notice_from <= clock.today()

    @property
    def is_approaching(self) -> bool:
        """Current but not yet passed."""
        return self.is_current and not self.is_overdue

    def concerns(self, unit_ids: set[int]) -> bool:
        """Whether one of `unit_ids` must act on it."""
        return bool(self.unit_ids & unit_ids)


def case_deadlines(case: CoordinationCase) -> list[Deadline]:
    """Every deadline that applies to the case now, earliest first. A closed case has none."""
    return [deadline for deadline in all_case_deadlines(case) if deadline.is_listed]


def all_case_deadlines(case: CoordinationCase) -> list[Deadline]:
    """Every deadline of the case whatever today is, each saying from when it is listed (`listed_from`) and
    acted on (`notice_from`): what `deadlines.store` keeps, so the stored rows do not go stale with the date."""
    if case.is_closed:
        return []
    meetings = [meeting for meeting in case.meetings.all() if meeting.status != MeetingStatus.WITHDRAWN]
    deadlines = [
        *_meeting_within(case, meetings),
        *_discharge_invitation(case, meetings),
        *_invitation_answers(meetings),
        *_plan_documentation(case, meetings),
        *_plan_approval(case, meetings),
        *_consent_expiry(case),
        *_follow_up(case),
    ]
    return sorted(deadlines, key=lambda deadline: (deadline.due_on, deadline.kind))


def _convener_units(case) -> frozenset[int]:
    return frozenset({case.convener_unit_id})


def _lead_units(case) -> frozenset[int]:
    """The lead's unit acts for the lead; until a lead is named, the convener's unit does (plans.policies)."""
    return frozenset({case.lead_unit_id or case.convener_unit_id})


def _meeting_within(case, meetings) -> list[Deadline]:
    if any(meeting.kind == MeetingKind.SIP and meeting.status == MeetingStatus.HELD for meeting in meetings):
        return []
    return [
        Deadline(
            "meeting_within",
            deadline_label("meeting_within"),
            case.meeting_due_on,
            action=DeadlineAction.CALL_MEETING,
            unit_ids=_convener_units(case),
        )
    ]


def _discharge_invitation(case, meetings) -> list[Deadline]:
    notice = getattr(case, "discharge_notice", None)
    if notice is None or any(meeting.sent_at for meeting in meetings):
        return []
    return [
        Deadline(
            "discharge_invitation",
            deadline_label("discharge_invitation"),
            notice.invitation_due_on,
            action=DeadlineAction.CALL_MEETING,
            unit_ids=_convener_units(case),
        )
    ]


def _invitation_answers(meetings) -> list[Deadline]:
    return [
        Deadline(
            "invitation_answer",
            deadline_label("invitation_answer", unit_name=invitation.unit.name),
            invitation.answer_due_on,
            unit_id=invitation.unit_id,
            action=DeadlineAction.ANSWER_INVITATION,
            unit_ids=frozenset({invitation.unit_id}),
            meeting=meeting,
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
        Deadline(
            "plan_documentation",
            deadline_label("plan_documentation"),
            plan_documentation_due(case, meeting),
            action=DeadlineAction.DOCUMENT_PLAN,
            unit_ids=frozenset({meeting.organiser_unit_id}),
            meeting=meeting,
        )
        for meeting in meetings
        if meeting.kind in PLAN_MEETING_KINDS
        and meeting.status == MeetingStatus.HELD
        and meeting.pk not in documented_meeting_ids
    ]


def plan_approval_due(case: CoordinationCase, version, meetings) -> datetime.date:
    """A version is signed off by the day the plan must be documented: N working days after its meeting, or
    after the version was made when it has no meeting."""
    meeting = next((meeting for meeting in meetings if meeting.pk == version.meeting_id), None)
    if meeting is not None:
        return plan_documentation_due(case, meeting)
    made_on = timezone.localdate(version.created_at)
    return add_working_days(made_on, case.routine_profile.plan_documentation_working_days)


def _plan_approval(case, meetings) -> list[Deadline]:
    """One deadline per principal with interventions in the version being signed off that has not approved."""
    version = next((version for version in _versions(case) if version.status in SIGN_OFF_STATUSES), None)
    if version is None:
        return []
    approved = {approval.principal_id for approval in version.approvals.all()}
    principals = {}
    for intervention in version.interventions.all():
        principals.setdefault(intervention.unit.principal_id, intervention.unit.principal)
    case_units = _case_units(case)
    due_on = plan_approval_due(case, version, meetings)
    return [
        Deadline(
            "plan_approval",
            deadline_label("plan_approval", principal_name=principal.name),
            due_on,
            action=DeadlineAction.APPROVE_PLAN,
            unit_ids=frozenset(unit.pk for unit in case_units if unit.principal_id == principal_id),
            principal_id=principal_id,
        )
        for principal_id, principal in sorted(principals.items(), key=lambda item: item[1].name)
        if principal_id not in approved
    ]


def _case_units(case) -> list:
    """The units taking part in the case, from loaded data: any of them at a principal may sign its part."""
    units = {case.convener_unit_id: case.convener_unit}
    if case.lead_unit_id is not None:
        units[case.lead_unit_id] = case.lead_unit
    for actor in case.actors.all():
        if actor.left_at is None:
            units.setdefault(actor.unit_id, actor.unit)
    return list(units.values())


def _consent_expiry(case) -> list[Deadline]:
    for consent in case.consents.all():
        if consent.status == ConsentStatus.ACTIVE:
            warn_from = consent.valid_to - datetime.timedelta(days=CONSENT_EXPIRY_WARNING_DAYS)
            return [
                Deadline(
                    "consent_expiry",
                    deadline_label("consent_expiry"),
                    consent.valid_to,
                    action=DeadlineAction.RENEW_CONSENT,
                    unit_ids=_convener_units(case) | _lead_units(case),
                    notice_from=warn_from,
                    listed_from=warn_from,
                )
            ]
    return []


def _follow_up(case) -> list[Deadline]:
    approved = [version for version in _versions(case) if version.status == PlanStatus.APPROVED]
    if not approved or not approved[0].follow_up_on:
        return []
    follow_up_on = approved[0].follow_up_on
    return [
        Deadline(
            "follow_up",
            deadline_label("follow_up"),
            follow_up_on,
            action=DeadlineAction.PREPARE_FOLLOW_UP,
            unit_ids=_lead_units(case),
            notice_from=follow_up_on - datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS),
        )
    ]


def _versions(case) -> list:
    """The case's plan versions from the prefetch, newest first (no plan yet: none)."""
    try:
        plan = case.plan
    except CoordinationCase.plan.RelatedObjectDoesNotExist:
        return []
    return list(plan.versions.all())
