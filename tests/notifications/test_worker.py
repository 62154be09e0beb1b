"""The real database task backend: a notice enqueued by a notification is delivered by one run of the worker
(`manage.py db_worker`), on SQLite as on PostgreSQL."""

import signal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samordna.notifications.models import EmailPreference, EmailStatus, Notification, NotificationKind
from samordna.notifications.services import Target, notifications_create
from samordna.notifications.tasks import deliver_email_notices

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DB_TASKS)
def test_the_database_worker_delivers_the_notice(committed, actor_staff):
    actor_staff.email = "staff@example.org"
    actor_staff.save()
    EmailPreference.objects.create(user=actor_staff, email_enabled=True)
    with committed():
        notifications_create(
            kind=NotificationKind.INVITATION_RECEIVED, recipient_ids=[actor_staff.pk], target=Target(), key="w"
        )
    # Queued in the database, not sent yet.
    queued = DBTaskResult.objects.get(task_path=deliver_email_notices.module_path)
    assert queued.status == TaskResultStatus.READY
    assert mail.outbox == []
    # The worker checks for dropped connections between tasks; inside the test's transaction it must not close it.
    # It also installs its own SIGINT/SIGTERM handlers: put the test process's back afterwards.
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.SENT


def test_running_the_worker_leaves_the_test_process_signal_handlers_alone(committed, actor_staff):
    before = signal.getsignal(signal.SIGTERM)
    test_the_database_worker_delivers_the_notice(committed, actor_staff)
    assert signal.getsignal(signal.SIGTERM) is before
