"""Who is calling the REST API: a system with a bearer token, or a logged-in person in the browser (session
with CSRF protection). Either way the caller becomes `request.user`, and every access rule applies to them."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from samordna.api.models import ApiToken, token_hash
from samordna.common import clock

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY_TOKEN = _("Nyckeln har bara läsbehörighet.")


def active_token(plaintext: str) -> ApiToken | None:
    """The token in force for `plaintext`, recording its use; None for an unknown or revoked token."""
    api_token = (
        ApiToken.objects.select_related("account")
        .filter(key_hash=token_hash(plaintext), revoked_at__isnull=True, account__is_active=True)
        .first()
    )
    if api_token is not None:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=clock.now())
    return api_token


def bearer_account(request: HttpRequest):
    """The service account of a valid bearer token in the request, for the read-only FHIR endpoints."""
    scheme, _space, plaintext = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not plaintext.strip():
        return None
    api_token = active_token(plaintext.strip())
    return api_token.account if api_token else None


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        api_token = active_token(token)
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS and not api_token.may_write:
            raise HttpError(403, str(READ_ONLY_TOKEN))
        request.user = api_token.account
        return api_token.account


class StaffSession(SessionAuth):
    """The web UI's session (after the second factor, which the middleware enforces); CSRF is checked on
    writes."""
