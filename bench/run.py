"""Benchmarks (`make bench`): how fast the main pages answer with a realistic number of cases.

Builds a throw-away test database, creates CASES cases for one user through the services, and times
the overview and the case page with Django's test client. Fails (exit 1) when a median exceeds its target.
Never part of `make test`: timings depend on the machine.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "300"))
ROUNDS = 15
TARGETS_MS = {"overview": 400.0, "case page": 150.0}


def build_data():
    from tests.factories import identity_number

    from samordna.accounts.models import User
    from samordna.cases import services
    from samordna.organizations.models import Membership, Principal, Sector, Unit
    from samordna.people.models import Person

    region = Principal.objects.create(name="Region Bench", kind="region")
    municipality = Principal.objects.create(name="Bench kommun", kind="municipality")
    school = Unit.objects.create(principal=municipality, name="Benchskolan", sector=Sector.SCHOOL)
    bup = Unit.objects.create(principal=region, name="BUP Bench", sector=Sector.HEALTH_CARE)
    user = User.objects.create_user(username="bench")
    Membership.objects.create(user=user, unit=school, role="staff")
    today = datetime.date.today()
    first_case = None
    for index in range(CASES):
        person = Person.objects.create(
            personal_identity_number=identity_number(
                datetime.date(1950, 1, 1) + datetime.timedelta(days=index * 7), 300
            ),
            first_name="Bench",
            last_name=str(index),
        )
        case = services.case_start(by=user, person=person, unit=school, initiator_kind="school", need_noticed_on=today)
        services.consent_record(
            case=case,
            by=user,
            decision="given",
            given_by="individual",
            form="oral",
            valid_from=today,
            units=[school, bup],
        )
        services.case_add_actor(case=case, by=user, unit=bup)
        services.preparation_save(case=case, by=user, what_matters="Att må bättre.")
        first_case = first_case or case
    return user, first_case


def median_ms(client: Client, url: str) -> float:
    client.get(url)
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> int:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        user, case = build_data()
        client = Client()
        client.force_login(user)
        results = {"overview": median_ms(client, "/"), "case page": median_ms(client, case.get_absolute_url())}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    failed = False
    for name, value in results.items():
        target = TARGETS_MS[name]
        status = "ok" if value <= target else "TOO SLOW"
        failed |= value > target
        print(f"{name:<10} {CASES} cases: median {value:7.1f} ms (target {target:.0f} ms) {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
