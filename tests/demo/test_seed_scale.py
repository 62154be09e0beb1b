"""`manage.py seed_scale`: a small fraction of the county set, loaded once for the module, obeys the app's
rules and gives the benchmark its personas."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from personnummer import personnummer

from samordna.accounts.models import User
from samordna.api.models import ApiToken, token_hash
from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import STEP_ORDER, CaseActor, Consent, ConsentStatus, CoordinationCase, Step
from samordna.cases.policies import visible_cases
from samordna.common import clock
from samordna.demo.models import ScaleSeedRun
from samordna.demo.scale import personas, postgres
from samordna.demo.scale.load import COLUMNS, clear_database
from samordna.demo.scale.sizes import scale_size
from samordna.organizations.models import Membership, Role
from samordna.people.models import Guardian, Person
from samordna.plans.models import Plan
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
FRACTION = 0.01
SEED = 7
SIZE = scale_size(kind="county", fraction=FRACTION)


def seed_scale(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", "--county", "--fraction", str(FRACTION), *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def scale_set(django_db_setup, django_db_blocker):
    """One load for the whole module (committed, outside the tests' transactions), emptied afterwards."""
    with django_db_blocker.unblock(), clock.frozen_clock(TODAY):
        seed_scale("--seed", str(SEED))
        yield
        clear_database()


def persona(username: str) -> User:
    return User.objects.get(username=username)


def open_cases(user: User):
    return visible_cases(user).exclude(status=Step.CLOSED)


def test_it_creates_the_personas_with_the_documented_password_and_an_authenticator():
    for username, *_rest in personas.PERSONAS:
        assert authenticate(username=username, password=personas.DEFAULT_PASSWORD) is not None
        if username != personas.API:
            assert TOTPDevice.objects.filter(user__username=username, confirmed=True, key=personas.TOTP_KEY).exists()
    assert Membership.objects.filter(user__username=personas.CHIEF, role=Role.MANAGER).exists()
    assert Membership.objects.filter(user__username=personas.COORDINATOR, role=Role.COUNTY_COORDINATOR).exists()


def test_the_api_account_has_a_token_with_the_documented_plaintext(client):
    token = ApiToken.objects.get(account__username=personas.API)

    response = client.get("/api/v1/cases?limit=50", headers={"Authorization": f"Bearer {personas.DEFAULT_API_TOKEN}"})

    assert token.key_hash == token_hash(personas.DEFAULT_API_TOKEN)
    assert response.status_code == 200
    assert len(response.json()["items"]) > 0


def test_about_a_fifth_of_the_cases_are_open_and_spread_over_the_steps():
    cases = CoordinationCase.objects.all()
    open_steps = list(cases.exclude(status=Step.CLOSED).values_list("status", flat=True))

    assert cases.count() == SIZE.cases
    assert len(open_steps) == SIZE.active_cases
    assert len(set(open_steps)) >= 5
    assert max(set(open_steps), key=open_steps.count) == Step.ONGOING


def test_the_small_caseworker_sees_about_ten_open_cases_and_convenes_them():
    user = persona(personas.SMALL)

    cases = open_cases(user)

    assert cases.count() == SIZE.small_open_cases == 10
    assert set(cases.values_list("convener", flat=True)) == {user.pk}


def test_the_busy_caseworker_sees_the_open_cases_of_the_busiest_unit():
    assert open_cases(persona(personas.BUSY)).count() == SIZE.busy_open_cases
    assert open_cases(persona(personas.CHIEF)).count() == SIZE.busy_open_cases


def test_the_personas_pages_answer(client):
    user = persona(personas.SMALL)
    client.force_login(user)
    cases = list(open_cases(user))
    planned = Plan.objects.filter(case__in=cases).values_list("case_id", flat=True)

    assert client.get(reverse("overview:home")).status_code == 200
    for case in cases:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    for case_id in planned:
        assert client.get(reverse("plans:detail", args=[case_id])).status_code == 200
    client.force_login(persona(personas.CHIEF))
    assert client.get(reverse("overview:inbox")).status_code == 200


def test_every_personnummer_is_valid_and_stored_as_twelve_digits():
    numbers = list(Person.objects.values_list("personal_identity_number", flat=True))
    numbers += list(Guardian.objects.values_list("personal_identity_number", flat=True))

    assert all(len(number) == 12 and number.isdigit() and personnummer.valid(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_it_makes_protected_identities_children_with_guardians_and_example_org_addresses():
    assert Person.objects.filter(guardians__isnull=False).exists()
    assert not User.objects.exclude(email__endswith="@example.org").exists()
    assert not Person.objects.exclude(email="").exclude(email__endswith="@example.org").exists()


def test_open_cases_past_the_consent_have_one_active_consent_and_their_actors():
    past_consent = CoordinationCase.objects.filter(status__in=STEP_ORDER[1:-1])

    for case in past_consent:
        assert Consent.objects.filter(case=case, status=ConsentStatus.ACTIVE).count() == 1
        assert CaseActor.objects.filter(case=case, left_at__isnull=True).count() >= 2


def test_the_audit_log_names_the_readers_unit_and_has_logins():
    reads = AuditEvent.objects.filter(action=AuditAction.READ)
    some_read = reads.first()

    assert AuditEvent.objects.count() == pytest.approx(SIZE.audit_events, rel=0.1)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    assert Membership.objects.filter(user_id=some_read.user_id, unit_id=some_read.unit_id).exists()
    assert not reads.filter(unit_id__isnull=True).exists()


def test_reuse_of_the_same_set_does_nothing():
    before = AuditEvent.objects.count()

    output = seed_scale("--seed", str(SEED), "--reuse")

    assert "nothing to do" in output
    assert AuditEvent.objects.count() == before
    assert ScaleSeedRun.objects.count() == 1


def test_another_set_needs_replace():
    with pytest.raises(CommandError, match="--replace"):
        seed_scale("--seed", str(SEED + 1), "--reuse")


def test_it_refuses_a_database_with_real_data():
    ScaleSeedRun.objects.all().delete()

    with pytest.raises(CommandError, match="did not create"):
        seed_scale("--seed", str(SEED))


def test_it_refuses_to_replace_when_real_data_was_added():
    Person.objects.create(personal_identity_number="191212121212", first_name="Tolvan", last_name="Tolvansson")

    with pytest.raises(CommandError, match="did not create"):
        seed_scale("--seed", str(SEED + 1), "--replace")


def test_consents_are_given_renewed_withdrawn_refused_and_some_have_run_out():
    statuses = set(Consent.objects.values_list("status", flat=True))
    open_with_lapsed_consent = (
        CoordinationCase.objects.exclude(status=Step.CLOSED)
        .filter(consents__status=ConsentStatus.ACTIVE, consents__valid_to__lt=TODAY)
        .exists()
    )

    assert statuses == set(ConsentStatus.values)
    assert open_with_lapsed_consent


def test_replace_loads_another_set_in_place_of_the_old():
    seed_scale("--seed", str(SEED + 1), "--replace")

    run = ScaleSeedRun.objects.get()
    assert (run.seed, run.is_complete, run.pending_indexes) == (SEED + 1, True, [])
    assert CoordinationCase.objects.count() == SIZE.cases
    assert User.objects.filter(username=personas.SMALL).count() == 1


@pytest.mark.postgres
def test_every_reference_points_at_a_row_though_the_load_skips_the_foreign_key_triggers():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks the foreign keys of every load itself")

    dangling = postgres.dangling_references(tables=COLUMNS)

    assert {reference: count for reference, count in dangling.items() if count} == {}


@pytest.mark.postgres
def test_the_audit_indexes_are_built_again_after_the_load():
    if connection.vendor != "postgresql":
        pytest.skip("indexes are dropped for the load on PostgreSQL only")

    assert len(postgres.secondary_indexes(tables=[AuditEvent])) >= 8


@pytest.mark.postgres
def test_the_id_sequences_continue_after_the_loaded_rows():
    if connection.vendor != "postgresql":
        pytest.skip("COPY with explicit ids, and so the sequence reset, is PostgreSQL's")

    person = Person.objects.create(personal_identity_number="191212121212", first_name="Tolvan", last_name="T")

    assert person.pk > SIZE.cases
