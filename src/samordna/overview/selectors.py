"""Reads for the overview pages: my work grouped by what I must do next, and a manager's unit inbox. Every
due date comes from `deadlines.rules`, read from the stored deadlines (`deadlines.store`) so a list costs what
the user's own work costs, never a computation over every case they may see."""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from samordna.accounts.models import User
from samordna.cases.models import CaseActor, CoordinationCase
from samordna.cases.policies import case_unit_ids, visible_case_ids
from samordna.cases.services_assignment import managed_unit_ids
from samordna.deadlines.rules import Deadline, DeadlineAction
from samordna.deadlines.selectors import (
    case_stored_deadlines,
    next_deadlines,
    next_due_on,
    overdue_work,
    work_to_do,
)
from samordna.deadlines.store import deadlines_refresh
from samordna.meetings.models import Invitation, InvitationStatus, MeetingStatus
from samordna.meetings.selectors import unit_staff
from samordna.organizations.models import Unit

# How many items of each group and how many open cases the overview shows before "show all" and the next page.
GROUP_SHOWN = 10
OPEN_CASES_PER_PAGE = 25


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
    """One action's work: the first `GROUP_SHOWN` items (all of them when the group is opened), the total and
    how many of all are overdue."""

    action: str
    label: str
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0
    overdue_count: int = 0

    @property
    def hidden_count(self) -> int:
        return self.total - len(self.items)


def open_case_ids(user) -> list[int]:
    """The ids of the open cases the user may see, read once for a page (one query), with their stored deadlines
    brought up to date (one more query to find the marked ones, none marked being the usual case): every list
    below is about these."""
    unit_ids = case_unit_ids(user)
    case_ids = list(visible_case_ids(unit_ids, open_only=True)) if unit_ids else []
    if case_ids:
        deadlines_refresh(case_ids=case_ids)
    return case_ids


def case_page_deadlines(case: CoordinationCase) -> list[Deadline]:
    """The case page's deadlines: the stored ones, worked out again first when a change marked the case (two small
    queries instead of loading the case's meetings, invitations and plan versions)."""
    deadlines_refresh(case_ids=[case.pk])
    return case_stored_deadlines(case)


def work_cases(user, *, step: str = "", unit_id: int | None = None) -> QuerySet[CoordinationCase]:
    """The user's open cases, filtered by process step and by one of their units (convener's, lead's or an
    active actor), the earliest next deadline first (cases without one last, then the newest), with their stored
    deadlines brought up to date. A queryset, so a page loads only the cases it shows."""
    cases = CoordinationCase.objects.filter(pk__in=open_case_ids(user)).select_related(
        "person", "convener_unit", "lead_unit"
    )
    if step:
        cases = cases.filter(status=step)
    if unit_id is not None:
        active_actor = CaseActor.objects.filter(case_id=OuterRef("pk"), unit_id=unit_id, left_at__isnull=True)
        cases = cases.filter(Q(convener_unit_id=unit_id) | Q(lead_unit_id=unit_id) | Exists(active_actor))
    return cases.annotate(next_due_on=next_due_on()).order_by(
        F("next_due_on").asc(nulls_last=True), "-created_at", "-pk"
    )


def work_groups(
    user, cases: QuerySet[CoordinationCase], *, unit_id: int | None = None, opened: str = ""
) -> list[WorkGroup]:
    """What the user's units must do next in `cases` (from `work_cases`), one group per action in process order,
    each sorted by due date (overdue first) and cut at `GROUP_SHOWN` items unless it is the `opened` one. Only
    deadlines due to act on now: a follow-up months ahead is not listed yet."""
    unit_ids = case_unit_ids(user)
    if unit_id is not None:
        unit_ids = unit_ids & {unit_id}
    groups = {action: WorkGroup(action, label) for action, label in DeadlineAction.choices}
    if unit_ids:
        for case, deadline in work_to_do(unit_ids=unit_ids, case_ids=cases.order_by().values("pk")):
            group = groups[deadline.action]
            group.total += 1
            group.overdue_count += deadline.is_overdue
            if group.action == opened or len(group.items) < GROUP_SHOWN:
                group.items.append(WorkItem(case, deadline))
    return list(groups.values())


def case_rows(cases: list[CoordinationCase]) -> list[dict]:
    """The cases, in the order given, each with its next deadline (None when it has none)."""
    following = next_deadlines([case.pk for case in cases])
    return [{"case": case, "deadline": following.get(case.pk)} for case in cases]


# The unit inbox (managers)


def unassigned_invitations(unit_ids: set[int], case_ids: list[int]) -> QuerySet[Invitation]:
    """Invitations to the units waiting for an answer in the open cases `case_ids` (`open_case_ids`) where the
    unit has no named contact yet: nobody at the unit has been given the case. Each row carries `actor_pk`, the
    unit's actor row to assign."""
    unit_actor = CaseActor.objects.filter(
        case_id=OuterRef("meeting__case_id"), unit_id=OuterRef("unit_id"), left_at__isnull=True
    )
    return (
        Invitation.objects.filter(
            unit_id__in=unit_ids,
            status=InvitationStatus.SENT,
            meeting__status=MeetingStatus.SENT,
            meeting__case_id__in=case_ids,
        )
        .annotate(actor_pk=Subquery(unit_actor.filter(contact__isnull=True).values("pk")[:1]))
        .filter(actor_pk__isnull=False)
        .select_related("unit", "meeting__case__person", "meeting__organiser_unit")
        .order_by("answer_due_on", "meeting__starts_at", "id")
    )


def actors_without_contact(unit_ids: set[int], case_ids: list[int]) -> QuerySet[CaseActor]:
    """The units' places in the open cases `case_ids` with no named contact, apart from those waiting on an
    invitation (the inbox lists them as invitations)."""
    awaiting_answer = Invitation.objects.filter(
        meeting__case_id=OuterRef("case_id"),
        unit_id=OuterRef("unit_id"),
        status=InvitationStatus.SENT,
        meeting__status=MeetingStatus.SENT,
    )
    return (
        CaseActor.objects.filter(
            unit_id__in=unit_ids,
            left_at__isnull=True,
            contact__isnull=True,
            case_id__in=case_ids,
        )
        .exclude(Exists(awaiting_answer))
        .select_related("unit", "case__person", "case__convener_unit")
        .order_by("joined_at", "id")
    )


def overdue_in_units(unit_ids: set[int], case_ids: list[int]) -> list[WorkItem]:
    """Every passed deadline in the open cases `case_ids` (from `open_case_ids`, which brings them up to date) that
    one of the units must act on, the oldest first."""
    if not unit_ids:
        return []
    return [WorkItem(case, deadline) for case, deadline in overdue_work(unit_ids=unit_ids, case_ids=case_ids)]


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
    case_ids = open_case_ids(user)
    staff = staff_by_unit(unit_ids)
    invitations = list(unassigned_invitations(unit_ids, case_ids))
    actors = list(actors_without_contact(unit_ids, case_ids))
    for row in [*invitations, *actors]:
        row.assignable = staff.get(row.unit_id, [])
    return UnitInbox(
        units=list(Unit.objects.filter(pk__in=unit_ids).order_by("name")),
        invitations=invitations,
        actors=actors,
        overdue=overdue_in_units(unit_ids, case_ids),
        staff=staff,
    )
