"""The purge removes audit events past the retention (at least five years) and never a younger one."""

import datetime
import importlib
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.retention import PURGE_USERNAME, audit_log_purge, years_before
from samordna.common import clock

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 23, 12, 0))


def event_at(moment: datetime.datetime, summary: str) -> AuditEvent:
    return AuditEvent.objects.create(at=moment, action=AuditAction.READ, username="someone", summary=summary)


@pytest.fixture
def events():
    """One event just past five years, one exactly at the cutoff, one a day younger, one from today."""
    cutoff = years_before(NOW, 5)
    return {
        "old": event_at(cutoff - datetime.timedelta(seconds=1), "old"),
        "at_cutoff": event_at(cutoff, "at_cutoff"),
        "young": event_at(cutoff + datetime.timedelta(days=1), "young"),
        "today": event_at(NOW, "today"),
    }


def remaining_summaries() -> set[str]:
    return set(AuditEvent.objects.exclude(username=PURGE_USERNAME).values_list("summary", flat=True))


def test_the_purge_removes_only_events_older_than_five_years(events):
    with clock.frozen_clock(NOW):
        result = audit_log_purge()

    assert result.removed == 1
    assert remaining_summaries() == {"at_cutoff", "young", "today"}


def test_the_purge_records_how_many_and_the_cutoff(events):
    with clock.frozen_clock(NOW):
        audit_log_purge()

    record = AuditEvent.objects.get(username=PURGE_USERNAME)
    assert (record.action, record.object_type, record.user) == (AuditAction.DELETE, "audit.auditevent", None)
    assert record.summary == "purge_audit_log: 1 events before 2021-11-23T12:00:00+01:00"


def test_a_longer_retention_keeps_more(events, settings):
    settings.SAMORDNA_AUDIT_RETENTION_YEARS = 7
    with clock.frozen_clock(NOW):
        result = audit_log_purge()

    assert result.removed == 0
    assert remaining_summaries() == {"old", "at_cutoff", "young", "today"}


def test_the_purge_refuses_a_retention_under_five_years(events, settings):
    settings.SAMORDNA_AUDIT_RETENTION_YEARS = 4
    with pytest.raises(ImproperlyConfigured), clock.frozen_clock(NOW):
        audit_log_purge()

    assert remaining_summaries() == {"old", "at_cutoff", "young", "today"}


def test_the_settings_refuse_a_retention_under_five_years(monkeypatch):
    from samordna.config.settings import base

    monkeypatch.setenv("SAMORDNA_AUDIT_RETENTION_YEARS", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        importlib.reload(base)
    monkeypatch.delenv("SAMORDNA_AUDIT_RETENTION_YEARS")
    importlib.reload(base)


def test_the_command_reports_what_it_removed(events):
    out = io.StringIO()
    with clock.frozen_clock(NOW):
        call_command("purge_audit_log", stdout=out)

    assert out.getvalue().strip() == "1 events before 2021-11-23T12:00:00+01:00 removed."
    assert "old" not in remaining_summaries()


def test_a_dry_run_counts_and_removes_nothing(events):
    out = io.StringIO()
    with clock.frozen_clock(NOW):
        call_command("purge_audit_log", "--dry-run", stdout=out)

    assert out.getvalue().startswith("1 events before 2021-11-23")
    assert remaining_summaries() == {"old", "at_cutoff", "young", "today"}
    assert not AuditEvent.objects.filter(username=PURGE_USERNAME).exists()


def test_the_command_refuses_a_retention_under_five_years(events, settings):
    settings.SAMORDNA_AUDIT_RETENTION_YEARS = 2
    with pytest.raises(CommandError, match="at least 5"), clock.frozen_clock(NOW):
        call_command("purge_audit_log", stdout=io.StringIO())


def test_29_february_becomes_28_february():
    leap_day = timezone.make_aware(datetime.datetime(2028, 2, 29, 9, 0))

    assert years_before(leap_day, 5) == timezone.make_aware(datetime.datetime(2023, 2, 28, 9, 0))


@pytest.mark.postgres
class TestOnPostgreSQL:
    """The trigger lets only the purge through, and only for rows older than five years."""

    @pytest.fixture(autouse=True)
    def _postgresql_only(self):
        if connection.vendor != "postgresql":
            pytest.skip("the append-only trigger exists on PostgreSQL, the production database")

    def test_the_purge_works_despite_the_trigger(self, events):
        with clock.frozen_clock(NOW):
            result = audit_log_purge()

        assert result.removed == 1
        assert remaining_summaries() == {"at_cutoff", "young", "today"}

    def test_a_plain_delete_is_still_refused_after_a_purge(self, events):
        with clock.frozen_clock(NOW):
            audit_log_purge()

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=events["today"].pk).delete()
        assert AuditEvent.objects.filter(pk=events["today"].pk).exists()

    def test_a_plain_delete_of_an_old_event_is_refused(self, events):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=events["old"].pk).delete()
        assert AuditEvent.objects.filter(pk=events["old"].pk).exists()

    def test_a_hand_set_cutoff_cannot_remove_young_events(self, events):
        with pytest.raises(DatabaseError, match="less than five years"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('samordna.audit_purge_cutoff', %s, true)", [NOW.isoformat()])
            AuditEvent.objects.filter(pk=events["today"].pk).delete()
        assert AuditEvent.objects.filter(pk=events["today"].pk).exists()

    def test_under_a_valid_cutoff_young_rows_are_still_refused(self, events):
        cutoff = years_before(NOW, 5)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('samordna.audit_purge_cutoff', %s, true)", [cutoff.isoformat()])
            AuditEvent.objects.filter(pk=events["young"].pk).delete()
        assert AuditEvent.objects.filter(pk=events["young"].pk).exists()

    def test_an_update_is_refused_even_under_a_cutoff(self, events):
        cutoff = years_before(NOW, 5)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('samordna.audit_purge_cutoff', %s, true)", [cutoff.isoformat()])
            AuditEvent.objects.filter(pk=events["old"].pk).update(summary="changed")
