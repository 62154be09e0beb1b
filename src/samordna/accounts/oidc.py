"""Login with e-legitimation (SITHS, BankID, Freja eID) through an OpenID Connect provider.

mozilla-django-oidc runs the authorization code flow (with PKCE) and, on the callback, fetches the tokens
and checks the ID token. What it checks by itself, in version 5.0:
- the signature, with the key from the provider's JWKS whose `kid` (and `alg`, when given) match the
  token's header, and that the header's `alg` is OIDC_RP_SIGN_ALGO (RS256);
- `exp`, when the token has one (PyJWT);
- the `nonce`, against the one stored in the session with the login's `state`, which is removed when the
  callback uses it (so neither the callback nor an earlier ID token can be replayed).

What it leaves out, and this backend adds:
- the audience: PyJWT is called with `verify_aud` off. Here `aud` must name our client id, and a token for
  several audiences must name us as its `azp` (OpenID Connect Core 3.1.3.7);
- the issuer (`iss`), and that `iss`, `aud`, `sub`, `exp` and `iat` are present at all;
- the assurance level (`acr`): at least SAMORDNA_OIDC_MIN_ACR in the ordered SAMORDNA_OIDC_ACR_LEVELS;
- matching an existing account by HSA-id or personnummer. The library would match by e-mail and create
  missing accounts; here nobody gets an account by logging in.

Claims come from the signed ID token only; the userinfo endpoint is not used. A refusal raises
`LoginRefused` with a reason code, which the callback view audits; the token and the personnummer are
never written to a log or an audit event.
"""

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samordna.accounts.identifiers import normalise_hsa_id, normalise_personnummer

# Reason codes, written to the audit event's `reason`.
PROVIDER_ERROR = "provider_error"
UNKNOWN_STATE = "unknown_state"
PROVIDER_UNREACHABLE = "provider_unreachable"
BAD_SIGNATURE = "bad_signature"
WRONG_ISSUER = "wrong_issuer"
WRONG_AUDIENCE = "wrong_audience"
EXPIRED_TOKEN = "expired_token"  # noqa: S105 (a reason code, not a secret)
INVALID_TOKEN = "invalid_token"  # noqa: S105
NONCE_MISMATCH = "nonce_mismatch"
ACR_TOO_LOW = "acr_too_low"
NO_IDENTIFIER = "no_identifier"
UNKNOWN_USER = "unknown_user"
INACTIVE_USER = "inactive_user"

LOGIN_SUMMARY = "oidc"


class LoginRefused(Exception):
    """The identity provider's answer does not log anyone in. `user` is the account it pointed at, if any,
    and `username` what may be logged about who tried (an HSA-id, never a personnummer)."""

    def __init__(self, reason: str, *, user=None, username: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.user = user
        self.username = username


def accepted_acr_values() -> list[str]:
    """The assurance levels accepted, lowest first: the configured minimum and everything above it."""
    levels = settings.SAMORDNA_OIDC_ACR_LEVELS
    return levels[levels.index(settings.SAMORDNA_OIDC_MIN_ACR) :]


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of accounts.oidc_views, and nothing else: a password login passes
    username and password, never a nonce, so it is not sent to the provider whatever its query string."""

    def authenticate(self, request, **kwargs):
        if not settings.SAMORDNA_OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            raise LoginRefused(PROVIDER_UNREACHABLE) from error

    # The ID token ------------------------------------------------------------------------------------

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except (SuspiciousOperation, KeyError, jwt.PyJWTError) as error:  # no key of the provider's fits
            raise LoginRefused(BAD_SIGNATURE) from error

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as error:
            raise LoginRefused(INVALID_TOKEN) from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise LoginRefused(BAD_SIGNATURE)
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.SAMORDNA_OIDC_ISSUER,
                leeway=settings.SAMORDNA_OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidSignatureError as error:
            raise LoginRefused(BAD_SIGNATURE) from error
        except jwt.InvalidAudienceError as error:
            raise LoginRefused(WRONG_AUDIENCE) from error
        except jwt.InvalidIssuerError as error:
            raise LoginRefused(WRONG_ISSUER) from error
        except jwt.ExpiredSignatureError as error:
            raise LoginRefused(EXPIRED_TOKEN) from error
        except jwt.PyJWTError as error:
            raise LoginRefused(INVALID_TOKEN) from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise LoginRefused(WRONG_AUDIENCE)
        return claims

    def verify_token(self, token, **kwargs):
        if not token:
            raise LoginRefused(INVALID_TOKEN)
        try:
            return super().verify_token(token, **kwargs)
        except SuspiciousOperation as error:  # the library's nonce check
            raise LoginRefused(NONCE_MISMATCH) from error

    # The account ---------------------------------------------------------------------------------------

    def get_userinfo(self, access_token, id_token, payload):
        """The claims of the verified ID token; the userinfo endpoint is not asked."""
        return payload

    def verify_claims(self, claims):
        acr = claims.get("acr")
        if acr not in accepted_acr_values():
            raise LoginRefused(ACR_TOO_LOW, username=self._hsa_id(claims))
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(claims)
        hsa_id = self._hsa_id(claims)
        personnummer = self._personnummer(claims)
        if not hsa_id and not personnummer:
            raise LoginRefused(NO_IDENTIFIER)
        # HSA-id and personnummer are each unique among accounts (constraints on User): one match at most.
        accounts = self.UserModel._default_manager
        user = accounts.filter(hsa_id=hsa_id).first() if hsa_id else None
        if user is None and personnummer:
            user = accounts.filter(personal_identity_number=personnummer).first()
        if user is None:
            raise LoginRefused(UNKNOWN_USER, username=hsa_id)
        if not self.user_can_authenticate(user):
            raise LoginRefused(INACTIVE_USER, user=user)
        user.oidc_acr = claims["acr"]
        return user

    def filter_users_by_claims(self, claims):
        """The library's own lookup matches by e-mail; it must never run, so reaching it is a programming error."""
        raise NotImplementedError("Accounts are matched in get_or_create_user.")

    def create_user(self, claims):
        raise LoginRefused(UNKNOWN_USER)

    @staticmethod
    def _hsa_id(claims) -> str:
        value = claims.get(settings.SAMORDNA_OIDC_HSA_ID_CLAIM)
        return normalise_hsa_id(value) if isinstance(value, str) else ""

    @staticmethod
    def _personnummer(claims) -> str:
        value = claims.get(settings.SAMORDNA_OIDC_PERSONNUMMER_CLAIM)
        if not isinstance(value, str) or not value:
            return ""
        try:
            return normalise_personnummer(value)
        except ValidationError:
            return ""
