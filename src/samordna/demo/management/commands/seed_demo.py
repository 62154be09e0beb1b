"""`manage.py seed_demo [--if-empty]`: fill an empty database with fictitious demo data for Västmanland.

Every demo user has the same published password, so this is for demo and development installations only.
"""

from django.core.management.base import BaseCommand, CommandError

from samordna.demo.seed import DEMO_PASSWORD, DemoDataExists, Login, SeedResult, existing_demo_logins, seed_demo


class Command(BaseCommand):
    help = (
        "Skapar påhittade demodata för Västmanland i en tom databas: huvudmän, enheter, användare, "
        "personer och samordningsärenden med möten och planer. Alla demoanvändare får samma kända lösenord "
        "– aldrig i produktion."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gör ingenting (utom ett kort meddelande) om det redan finns någon huvudman.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        try:
            result = seed_demo()
        except DemoDataExists:
            if if_empty:
                self.stdout.write("Det finns redan huvudmän i databasen; inga demodata skapades.")
                logins = existing_demo_logins()
                if logins:
                    self.write_logins(logins)
                return
            raise CommandError(
                "Det finns redan huvudmän i databasen. Demodata skapas bara i en tom databas "
                "(använd --if-empty för att hoppa över utan fel)."
            ) from None
        self.write_summary(result)

    def write_summary(self, result: SeedResult) -> None:
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata skapade: {counts['principals']} huvudmän, {counts['units']} enheter, "
                f"{counts['users']} användare, {counts['persons']} personer, {counts['cases']} ärenden, "
                f"{counts['meetings']} möten, {counts['plans']} planer."
            )
        )
        self.write_logins(result.logins)

    def write_logins(self, logins: list[Login]) -> None:
        self.stdout.write(f"Lösenord för alla demoanvändare: {DEMO_PASSWORD}")
        rows = [("Användarnamn", "Namn", "Roll", "Enhet")]
        rows += [(login.username, login.name, login.role, login.unit) for login in logins]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for *padded, last in rows:
            cells = [cell.ljust(width) for cell, width in zip(padded, widths, strict=True)]
            self.stdout.write("  ".join([*cells, last]))
