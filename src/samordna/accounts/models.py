"""The user account. A custom model from the start, so later login work (second factor, OIDC) can extend it."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.accounts.identifiers import (
    normalise_hsa_id,
    normalise_personnummer,
    validate_hsa_id,
    validate_personnummer,
)


class User(AbstractUser):
    """A person who logs in to Samordna: staff in a unit, a manager, an administrator."""

    title = models.CharField(_("befattning"), max_length=100, blank=True, help_text=_("T.ex. kurator, sjuksköterska."))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    # What an identity provider's login is matched against (accounts.oidc); a login never creates an account.
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=40,
        blank=True,
        validators=[validate_hsa_id],
        help_text=_("För inloggning med SITHS-kort, t.ex. SE2321000016-1234."),
    )
    personal_identity_number = models.CharField(
        _("personnummer"),
        max_length=13,  # typed with a dash; clean() stores the 12 digits
        blank=True,
        validators=[validate_personnummer],
        help_text=_("För inloggning med BankID eller Freja eID. Sparas som 12 siffror."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["hsa_id"], condition=~Q(hsa_id=""), name="user_hsa_id_unique"),
            models.UniqueConstraint(
                fields=["personal_identity_number"],
                condition=~Q(personal_identity_number=""),
                name="user_personal_identity_number_unique",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        self.hsa_id = normalise_hsa_id(self.hsa_id)
        if self.personal_identity_number:
            try:
                self.personal_identity_number = normalise_personnummer(self.personal_identity_number)
            except ValidationError as error:
                raise ValidationError({"personal_identity_number": error.messages}) from error

    def __str__(self) -> str:
        return self.get_full_name() or self.username
