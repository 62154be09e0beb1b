"""The deadline sweep creates "deadline tomorrow" and "deadline passed" exactly once per deadline and
recipient: run twice, or killed halfway and run again. A fixed clock, never sleeping."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samordna.cases import services as case_services
from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.common import clock
from samordna.deadlines import sweep
from samordna.notifications.models import EmailPreference, EmailStatus, Notification, NotificationKind
from samordna.notifications.services import Target, notifications_create
from samordna.organizations.models import Role
from samordna.people.models import Person
from tests.conftest import TODAY, make_user
from tests.factories import identity_number, sent_meeting

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + datetime.timedelta(days=1)
WEDNESDAY = TODAY + datetime.timedelta(days=2)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def second_case(convener, school_unit, bup_unit, actor_staff):
    person = Person.objects.create(
        personal_identity_number=identity_number(datetime.date(1980, 5, 17), 123), first_name="Test", last_name="Två"
    )
    case = case_services.case_start(
        by=convener,
        person=person,
        unit=school_unit,
        initiator_kind=InitiatorKind.SCHOOL,
        need_noticed_on=TODAY,
        need_description="Behöver stöd i skolan.",
    )
    case_services.consent_record(
        case=case,
        by=convener,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.INDIVIDUAL,
        form=ConsentForm.WRITTEN,
        valid_from=TODAY,
        units=[school_unit, bup_unit],
        information_scope="Det som behövs.",
    )
    case_services.case_add_actor(case=case, by=convener, unit=bup_unit, contact=actor_staff)
    return case


@pytest.fixture
def two_invitations(consented_case, convener, school_unit, bup_unit, actor_staff):
    """Two cases, each with an invitation to BUP whose answer is due tomorrow (Tuesday)."""
    other = second_case(convener, school_unit, bup_unit, actor_staff)
    for case in (consented_case, other):
        sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    return consented_case, other


def deadline_notifications():
    return Notification.objects.filter(
        kind__in=[NotificationKind.DEADLINE_TOMORROW, NotificationKind.DEADLINE_PASSED]
    ).order_by("case_id", "recipient_id", "kind")


def test_the_day_before_the_invited_units_staff_hear_the_answer_is_due_tomorrow(
    two_invitations, actor_staff, bup_unit, convener
):
    bup_manager = make_user(bup_unit, Role.MANAGER)
    sweep.deadline_sweep()
    notifications = list(deadline_notifications())
    assert {(n.recipient_id, n.case_id) for n in notifications} == {
        (user.pk, case.pk) for user in (actor_staff, bup_manager) for case in two_invitations
    }
    assert {n.kind for n in notifications} == {NotificationKind.DEADLINE_TOMORROW}
    assert all("2026-11-24" in n.detail for n in notifications)
    assert not Notification.objects.filter(recipient=convener).exists()


def test_a_passed_deadline_is_told_once_it_has_passed(two_invitations, actor_staff, convener):
    """The unanswered invitation was due Tuesday: on Wednesday BUP and the convener hear it has passed."""
    sweep.deadline_sweep()
    with clock.frozen_clock(WEDNESDAY):
        sweep.deadline_sweep()
        sweep.deadline_sweep()
    kinds = list(deadline_notifications().filter(recipient=actor_staff).values_list("kind", flat=True))
    assert sorted(kinds) == sorted([NotificationKind.DEADLINE_TOMORROW] * 2 + [NotificationKind.DEADLINE_PASSED] * 2)
    to_convener = deadline_notifications().filter(recipient=convener)
    assert list(to_convener.values_list("kind", flat=True)) == [NotificationKind.DEADLINE_PASSED] * 2


def test_the_command_sweeps_at_once_or_starts_the_recurring_sweep(two_invitations, actor_staff):
    out = io.StringIO()
    call_command("sweep_deadlines", stdout=out)
    assert "2 deadlines" in out.getvalue()
    assert deadline_notifications().filter(recipient=actor_staff).count() == 2
    with override_settings(TASKS=DB_TASKS):
        call_command("sweep_deadlines", "--schedule", stdout=out)
        call_command("sweep_deadlines", "--schedule", stdout=out)
        assert "already waiting" in out.getvalue()
    queued = DBTaskResult.objects.get(task_path=sweep.deadline_sweep_task.module_path)
    assert queued.run_after == clock.now()


def test_running_the_sweep_twice_creates_nothing_new(two_invitations):
    sweep.deadline_sweep()
    first = list(deadline_notifications().values_list("pk", "recipient_id", "key"))
    sweep.deadline_sweep()
    assert list(deadline_notifications().values_list("pk", "recipient_id", "key")) == first
    assert len(first) == 2


def test_a_sweep_killed_halfway_and_run_again_notifies_each_deadline_exactly_once(two_invitations, actor_staff):
    real_create = sweep.notifications_create
    calls = []

    def dies_on_the_second_case(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real_create(**kwargs)

    killed = mock.patch.object(sweep, "notifications_create", side_effect=dies_on_the_second_case)
    with killed, pytest.raises(SystemExit):
        sweep.deadline_sweep()
    assert deadline_notifications().count() == 1
    sweep.deadline_sweep()
    keys = list(deadline_notifications().values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys)) == 2
    assert {case.pk for case in two_invitations} == set(deadline_notifications().values_list("case_id", flat=True))


def test_the_database_refuses_a_second_notification_with_the_same_key(actor_staff):
    fields = {"recipient": actor_staff, "kind": NotificationKind.DEADLINE_PASSED, "key": "k", "created_at": clock.now()}
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(**fields)


def test_closed_cases_are_not_swept(two_invitations, convener):
    case, _other = two_invitations
    case_services.case_close(case=case, by=convener, reason="goals_met")
    sweep.deadline_sweep()
    assert set(deadline_notifications().values_list("case_id", flat=True)) == {_other.pk}


def test_the_sweep_cannot_schedule_itself_on_the_immediate_backend():
    assert sweep.schedule_next_sweep() is False


@override_settings(TASKS=DB_TASKS)
def test_the_sweep_schedules_its_next_run_once(settings):
    assert sweep.schedule_next_sweep() is True
    assert sweep.schedule_next_sweep() is False
    waiting = DBTaskResult.objects.get(task_path=sweep.deadline_sweep_task.module_path)
    assert waiting.status == TaskResultStatus.READY
    assert waiting.run_after == clock.now() + datetime.timedelta(minutes=settings.SAMORDNA_DEADLINE_SWEEP_MINUTES)


@override_settings(TASKS=DB_TASKS)
def test_the_sweep_task_schedules_the_next_run_before_it_sweeps(two_invitations):
    killed = mock.patch.object(sweep, "deadline_sweep", side_effect=SystemExit("worker killed"))
    with killed, pytest.raises(SystemExit):
        sweep.deadline_sweep_task.call()
    # Killed mid-sweep, yet the next run is already in the queue.
    assert DBTaskResult.objects.filter(task_path=sweep.deadline_sweep_task.module_path).count() == 1


def test_the_sweep_task_sends_notices_a_killed_delivery_left_waiting(actor_staff):
    actor_staff.email = "staff@example.org"
    actor_staff.save()
    EmailPreference.objects.create(user=actor_staff, email_enabled=True)
    # Created, but the delivery it queued never ran (here: its on_commit callback is never executed).
    notifications_create(kind=NotificationKind.CASE_CLOSED, recipient_ids=[actor_staff.pk], target=Target(), key="x")
    assert mail.outbox == []
    sweep.deadline_sweep_task.call()
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.SENT
