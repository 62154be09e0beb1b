"""The fixed accounts the benchmark logs in as, with a known dev password, a confirmed authenticator (so a
session can pass the second factor) and, for the API account, a token with a known plaintext."""

import os

from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.models import User
from samordna.api.models import ApiToken, TokenScope, token_hash
from samordna.common import clock
from samordna.organizations.models import Role

DEFAULT_PASSWORD = "samordna-skala"  # noqa: S105 - published on purpose; synthetic scale data only
PASSWORD_ENV = "SAMORDNA_SCALE_PASSWORD"  # noqa: S105 - the name of a variable
DEFAULT_API_TOKEN = "smd_skala000_bench-token-for-synthetic-scale-data-only"  # noqa: S105 - published on purpose
API_TOKEN_ENV = "SAMORDNA_SCALE_API_TOKEN"  # noqa: S105 - the name of a variable
API_TOKEN_PREFIX = "skala000"  # noqa: S105 - the public start of the token
# The authenticator's secret (hex, as django-otp stores it): a bench may compute TOTP codes from it.
TOTP_KEY = "736b616c612d62656e63682d746f74702d6b6579"
SMALL, BUSY, CHIEF, COORDINATOR, API, AUDITOR = (
    "skala.handlaggare10", "skala.handlaggare500", "skala.chef", "skala.samordnare", "skala.api", "skala.granskare",
)  # fmt: skip
# (username, where, role, title): "small" is a municipality's school health unit with about ten open cases,
# "busy" the county's busiest unit (IFO barn och unga, Västerås), "region" the region's first unit.
PERSONAS = (
    (SMALL, "small", Role.STAFF, "Kurator"),
    (BUSY, "busy", Role.STAFF, "Socialsekreterare"),
    (CHIEF, "busy", Role.MANAGER, "Enhetschef"),
    (COORDINATOR, "region", Role.COUNTY_COORDINATOR, "Länssamordnare SIP"),
    (API, "busy", Role.STAFF, "Tjänstekonto"),
    (AUDITOR, "small", Role.AUDITOR, "Logggranskare"),
)


def persona_password() -> str:
    return os.environ.get(PASSWORD_ENV, DEFAULT_PASSWORD)


def api_token_plaintext() -> str:
    return os.environ.get(API_TOKEN_ENV, DEFAULT_API_TOKEN)


def finish_personas(*, persona_ids: dict[str, int], unit_id: int, created_by: int) -> None:
    """Authenticators for the people and the API token for the service account (through the ORM: a few rows)."""
    for username, user_id in persona_ids.items():
        if username != API:
            TOTPDevice.objects.create(user_id=user_id, name="Skala", confirmed=True, key=TOTP_KEY)
    ApiToken.objects.create(
        name="Skala benchmark",
        unit_id=unit_id,
        scope=TokenScope.READ,
        account_id=persona_ids[API],
        prefix=API_TOKEN_PREFIX,
        key_hash=token_hash(api_token_plaintext()),
        created_by_id=created_by,
        created_at=clock.now(),
    )
    User.objects.filter(pk=persona_ids[API]).update(first_name="Skala benchmark", last_name="(API)")
