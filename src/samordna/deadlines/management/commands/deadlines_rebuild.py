"""`manage.py deadlines_rebuild`: work out the stored deadlines of every open case now (after an upgrade or a bulk
load), instead of letting the pages and the sweep do it case by case."""

from django.core.management.base import BaseCommand

from samordna.deadlines.store import deadlines_mark_open_cases, deadlines_refresh


class Command(BaseCommand):
    help = "Work out the stored deadlines of every open case again."

    def handle(self, *args, **options):
        marked = deadlines_mark_open_cases()
        refreshed = deadlines_refresh()
        self.stdout.write(f"{marked} open cases marked, {refreshed} worked out.")
