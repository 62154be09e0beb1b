"""Messages within a case: threads between the case's units (and to the lead), messages with attachments, and
read receipts per unit. Never by e-mail; messages are never edited or deleted."""

import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.common.models import TimeStampedModel
from samordna.organizations.models import Unit


class Thread(TimeStampedModel):
    """A conversation in a case between some of its units. Only staff of those units may read it."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="threads")
    subject = models.CharField(_("ämne"), max_length=160)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("startad av"), on_delete=models.PROTECT, related_name="+"
    )
    started_by_unit = models.ForeignKey(
        Unit, verbose_name=_("startad av enhet"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("enheter i konversationen"), related_name="+")
    to_lead = models.BooleanField(_("till huvudansvarig"), default=False)
    last_message_at = models.DateTimeField(_("senaste meddelande"), db_index=True)

    class Meta:
        verbose_name = _("konversation")
        verbose_name_plural = _("konversationer")
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("messaging:thread", args=[self.case_id, self.pk])


class Message(TimeStampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("avsändare"), on_delete=models.PROTECT, related_name="+"
    )
    author_unit = models.ForeignKey(
        Unit, verbose_name=_("avsändarens enhet"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("meddelande"))
    sent_at = models.DateTimeField(_("skickat"))

    class Meta:
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.thread} {self.sent_at:%Y-%m-%d %H:%M}"


class AttachmentType(models.TextChoices):
    """The file types a message may carry, recognised by their first bytes (never the client's header)."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under MEDIA_ROOT (outside the web root): the stored path says nothing about the content."""
    suffix = pathlib.Path(filename).suffix.lower()
    return f"messages/{uuid.uuid4().hex}{suffix}"


class Attachment(TimeStampedModel):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to=attachment_path)
    filename = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("storlek (byte)"))

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        thread = self.message.thread
        return reverse("messaging:attachment", args=[thread.case_id, thread.pk, self.pk])


class MessageRead(models.Model):
    """A read receipt: when a unit first opened a message, and who at the unit did."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+")
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("läst av"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("läst"))

    class Meta:
        verbose_name = _("läskvitto")
        verbose_name_plural = _("läskvitton")
        ordering = ["read_at", "id"]
        constraints = [models.UniqueConstraint(fields=["message", "unit"], name="message_read_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.message_id} {self.unit_id}"
