"""Two workers sweeping at the same moment on PostgreSQL still notify each deadline exactly once: the
unique constraint on (recipient, key) decides, not timing. Committed for real, each sweep on its own
connection."""

import threading

import pytest
from django.db import connection

from samordna.deadlines import sweep
from samordna.notifications.models import Notification, NotificationKind
from tests.factories import sent_meeting

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises every write anyway.")


def test_two_sweeps_at_once_notify_each_deadline_exactly_once(consented_case, convener, school_unit, bup_unit):
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            sweep.deadline_sweep()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    notifications = Notification.objects.filter(kind=NotificationKind.DEADLINE_TOMORROW)
    keys = list(notifications.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys)) == 1
