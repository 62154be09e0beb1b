"""The audit log (loggkontroll): who read or changed whose personal data, and when.

Append-only. The app imports no domain app: objects are referenced by type and id, and the person
concerned by id, so the log outlives any row it points at.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("Läsning")
    CREATE = "create", _("Skapande")
    UPDATE = "update", _("Ändring")
    DELETE = "delete", _("Borttagning")
    PRINT = "print", _("Utskrift")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Inloggning")
    LOGOUT = "logout", _("Utloggning")
    LOGIN_FAILED = "login_failed", _("Misslyckad inloggning")
    LOCKOUT = "lockout", _("Inloggning spärrad")
    DENIED = "denied", _("Nekad åtkomst")


class AuditEvent(models.Model):
    """One access to or change of data. Never updated or deleted by the code."""

    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    # The user's unit and principal when the event was written, copied so the log keeps saying where the
    # user worked even after they move or the unit is renamed (HSLF-FS 2016:40 4 kap. 9 §).
    unit_id = models.BigIntegerField(_("användarens enhet (id)"), null=True, blank=True, db_index=True)
    unit_name = models.CharField(_("användarens enhet"), max_length=160, blank=True)
    principal_id = models.BigIntegerField(_("användarens huvudman (id)"), null=True, blank=True, db_index=True)
    principal_name = models.CharField(_("användarens huvudman"), max_length=120, blank=True)
    action = models.CharField(_("händelse"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("objekttyp"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=40, blank=True)
    person_id = models.BigIntegerField(_("berörd person (id)"), null=True, blank=True, db_index=True)
    summary = models.CharField(_("beskrivning"), max_length=255, blank=True)
    reason = models.CharField(_("skäl"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logghändelser")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["person_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}:{self.object_id}"
