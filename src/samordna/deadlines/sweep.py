"""The periodic deadline sweep: tells the people concerned the day before a deadline ("deadline tomorrow")
and once it has passed ("deadline passed").

Exactly once per deadline and recipient: each notification's key names the case, the deadline's kind, its
unit and its due date, and `notifications.Notification` has a unique constraint on (recipient, key). Every
case is committed on its own, so a sweep that runs twice, or is killed halfway and run again, creates only
what is still missing.

How it repeats: `deadline_sweep_task` first schedules its own next run (`run_after`, every
SAMORDNA_DEADLINE_SWEEP_MINUTES) unless one is already waiting, then sweeps; `manage.py sweep_deadlines
--schedule` starts the chain (`make run` does), and `manage.py sweep_deadlines` sweeps once at once (for cron).
The due dates come from `deadlines.rules`, as on every page. Each run also works out the stored deadlines
(`deadlines.store`) of every case a change marked and no page has shown since.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django_tasks import TaskResultStatus, task

from samordna.cases.models import CoordinationCase, Step
from samordna.common import clock
from samordna.deadlines.rules import Deadline, case_deadlines
from samordna.deadlines.selectors import with_deadline_data
from samordna.deadlines.store import deadlines_refresh
from samordna.notifications.models import NotificationKind
from samordna.notifications.services import Target, email_notices_enqueue_waiting, notifications_create
from samordna.organizations.models import Membership, Role

CHUNK_SIZE = 200
UNIT_RECIPIENT_ROLES = (Role.STAFF, Role.MANAGER)


def deadline_key(case: CoordinationCase, deadline: Deadline) -> str:
    return f"case:{case.pk}:{deadline.kind}:{deadline.unit_id or '-'}:{deadline.due_on.isoformat()}"


def _unit_staff_ids() -> dict[int, set[int]]:
    staff = defaultdict(set)
    memberships = Membership.objects.filter(role__in=UNIT_RECIPIENT_ROLES, user__is_active=True, unit__is_active=True)
    for unit_id, user_id in memberships.values_list("unit_id", "user_id"):
        staff[unit_id].add(user_id)
    return staff


def _recipients(
    case: CoordinationCase, deadline: Deadline, unit_staff: dict[int, set[int]], *, passed: bool
) -> set[int]:
    """A unit's own deadline (an invitation's answer) goes to that unit's staff and managers, and once it has
    passed also to the convener (SPEC: overdue answers show up for the convener and the unit's manager); a
    deadline of the case goes to the convener and the lead."""
    if deadline.unit_id:
        staff = set(unit_staff.get(deadline.unit_id, set()))
        return staff | {case.convener_id} if passed else staff
    return {user_id for user_id in (case.convener_id, case.lead_id) if user_id}


def deadline_sweep(*, today: datetime.date | None = None) -> int:
    """Create the due "deadline tomorrow" and "deadline passed" notifications; returns how many deadlines
    were due for one (already notified ones included, since the constraint makes a repeat a no-op)."""
    today = today or clock.today()
    tomorrow = today + datetime.timedelta(days=1)
    unit_staff = _unit_staff_ids()
    cases = (
        with_deadline_data(CoordinationCase.objects.exclude(status=Step.CLOSED)).select_related("person").order_by("pk")
    )
    due = 0
    with translation.override(settings.LANGUAGE_CODE):
        for case in cases.iterator(chunk_size=CHUNK_SIZE):
            for deadline in case_deadlines(case):
                if deadline.due_on == tomorrow:
                    kind = NotificationKind.DEADLINE_TOMORROW
                elif deadline.due_on < today:
                    kind = NotificationKind.DEADLINE_PASSED
                else:
                    continue
                due += 1
                notifications_create(
                    kind=kind,
                    recipient_ids=_recipients(
                        case, deadline, unit_staff, passed=kind == NotificationKind.DEADLINE_PASSED
                    ),
                    target=Target.for_case(case),
                    key=deadline_key(case, deadline),
                    detail=f"{deadline.label} {deadline.due_on:%Y-%m-%d}",
                )
    return due


def schedule_next_sweep(*, at: datetime.datetime | None = None) -> bool:
    """Enqueue a sweep at `at` (default SAMORDNA_DEADLINE_SWEEP_MINUTES from now), unless one is already
    waiting or the task backend cannot run tasks later (the immediate backend of the tests). True when one
    was enqueued."""
    backend = deadline_sweep_task.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    # Waiting: not started yet, whether due now or later (the worker's own `ready()` hides later ones).
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=deadline_sweep_task.module_path)
    if waiting.exists():
        return False
    run_after = at or clock.now() + datetime.timedelta(minutes=settings.SAMORDNA_DEADLINE_SWEEP_MINUTES)
    deadline_sweep_task.using(run_after=run_after).enqueue()
    return True


@task()
def deadline_sweep_task() -> int:
    """Schedule the next run first, so a worker killed mid-sweep still sweeps again later, then sweep, then
    pick up e-mail notices a killed delivery left waiting."""
    schedule_next_sweep()
    deadlines_refresh()  # the stored deadlines of cases no page has shown since they changed
    due = deadline_sweep()
    email_notices_enqueue_waiting()
    return due
