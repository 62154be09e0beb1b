"""API tokens for system integrations (a journal system, a municipal case system): each token is bound to one
unit, acts through its own service account (so the same access policies apply as for a person in that
unit), has a scope, and is stored only as a hash."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.common.models import TimeStampedModel
from samordna.organizations.models import Unit


class TokenScope(models.TextChoices):
    READ = "read", _("Läsa")
    WRITE = "write", _("Läsa och skriva")


def token_hash(plaintext: str) -> str:
    """A token carries 256 random bits, so a plain SHA-256 is enough to make the stored value useless."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    name = models.CharField(_("namn"), max_length=120, help_text=_("Vilket system som använder nyckeln."))
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="api_tokens")
    scope = models.CharField(_("behörighet"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tjänstekonto"), on_delete=models.PROTECT, related_name="api_token"
    )
    prefix = models.CharField(_("början av nyckeln"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skapad av"), on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("återkallad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="api_token_revoked_has_who_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE
