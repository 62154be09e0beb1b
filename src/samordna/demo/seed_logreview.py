"""Demo users for the log follow-up and the county pages: a log auditor in Köping municipality (reviewing
Köping's log, which the demo cases fill) and a county coordinator in the region."""

from django.contrib.auth.hashers import make_password

from samordna.accounts.models import User
from samordna.organizations.models import Membership, Role

# username, first name, last name, title, unit key, role
LOG_REVIEW_USERS = (
    ("granskare", "Ingrid", "Palm", "Logggranskare, Köpings kommun", "ifo-koping", Role.AUDITOR),
    ("lan", "Olof", "Strand", "Länssamordnare SIP", "bup-koping", Role.COUNTY_COORDINATOR),
)


def seed_log_reviewers(seeder) -> None:
    """Add the two users to the demo seeder's units and its list of logins."""
    from samordna.demo.seed import DEMO_PASSWORD, Login, email_address

    password = make_password(DEMO_PASSWORD)
    for username, first_name, last_name, title, unit_key, role in LOG_REVIEW_USERS:
        user = User.objects.create(
            username=username,
            password=password,
            email=email_address(f"{first_name} {last_name}"),
            first_name=first_name,
            last_name=last_name,
            title=title,
        )
        unit = seeder.units[unit_key]
        Membership.objects.create(user=user, unit=unit, role=role)
        seeder.logins.append(Login(username, user.get_full_name(), str(Role(role).label), str(unit)))
