"""Keeping the stored deadlines (`deadlines.models.StoredDeadline`) in step with the rules.

Writers only mark a case (`deadlines_mark`, called by `deadlines.signals` in the writer's transaction); the
rows are worked out again by `deadlines_refresh`, from `rules.all_case_deadlines`, by the reader that is about
to show them and by the sweep. Two refreshers never work on one case at once: each locks the cases it works out
(skipping those another one holds), and removes only the marks it read before it began.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from samordna.cases.models import CoordinationCase, Step
from samordna.deadlines.models import DeadlineRefresh, StoredDeadline
from samordna.deadlines.rules import all_case_deadlines
from samordna.deadlines.selectors import with_deadline_data

CHUNK_SIZE = 500


def deadlines_mark(*, case_ids: Iterable[int]) -> None:
    """Note that the deadlines of these cases must be worked out again."""
    DeadlineRefresh.objects.bulk_create(DeadlineRefresh(case_id=case_id) for case_id in set(case_ids) - {None})


def deadlines_mark_open_cases(*, cases: QuerySet[CoordinationCase] | None = None) -> int:
    """Mark every open case (of `cases`): after a bulk load, a change to a routine profile, an upgrade."""
    cases = CoordinationCase.objects.all() if cases is None else cases
    case_ids = list(cases.exclude(status=Step.CLOSED).values_list("pk", flat=True))
    for start in range(0, len(case_ids), CHUNK_SIZE):
        deadlines_mark(case_ids=case_ids[start : start + CHUNK_SIZE])
    return len(case_ids)


def _rows(case: CoordinationCase) -> list[StoredDeadline]:
    return [
        StoredDeadline(
            case_id=case.pk,
            unit_id=unit_id,
            kind=deadline.kind,
            action=deadline.action,
            due_on=deadline.due_on,
            notice_from=deadline.notice_from,
            listed_from=deadline.listed_from,
            subject_unit_id=deadline.unit_id,
            principal_id=deadline.principal_id,
            meeting_id=deadline.meeting_id,
        )
        for deadline in all_case_deadlines(case)
        for unit_id in sorted(deadline.unit_ids)
    ]


@transaction.atomic
def _refresh_chunk(marked: list[tuple[int, int]]) -> int:
    wanted = {case_id for _, case_id in marked}
    locked = set(
        CoordinationCase.objects.select_for_update(skip_locked=True)
        .filter(pk__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    gone = wanted - locked - set(CoordinationCase.objects.filter(pk__in=wanted - locked).values_list("pk", flat=True))
    if locked:
        cases = with_deadline_data(CoordinationCase.objects.filter(pk__in=locked).order_by())
        StoredDeadline.objects.filter(case_id__in=locked).delete()
        StoredDeadline.objects.bulk_create(row for case in cases for row in _rows(case))
    done = locked | gone
    DeadlineRefresh.objects.filter(pk__in=[pk for pk, case_id in marked if case_id in done]).delete()
    return len(done)


def deadlines_refresh(*, case_ids: Iterable[int] | QuerySet | None = None) -> int:
    """Work out again the marked cases among `case_ids` (every marked case when None); returns how many. Costs
    one query when none of them is marked, the usual case for a page."""
    marks = DeadlineRefresh.objects.order_by("pk")
    if case_ids is not None:
        marks = marks.filter(case_id__in=case_ids)
    refreshed = 0
    while marked := list(marks.values_list("pk", "case_id")[:CHUNK_SIZE]):
        done = _refresh_chunk(marked)
        refreshed += done
        if done < len({case_id for _, case_id in marked}):
            break  # another refresher holds the rest; it removes their marks
    return refreshed
