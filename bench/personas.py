"""Logging the bench's personas in without the login form: a Django session as a completed login leaves it.

A staff login is complete after the password and the second factor. The session gets what
`django.contrib.auth.login` writes (user id, backend, session hash) and what `accounts.middleware` expects from
a login (its start and last-seen times, `session_lifetime_start`); for the second factor it gets what a login
with e-legitimation records (`STRONG_AUTHENTICATION_SESSION_KEY`, which `SecondFactorMiddleware` accepts like a
verified TOTP device), so the personas need no authenticator device of their own. Runs inside the bench
process with the same settings, SECRET_KEY and database as the gunicorn under test.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.module_loading import import_string

from samordna.accounts.middleware import STRONG_AUTHENTICATION_SESSION_KEY, session_lifetime_start
from samordna.api.models import ApiToken, token_hash
from samordna.api.services import TOKEN_PREFIX

# The fixed users `manage.py seed_scale` creates.
HANDLAGGARE10 = "skala.handlaggare10"  # staff, about 10 open cases
HANDLAGGARE500 = "skala.handlaggare500"  # staff, about 500 open cases
CHEF = "skala.chef"  # manager of the busiest unit
SAMORDNARE = "skala.samordnare"  # county coordinator
API = "skala.api"  # the REST API's service account, with a token
GRANSKARE = "skala.granskare"  # log auditor of the busiest unit's principal


class MissingPersona(RuntimeError):
    pass


def persona(username: str):
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise MissingPersona(
            f"No active user {username!r} in the database: load the set with `manage.py seed_scale`."
        ) from None


@dataclass
class Login:
    """A logged-in persona: its user and the session key its requests carry as a cookie."""

    user: object
    session_key: str

    @property
    def cookie(self) -> str:
        return f"{settings.SESSION_COOKIE_NAME}={self.session_key}"


def login(user, *, extra: dict | None = None) -> Login:
    """A stored session for `user` as a password login with e-legitimation strength leaves it, plus `extra`
    session data a page reads (the log search's criteria)."""
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session_lifetime_start(session)
    session[STRONG_AUTHENTICATION_SESSION_KEY] = settings.SAMORDNA_OIDC_MIN_ACR
    session.update(extra or {})
    session.create()
    return Login(user, session.session_key)


def logout(logins: list[Login]) -> None:
    """Removes the bench's sessions at the end, so runs leave no live logins behind."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for each in logins:
        store(session_key=each.session_key).delete()


def api_token(user) -> str:
    """A bearer token for the service account `user`. The database keeps only a token's hash, so the one
    seed_scale issued cannot be read back: the bench gives that token a new secret of the same form as
    `api.services.api_token_create` makes, and the API then authenticates it like any other."""
    token = ApiToken.objects.filter(account=user, revoked_at__isnull=True).first()
    if token is None:
        raise MissingPersona(f"{user.username} has no API token in force: load the set with `manage.py seed_scale`.")
    plaintext = f"{TOKEN_PREFIX}{token.prefix}_{secrets.token_urlsafe(32)}"
    ApiToken.objects.filter(pk=token.pk).update(key_hash=token_hash(plaintext))
    return plaintext
