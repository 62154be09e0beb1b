"""Deployment checks for the login with e-legitimation (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

OIDC_ADDRESS_SETTINGS = (
    "SAMORDNA_OIDC_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)


@register(Tags.security, deploy=True)
def oidc_over_https(app_configs, **kwargs) -> list[Error]:
    """The provider's addresses carry the client secret, the tokens and the keys: HTTPS only."""
    if not settings.SAMORDNA_OIDC_ENABLED:
        return []
    return [
        Error(
            f"{name} must be an https:// address in production.",
            hint="Take the addresses from the provider's /.well-known/openid-configuration over HTTPS.",
            id="samordna.accounts.E001",
        )
        for name in OIDC_ADDRESS_SETTINGS
        if urlsplit(getattr(settings, name)).scheme != "https"
    ]
