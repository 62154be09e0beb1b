"""What the deadline rules need, loaded once for a whole list of cases; and the stored deadlines the overview,
the unit inbox and the work list read instead of working every case out."""

from collections.abc import Iterable

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from samordna.cases.models import CaseActor, CoordinationCase
from samordna.common import clock
from samordna.deadlines.models import StoredDeadline
from samordna.deadlines.rules import Deadline, deadline_label
from samordna.meetings.models import Invitation, Meeting
from samordna.plans.models import Intervention, PlanVersion


def with_deadline_data(cases: QuerySet[CoordinationCase]) -> QuerySet[CoordinationCase]:
    """Add the meetings, invitations, consents, actors and plan versions (with interventions and sign-offs)
    `rules.case_deadlines` reads: a fixed number of queries whatever the number of cases."""
    return cases.select_related(
        "routine_profile", "discharge_notice", "plan", "convener_unit", "lead_unit"
    ).prefetch_related(
        "consents",
        Prefetch("actors", queryset=CaseActor.objects.select_related("unit")),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("organiser_unit").prefetch_related(
                Prefetch("invitations", queryset=Invitation.objects.select_related("unit"))
            ),
        ),
        Prefetch(
            "plan__versions",
            queryset=PlanVersion.objects.order_by("-number").prefetch_related(
                "approvals", Prefetch("interventions", queryset=Intervention.objects.select_related("unit__principal"))
            ),
        ),
    )


def _listed(today) -> Q:
    return Q(listed_from__isnull=True) | Q(listed_from__lte=today)


def _as_deadline(row: StoredDeadline) -> Deadline:
    """The row as the rules' Deadline, for display: `unit_ids` holds only the row's own unit."""
    return Deadline(
        row.kind,
        deadline_label(
            row.kind,
            unit_name=row.subject_unit.name if row.subject_unit_id else "",
            principal_name=row.principal.name if row.principal_id else "",
        ),
        row.due_on,
        unit_id=row.subject_unit_id,
        action=row.action,
        unit_ids=frozenset({row.unit_id}),
        notice_from=row.notice_from,
        principal_id=row.principal_id,
        meeting=row.meeting,
        listed_from=row.listed_from,
    )


def _stored(rows: QuerySet[StoredDeadline]) -> list[tuple[CoordinationCase, Deadline]]:
    """Each stored deadline once (a deadline two of the units must act on is two rows), as (case, deadline)."""
    seen, found = set(), []
    rows = rows.select_related(
        "case__person", "case__convener_unit", "subject_unit", "principal", "meeting__organiser_unit"
    ).order_by("due_on", "case_id", "kind", "id")
    for row in rows:
        key = (row.case_id, row.kind, row.subject_unit_id, row.principal_id, row.meeting_id, row.due_on)
        if key not in seen:
            seen.add(key)
            found.append((row.case, _as_deadline(row)))
    return found


def work_to_do(*, unit_ids: set[int], case_ids: Iterable[int] | QuerySet) -> list[tuple[CoordinationCase, Deadline]]:
    """What `unit_ids` must act on now in the cases `case_ids` (ids, or a subquery of them), earliest first, from
    the stored deadlines: an index range over the units, however many cases the county holds."""
    today = clock.today()
    return _stored(
        StoredDeadline.objects.filter(unit_id__in=unit_ids, case_id__in=case_ids)
        .filter(_listed(today))
        .filter(Q(notice_from__isnull=True) | Q(notice_from__lte=today))
    )


def overdue_work(*, unit_ids: set[int], case_ids: Iterable[int] | QuerySet) -> list[tuple[CoordinationCase, Deadline]]:
    """Every passed deadline that `unit_ids` must act on in the cases `case_ids`, the oldest first."""
    return _stored(StoredDeadline.objects.filter(unit_id__in=unit_ids, case_id__in=case_ids, due_on__lt=clock.today()))


def next_due_on() -> Subquery:
    """For a case queryset's annotate: the due date of its earliest listed deadline (None when it has none)."""
    rows = StoredDeadline.objects.filter(case_id=OuterRef("pk")).filter(_listed(clock.today()))
    return Subquery(rows.order_by("due_on").values("due_on")[:1])


def next_deadlines(case_ids: list[int]) -> dict[int, Deadline]:
    """The earliest listed deadline of each case, whoever must act on it."""
    found: dict[int, Deadline] = {}
    rows = StoredDeadline.objects.filter(case_id__in=case_ids).filter(_listed(clock.today()))
    for case, deadline in _stored(rows):
        found.setdefault(case.pk, deadline)
    return found


def case_stored_deadlines(case: CoordinationCase) -> list[Deadline]:
    """Every listed deadline of one case, earliest first, as `rules.case_deadlines` gives them, from the stored
    rows (bring them up to date with `store.deadlines_refresh` first)."""
    rows = StoredDeadline.objects.filter(case_id=case.pk).filter(_listed(clock.today()))
    return [deadline for _case, deadline in _stored(rows)]
