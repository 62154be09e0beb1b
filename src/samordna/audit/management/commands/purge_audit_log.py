"""Remove audit events older than SAMORDNA_AUDIT_RETENTION_YEARS (at least five). Run it daily from cron."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from samordna.audit.retention import audit_log_purge, events_past_retention, retention_cutoff


class Command(BaseCommand):
    help = "Tar bort logghändelser äldre än lagringstiden (SAMORDNA_AUDIT_RETENTION_YEARS, minst fem år)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Räkna bara de händelser som skulle tas bort; ta inte bort något."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        try:
            cutoff = retention_cutoff()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if dry_run:
            count = events_past_retention(cutoff).count()
            self.stdout.write(f"{count} events before {cutoff.isoformat()} would be removed (dry run).")
            return
        result = audit_log_purge()
        self.stdout.write(f"{result.removed} events before {result.cutoff.isoformat()} removed.")
