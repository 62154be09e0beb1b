"""`manage.py sweep_deadlines`: create the due deadline notifications now (e.g. from cron), or with
`--schedule` start the worker's recurring sweep (`make run` does this before starting the worker)."""

from django.core.management.base import BaseCommand

from samordna.common import clock
from samordna.deadlines.sweep import deadline_sweep, deadline_sweep_task, schedule_next_sweep


class Command(BaseCommand):
    help = "Skapa notiser om tidsfrister i morgon och passerade tidsfrister (en gång per frist och mottagare)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Lägg i stället den återkommande svepningen i arbetarens kö (db_worker), om den inte redan väntar.",
        )

    def handle(self, *args, schedule: bool = False, **options) -> None:
        if schedule:
            if not deadline_sweep_task.get_backend().supports_defer:
                self.stdout.write("The task backend runs tasks at once; sweeping now instead.")
            elif schedule_next_sweep(at=clock.now()):
                # The first run goes now; each run schedules the next.
                self.stdout.write("Deadline sweep scheduled.")
                return
            else:
                self.stdout.write("A deadline sweep is already waiting in the queue.")
                return
        due = deadline_sweep()
        self.stdout.write(f"Deadline sweep done: {due} deadlines due for a notification.")
