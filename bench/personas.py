"""Logging the bench's personas in without the login form: a Django session as a completed login leaves it.

The personas are the fixed accounts `manage.py seed_scale` creates (samordna.demo.scale.personas), each with a
confirmed TOTP authenticator; the log auditor is whoever holds that role for the small persona's principal.
A staff login is complete after the password and the code: the session gets what `django.contrib.auth.login`
writes (user id, backend, session hash), what `accounts.middleware` expects from a login
(`session_lifetime_start`) and what `django_otp.login` records for the verified device (`otp_device_id`, which
`OTPMiddleware` turns into `request.user.is_verified()`). An account without an authenticator (an auditor of
the set who is no persona) is logged in as a login with e-legitimation leaves it instead
(`STRONG_AUTHENTICATION_SESSION_KEY`, which `SecondFactorMiddleware` accepts as two factors). Runs inside the
bench process with the same settings, SECRET_KEY and database as the gunicorn under test.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY

from samordna.accounts.middleware import STRONG_AUTHENTICATION_SESSION_KEY, session_lifetime_start
from samordna.accounts.selectors import confirmed_totp_device
from samordna.organizations.models import Role


class MissingPersona(RuntimeError):
    pass


def auditor_of(user):
    """An active log auditor of a principal `user` works for: the log follow-up is theirs alone."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Role.AUDITOR,
            memberships__unit__principal__units__memberships__user=user,
        )
        .order_by("pk")
        .first()
    )


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


def _session_store():
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")


def login(user, *, extra: dict | None = None) -> Login:
    """A stored session for `user` as a login with password and TOTP code leaves it (or with e-legitimation,
    for an account without an authenticator), plus `extra` session data a page reads (the log search's criteria)."""
    device = confirmed_totp_device(user)
    session = _session_store()()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session_lifetime_start(session)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    else:
        session[STRONG_AUTHENTICATION_SESSION_KEY] = settings.SAMORDNA_OIDC_MIN_ACR
    session.update(extra or {})
    session.create()
    return Login(user, session.session_key)


def logout(logins: list[Login]) -> None:
    """Removes the bench's sessions at the end, so runs leave no live logins behind."""
    store = _session_store()
    for each in logins:
        store(session_key=each.session_key).delete()
