"""The user account. A custom model from the start, so later login work (second factor, OIDC) can extend it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in to Samordna: staff in a unit, a manager, an administrator."""

    title = models.CharField(_("befattning"), max_length=100, blank=True, help_text=_("T.ex. kurator, sjuksköterska."))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
