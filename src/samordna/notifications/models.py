"""In-app notifications and the optional e-mail notice.

This app sits at the bottom of the layers (the README's "How the code is laid out"): it imports no domain app. A
notification points at its subject through generic references only: a case id, the case number and a URL.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    INVITATION_RECEIVED = "invitation_received", _("Ny kallelse till din enhet")
    INVITATION_ANSWERED = "invitation_answered", _("Svar på din kallelse")
    ASSIGNED = "assigned", _("Tilldelat dig")
    PLAN_AWAITING_APPROVAL = "plan_awaiting_approval", _("Planen väntar på din huvudmans godkännande")
    PLAN_APPROVED = "plan_approved", _("Planen är godkänd")
    PLAN_EVENT = "plan_event", _("Ny händelse till dig som huvudansvarig")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtycket har återkallats")
    CASE_CLOSED = "case_closed", _("Ärendet är avslutat")
    DEADLINE_TOMORROW = "deadline_tomorrow", _("Tidsfrist i morgon")
    DEADLINE_PASSED = "deadline_passed", _("Tidsfristen har passerat")
    DEVIATION_REPORTED = "deviation_reported", _("Ny avvikelse som gäller din enhet")
    DEVIATION_STEP = "deviation_step", _("Avvikelsen har gått vidare")
    DISPUTE_STEP = "dispute_step", _("Tvisten har gått vidare")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Ingen e-post")
    PENDING = "pending", _("Väntar på att skickas")
    SENT = "sent", _("Skickad")


class Notification(models.Model):
    """Something new for one user. Created once per `key` and recipient: the unique constraint makes a
    repeated or interrupted run (the deadline sweep, a retried task) harmless."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("typ"), max_length=30, choices=NotificationKind.choices)
    case_id = models.PositiveBigIntegerField(_("ärende-id"), null=True, blank=True)
    case_number = models.CharField(_("ärendenummer"), max_length=40, blank=True)
    url = models.CharField(_("länk"), max_length=255, blank=True)
    detail = models.CharField(
        _("detalj"), max_length=255, blank=True, help_text=_("Aldrig personuppgifter, t.ex. vilken tidsfrist.")
    )
    key = models.CharField(_("idempotensnyckel"), max_length=200)
    created_at = models.DateTimeField(_("skapad"), db_index=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    email_status = models.CharField(
        _("e-post"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, db_index=True
    )
    email_sent_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_recipient_and_key"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """Whether a user wants an e-mail notice (with no content, only "something new") for new notifications.
    The address is the one on the user's account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="notification_email_preference",
    )
    email_enabled = models.BooleanField(_("e-postavisering"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("e-postinställning")
        verbose_name_plural = _("e-postinställningar")

    def __str__(self) -> str:
        return str(self.user)
