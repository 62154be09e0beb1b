"""The audit log is append-only: on PostgreSQL the database itself refuses UPDATE and DELETE."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.services import audit_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL, the production database")


def test_database_refuses_to_update_an_audit_event(convener):
    event = audit_record(user=convener, action=AuditAction.READ, summary="test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    event.refresh_from_db()
    assert event.summary == "test"


def test_database_refuses_to_delete_an_audit_event(convener):
    event = audit_record(user=convener, action=AuditAction.READ, summary="test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
