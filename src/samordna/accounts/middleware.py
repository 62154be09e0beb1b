"""What every request of a logged-in user goes through: session lifetime, the second factor, no caching.

Session times are wall-clock times (`timezone.now()`), like Django's own session expiry, not the
injectable `samordna.common.clock`: that clock stands for "which day it is" in the SIP process, and tests
move it days ahead without meaning the user went idle. Tests of the timeouts move the session's own
timestamps back instead.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from samordna.accounts import selectors
from samordna.audit.signals import LOGOUT_REASON_ATTRIBUTE

LOGIN_AT_SESSION_KEY = "samordna_login_at"
LAST_SEEN_SESSION_KEY = "samordna_last_seen"
# Set by a login with e-legitimation at a sufficient assurance level (accounts.oidc_views): the `acr`.
STRONG_AUTHENTICATION_SESSION_KEY = "samordna_strong_authentication"
# Last activity is written at most this often, so an active user's requests don't each save the session.
LAST_SEEN_RESOLUTION = datetime.timedelta(seconds=60)

IDLE_TIMEOUT = "idle_timeout"
MAX_LIFETIME = "max_lifetime"
EXPIRED_MESSAGES = {
    IDLE_TIMEOUT: _("Du har loggats ut eftersom du inte har varit aktiv på en stund. Logga in igen för att fortsätta."),
    MAX_LIFETIME: _("Du har loggats ut eftersom du har varit inloggad länge. Logga in igen för att fortsätta."),
}

# Pages a user who has only given the password may reach before the second factor.
SECOND_FACTOR_OPEN_VIEWS = {
    "accounts:second_factor_verify",
    "accounts:second_factor_enrol",
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "login",
    "logout",
    "set_language",
}


def session_lifetime_start(session) -> None:
    """Called at login: the absolute lifetime counts from here, and an earlier login's strength is gone."""
    session.pop(STRONG_AUTHENTICATION_SESSION_KEY, None)
    now = timezone.now().timestamp()
    session[LOGIN_AT_SESSION_KEY] = now
    session[LAST_SEEN_SESSION_KEY] = now


def session_expiry_reason(session, now: datetime.datetime) -> str | None:
    """IDLE_TIMEOUT, MAX_LIFETIME, or None while the session is still good."""
    login_at = session.get(LOGIN_AT_SESSION_KEY)
    last_seen = session.get(LAST_SEEN_SESSION_KEY)
    if login_at is None or last_seen is None:
        return None
    moment = now.timestamp()
    if moment - login_at >= settings.SAMORDNA_SESSION_MAX_HOURS * 3600:
        return MAX_LIFETIME
    if moment - last_seen >= settings.SAMORDNA_SESSION_IDLE_MINUTES * 60:
        return IDLE_TIMEOUT
    return None


def is_strongly_authenticated(request) -> bool:
    """Two factors given: the password and a TOTP code, or one login with e-legitimation (SITHS, BankID,
    Freja eID) at the required assurance level, which is two factors in itself."""
    return request.user.is_verified() or bool(request.session.get(STRONG_AUTHENTICATION_SESSION_KEY))


class SessionLifetimeMiddleware:
    """Ends a session after SAMORDNA_SESSION_IDLE_MINUTES without a request, and SAMORDNA_SESSION_MAX_HOURS
    after login whatever happens; the user is logged out (audited with the reason) and sent to the login
    page with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            reason = session_expiry_reason(request.session, now)
            if reason is not None:
                setattr(request, LOGOUT_REASON_ATTRIBUTE, reason)
                logout(request)
                messages.info(request, EXPIRED_MESSAGES[reason])
                return redirect_to_login(request.get_full_path())
            self._touch(request.session, now)
        return self.get_response(request)

    @staticmethod
    def _touch(session, now: datetime.datetime) -> None:
        if LOGIN_AT_SESSION_KEY not in session:  # a session from before this middleware existed
            session_lifetime_start(session)
        elif now.timestamp() - session[LAST_SEEN_SESSION_KEY] >= LAST_SEEN_RESOLUTION.total_seconds():
            session[LAST_SEEN_SESSION_KEY] = now.timestamp()


class SecondFactorMiddleware:
    """With SAMORDNA_REQUIRE_SECOND_FACTOR on, a staff account that has given only its password reaches
    nothing but the second-factor pages: verification when it has an authenticator, set-up when not.
    A login with e-legitimation needs no TOTP code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SAMORDNA_REQUIRE_SECOND_FACTOR:
            return None
        user = request.user
        if not user.is_authenticated or is_strongly_authenticated(request):
            return None
        if not selectors.requires_second_factor(user):
            return None
        if request.resolver_match.view_name in SECOND_FACTOR_OPEN_VIEWS:
            return None
        if selectors.has_second_factor(user):
            target = "accounts:second_factor_verify"
        else:
            target = "accounts:second_factor_enrol"
        next_url = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse(target) + query)


class NoStoreForAuthenticatedMiddleware:
    """Pages for a logged-in user may hold personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response
