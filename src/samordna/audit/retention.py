"""Retention of the audit log: events older than SAMORDNA_AUDIT_RETENTION_YEARS may be removed, younger
ones never (HSLF-FS 2016:40 4 kap. 9 § asks for at least five years).

`audit_log_purge` is the only code path that deletes audit events. On PostgreSQL the table's trigger
refuses every DELETE unless the transaction has named a cutoff that lies at least five years back, and
then only for rows older than it (migration 0005), so this function cannot remove a young event even by
mistake, and nothing else can remove any.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.services import audit_record
from samordna.common import clock

PURGE_CUTOFF_SETTING = "samordna.audit_purge_cutoff"
PURGE_USERNAME = "manage.py purge_audit_log"
AUDIT_EVENT_TYPE = "audit.auditevent"


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.datetime
    removed: int


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same moment `years` calendar years earlier; 29 February becomes 28 February."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def retention_years() -> int:
    years = settings.SAMORDNA_AUDIT_RETENTION_YEARS
    minimum = settings.SAMORDNA_AUDIT_MINIMUM_RETENTION_YEARS
    if years < minimum:
        raise ImproperlyConfigured(f"SAMORDNA_AUDIT_RETENTION_YEARS must be at least {minimum}, got {years}.")
    return years


def retention_cutoff() -> datetime.datetime:
    """Events before this moment are past retention."""
    return years_before(clock.now(), retention_years())


def events_past_retention(cutoff: datetime.datetime):
    return AuditEvent.objects.filter(at__lt=cutoff)


def _allow_purge_before(cutoff: datetime.datetime | None) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_CUTOFF_SETTING, cutoff.isoformat() if cutoff else ""])


@transaction.atomic
def audit_log_purge() -> PurgeResult:
    """Remove the events older than the retention and record, in the same transaction, that it was done."""
    cutoff = retention_cutoff()
    _allow_purge_before(cutoff)
    try:
        removed, _by_model = events_past_retention(cutoff).delete()
    finally:
        # Transaction-local already; cleared at once so nothing later in this transaction inherits it.
        _allow_purge_before(None)
    audit_record(
        user=None,
        username=PURGE_USERNAME,
        action=AuditAction.DELETE,
        object_type=AUDIT_EVENT_TYPE,
        summary=f"purge_audit_log: {removed} events before {cutoff.isoformat()}",
    )
    return PurgeResult(cutoff=cutoff, removed=removed)
