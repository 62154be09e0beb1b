"""`manage.py seed_scale --county|--national [--fraction F] [--seed N] [--reuse|--replace]`: synthetic scale
data for measuring the app (README, "Scale data"). Refuses a database that holds data it did not create."""

from django.core.management.base import BaseCommand, CommandError

from samordna.demo.scale import personas
from samordna.demo.scale.load import RealDataPresent, SetPresent, check_database, clear_database, load, restore_indexes
from samordna.demo.scale.sizes import COUNTY, NATIONAL, scale_size

DEFAULT_SEED = 13


class Command(BaseCommand):
    help = (
        "Loads synthetic scale data (fictitious people, valid generated personnummer): a county (25,000 cases, "
        "4 million audit events) or the nation (a million cases, 100 million audit events). Only into an empty "
        "database or one holding only seed_scale data."
    )

    def add_arguments(self, parser):
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--county", action="store_const", const=COUNTY, dest="kind", help="About Västmanland.")
        kind.add_argument("--national", action="store_const", const=NATIONAL, dest="kind", help="All of Sweden.")
        parser.add_argument("--fraction", type=float, default=1.0, help="Scale every count (e.g. 0.01).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seed of the random generator.")
        again = parser.add_mutually_exclusive_group()
        again.add_argument("--reuse", action="store_true", help="Do nothing if this very set is already loaded.")
        again.add_argument("--replace", action="store_true", help="Replace a seed_scale set (never real data).")

    def handle(self, *args, kind: str, fraction: float, seed: int, reuse: bool, replace: bool, **options):
        try:
            size = scale_size(kind=kind, fraction=fraction)
        except ValueError as error:
            raise CommandError(str(error)) from error
        restore_indexes()
        try:
            existing = check_database(size=size, seed=seed, reuse=reuse, replace=replace)
        except RealDataPresent:
            raise CommandError(
                "The database holds data seed_scale did not create (persons, cases or users). seed_scale only "
                "loads into an empty database or one holding only its own data; use a database of its own."
            ) from None
        except SetPresent as error:
            raise CommandError(
                f"The database already holds the seed_scale set {error}. Use --reuse to keep the same set or "
                "--replace to load another one in its place."
            ) from None
        if existing is not None:
            self.stdout.write(f"Set {existing} (loaded {existing.anchored_on}) is already here; nothing to do.")
            self._logins()
            return
        if replace:
            clear_database()
        self.stdout.write(f"Loading {size.label}, seed {seed}: {size.cases} cases, {size.audit_events} audit events")
        run = load(size=size, seed=seed, progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Loaded {run} in {run.seconds:.0f} s:"))
        for label, count in run.counts.items():
            self.stdout.write(f"  {label:<40} {count:>12,}")
        self._logins()

    def _logins(self) -> None:
        self.stdout.write(f"Personas: {', '.join(username for username, *_rest in personas.PERSONAS)}")
        self.stdout.write(f"Password: ${personas.PASSWORD_ENV} or {personas.DEFAULT_PASSWORD!r}")
        self.stdout.write(f"API token of {personas.API}: ${personas.API_TOKEN_ENV} or {personas.DEFAULT_API_TOKEN!r}")
