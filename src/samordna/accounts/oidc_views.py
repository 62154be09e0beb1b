"""The two pages of a login with e-legitimation: off to the identity provider, and back from it; and the
logout, which for such a session also ends the provider's.

The login pages answer 404 while OIDC is not configured. Every outcome of the return is audited: a login
(through Django's user_logged_in signal, summary "oidc") or a failed login with the reason code from
accounts.oidc. A logout is audited by Django's user_logged_out signal, whichever way it ends.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from samordna.accounts import oidc
from samordna.accounts.middleware import STRONG_AUTHENTICATION_SESSION_KEY
from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.audit.signals import LOGIN_METHOD_ATTRIBUTE

NEXT_SESSION_KEY = "oidc_login_next"
STATES_SESSION_KEY = "oidc_states"  # mozilla-django-oidc's: state -> {nonce, code_verifier, added_on}

REFUSED = _("Inloggningen med e-legitimation misslyckades. Försök igen, eller logga in med lösenord.")
REFUSED_MESSAGES = {
    oidc.UNKNOWN_USER: _(
        "Din e-legitimation är inte kopplad till något konto i Samordna. Be din lokala administratör lägga in "
        "ditt HSA-id eller personnummer på ditt konto."
    ),
    oidc.ACR_TOO_LOW: _(
        "Inloggningen gjordes med en för låg tillitsnivå. Logga in med SITHS-kort, BankID eller Freja eID "
        "(tillitsnivå 3 eller högre)."
    ),
    oidc.INACTIVE_USER: _("Ditt konto i Samordna är inaktiverat. Kontakta din lokala administratör."),
    oidc.PROVIDER_ERROR: _("Inloggningen med e-legitimation avbröts. Försök igen, eller logga in med lösenord."),
}


def when_configured(view):
    """404 for every method while OIDC is not configured, as if the address did not exist."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.SAMORDNA_OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class OIDCStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint with state, nonce, a PKCE challenge and
    the accepted assurance levels as `acr_values`."""

    def get_extra_params(self, request):
        return {"acr_values": " ".join(oidc.accepted_acr_values())}


oidc_start = when_configured(never_cache(OIDCStartView.as_view()))


@when_configured
@never_cache
@require_GET
def oidc_callback(request):
    """The provider's answer. The state is taken out of the session at once, so an answer is used once."""
    state = request.GET.get("state", "")
    states = request.session.get(STATES_SESSION_KEY) or {}
    pending = states.pop(state, None) if state else None
    if pending is not None:
        request.session[STATES_SESSION_KEY] = states
        request.session.save()  # before the provider is asked, so a parallel replay finds the state gone
    if request.GET.get("error"):
        return _refused(request, oidc.LoginRefused(oidc.PROVIDER_ERROR))
    if pending is None or not request.GET.get("code"):
        return _refused(request, oidc.LoginRefused(oidc.UNKNOWN_STATE))
    try:
        user = auth.authenticate(request, nonce=pending["nonce"], code_verifier=pending.get("code_verifier"))
    except oidc.LoginRefused as refusal:
        return _refused(request, refusal)
    if user is None:  # another backend's business, which cannot happen with a nonce
        return _refused(request, oidc.LoginRefused(oidc.INVALID_TOKEN))
    next_url = request.session.pop(NEXT_SESSION_KEY, None) or ""
    setattr(request, LOGIN_METHOD_ATTRIBUTE, oidc.LOGIN_SUMMARY)
    auth.login(request, user)  # a new session id; audited by the user_logged_in signal
    request.session[STRONG_AUTHENTICATION_SESSION_KEY] = user.oidc_acr
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(next_url)


def _refused(request, refusal: oidc.LoginRefused):
    audit_record(
        user=refusal.user,
        username=refusal.username,
        action=AuditAction.LOGIN_FAILED,
        summary=oidc.LOGIN_SUMMARY,
        reason=refusal.reason,
    )
    request.session.pop(NEXT_SESSION_KEY, None)
    messages.error(request, REFUSED_MESSAGES.get(refusal.reason, REFUSED))
    return redirect(settings.LOGIN_URL)


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only). After a login with e-legitimation, and when the provider's end-session
    endpoint is configured, the browser then goes on to the provider to end its session too: otherwise the
    broker's single sign-on would let the next person at a shared computer straight back in."""

    def post(self, request, *args, **kwargs):
        through_provider = bool(request.session.get(STRONG_AUTHENTICATION_SESSION_KEY))
        response = super().post(request, *args, **kwargs)
        if through_provider and settings.SAMORDNA_OIDC_ENABLED and settings.SAMORDNA_OIDC_END_SESSION_ENDPOINT:
            return redirect(provider_logout_url(request))
        return response


def provider_logout_url(request) -> str:
    """The provider's end-session address with our client id and where to send the browser back to. Without
    a stored ID token there is no `id_token_hint`; the client id names us instead (RP-Initiated Logout 1.0)."""
    endpoint = settings.SAMORDNA_OIDC_END_SESSION_ENDPOINT
    query = urlencode(
        {
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGIN_URL)),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
