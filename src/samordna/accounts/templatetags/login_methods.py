from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_login_enabled() -> bool:
    """Whether the login page offers e-legitimation (SITHS, BankID, Freja eID): only when configured."""
    return settings.SAMORDNA_OIDC_ENABLED
