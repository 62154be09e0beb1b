"""Reads for the overview pages: my work grouped by what I must do next, and a manager's unit inbox. Every
due date comes from `deadlines.rules`, read from the stored deadlines (`deadlines.store`) so a list costs what
the user's own work costs, never a computation over every case they may see."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from samordna.accounts.models import User
from samordna.cases.models import CaseActor, CoordinationCase, Step
from samordna.cases.policies import case_unit_ids, visible_case_ids, visible_cases
from samordna.cases.selectors import cases_for_overview
from samordna.cases.services_assignment import managed_unit_ids
from samordna.deadlines.rules import Deadline, DeadlineAction
from samordna.deadlines.selectors import next_deadlines, overdue_work, work_to_do
from samordna.deadlines.store import deadlines_refresh
from samordna.meetings.models import Invitation, InvitationStatus, MeetingStatus
from samordna.meetings.selectors import unit_staff
from samordna.organizations.models import Unit


@dataclass
class WorkItem:
    """One thing to do in one case, with its due date."""

    case: CoordinationCase
    deadline: Deadline

    @property
    def url(self) -> str:
        """Where the work is done."""
        action, case_pk = self.deadline.action, self.case.pk
        if action == DeadlineAction.ANSWER_INVITATION and self.deadline.meeting_id is not None:
            return reverse("meetings:detail", args=[case_pk, self.deadline.meeting_id])
        if action in (DeadlineAction.DOCUMENT_PLAN, DeadlineAction.APPROVE_PLAN, DeadlineAction.PREPARE_FOLLOW_UP):
            return reverse("plans:detail", args=[case_pk])
        if action == DeadlineAction.RENEW_CONSENT:
            return reverse("cases:consent_record", args=[case_pk])
        return self.case.get_absolute_url()


@dataclass
class WorkGroup:
    action: str
    label: str
    items: list[WorkItem] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.deadline.is_overdue)


def _visible_ids(user) -> QuerySet:
    return visible_case_ids(case_unit_ids(user))


def refresh_visible_deadlines(user) -> None:
    """Work out again the stored deadlines of the user's cases that a change marked (one query when none is):
    every list below reads them."""
    deadlines_refresh(case_ids=_visible_ids(user))


def work_cases(user, *, step: str = "", unit_id: int | None = None) -> list[CoordinationCase]:
    """The user's open cases, filtered by process step and by one of their units (convener's, lead's or an
    active actor), with their stored deadlines brought up to date."""
    refresh_visible_deadlines(user)
    cases = cases_for_overview(user).select_related("lead_unit")
    if step:
        cases = cases.filter(status=step)
    if unit_id is not None:
        active_actor = CaseActor.objects.filter(case_id=OuterRef("pk"), unit_id=unit_id, left_at__isnull=True)
        cases = cases.filter(Q(convener_unit_id=unit_id) | Q(lead_unit_id=unit_id) | Exists(active_actor))
    return list(cases)


def work_groups(user, cases: list[CoordinationCase], *, unit_id: int | None = None) -> list[WorkGroup]:
    """What the user's units must do next in `cases` (from `work_cases`), one group per action in process order,
    each sorted by due date (overdue first). Only deadlines due to act on now: a follow-up months ahead is not
    listed yet."""
    unit_ids = case_unit_ids(user)
    if unit_id is not None:
        unit_ids = unit_ids & {unit_id}
    shown = {case.pk: case for case in cases}
    groups = {action: WorkGroup(action, label) for action, label in DeadlineAction.choices}
    if shown and unit_ids:
        for case, deadline in work_to_do(unit_ids=unit_ids, case_ids=_visible_ids(user)):
            if case.pk in shown:
                groups[deadline.action].items.append(WorkItem(shown[case.pk], deadline))
    return list(groups.values())


def case_rows(cases: list[CoordinationCase]) -> list[dict]:
    """Every open case with its next deadline, the earliest first and cases without one last."""
    following = next_deadlines([case.pk for case in cases])
    rows = [{"case": case, "deadline": following.get(case.pk)} for case in cases]
    rows.sort(key=lambda row: (row["deadline"] is None, row["deadline"].due_on if row["deadline"] else None))
    return rows


# The unit inbox (managers)


def unassigned_invitations(user, unit_ids: set[int]) -> QuerySet[Invitation]:
    """Invitations to the units waiting for an answer in open cases the user may see where the unit has no named
    contact yet: nobody at the unit has been given the case. Each row carries `actor_pk`, the unit's actor row
    to assign."""
    unit_actor = CaseActor.objects.filter(
        case_id=OuterRef("meeting__case_id"), unit_id=OuterRef("unit_id"), left_at__isnull=True
    )
    return (
        Invitation.objects.filter(
            unit_id__in=unit_ids,
            status=InvitationStatus.SENT,
            meeting__status=MeetingStatus.SENT,
            meeting__case__in=visible_cases(user),
        )
        .exclude(meeting__case__status=Step.CLOSED)
        .annotate(actor_pk=Subquery(unit_actor.filter(contact__isnull=True).values("pk")[:1]))
        .filter(actor_pk__isnull=False)
        .select_related("unit", "meeting__case__person", "meeting__organiser_unit")
        .order_by("answer_due_on", "meeting__starts_at", "id")
    )


def actors_without_contact(user, unit_ids: set[int]) -> QuerySet[CaseActor]:
    """The units' places in open cases the user may see with no named contact, apart from those waiting on an
    invitation (the inbox lists them as invitations)."""
    awaiting_answer = Invitation.objects.filter(
        meeting__case_id=OuterRef("case_id"),
        unit_id=OuterRef("unit_id"),
        status=InvitationStatus.SENT,
        meeting__status=MeetingStatus.SENT,
    )
    return (
        CaseActor.objects.filter(
            unit_id__in=unit_ids, left_at__isnull=True, contact__isnull=True, case__in=visible_cases(user)
        )
        .exclude(case__status=Step.CLOSED)
        .exclude(Exists(awaiting_answer))
        .select_related("unit", "case__person", "case__convener_unit")
        .order_by("joined_at", "id")
    )


def overdue_in_units(user, unit_ids: set[int]) -> list[WorkItem]:
    """Every passed deadline in the units' open cases that one of the units must act on, the oldest first (call
    `refresh_visible_deadlines` first)."""
    if not unit_ids:
        return []
    return [WorkItem(case, deadline) for case, deadline in overdue_work(unit_ids=unit_ids, case_ids=_visible_ids(user))]


def staff_by_unit(unit_ids: set[int]) -> dict[int, list[User]]:
    """The active staff and managers of each unit, for the assignment choices, in one query."""
    staff: dict[int, list[User]] = {unit_id: [] for unit_id in unit_ids}
    for user in unit_staff(unit_ids):
        for membership in user.memberships.all():
            if membership.unit_id in staff and user not in staff[membership.unit_id]:
                staff[membership.unit_id].append(user)
    return staff


@dataclass
class UnitInbox:
    units: list[Unit]
    invitations: list[Invitation]
    actors: list[CaseActor]
    overdue: list[WorkItem]
    staff: dict[int, list[User]]

    @property
    def cases(self) -> list[CoordinationCase]:
        """Every case the inbox shows, for the read audit."""
        shown = {invitation.meeting.case.pk: invitation.meeting.case for invitation in self.invitations}
        shown.update({actor.case.pk: actor.case for actor in self.actors})
        shown.update({item.case.pk: item.case for item in self.overdue})
        return list(shown.values())


def unit_inbox(user) -> UnitInbox:
    """The inbox of the units the user manages. Each invitation and actor row carries `assignable`: the staff
    of its unit."""
    unit_ids = managed_unit_ids(user)
    refresh_visible_deadlines(user)
    staff = staff_by_unit(unit_ids)
    invitations = list(unassigned_invitations(user, unit_ids))
    actors = list(actors_without_contact(user, unit_ids))
    for row in [*invitations, *actors]:
        row.assignable = staff.get(row.unit_id, [])
    return UnitInbox(
        units=list(Unit.objects.filter(pk__in=unit_ids).order_by("name")),
        invitations=invitations,
        actors=actors,
        overdue=overdue_in_units(user, unit_ids),
        staff=staff,
    )
