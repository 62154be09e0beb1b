"""The individual (den enskilde) and their circle: guardians, representatives and related persons."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.common import clock
from samordna.common.models import TimeStampedModel
from samordna.people.identity import age_on, format_identity_number, parse_identity_number

AGE_OF_MAJORITY = 18


class Person(TimeStampedModel):
    """The person a SIP is made with and for."""

    personal_identity_number = models.CharField(
        _("personnummer eller samordningsnummer"),
        max_length=12,
        unique=True,
        help_text=_("12 siffror: ÅÅÅÅMMDDNNNN."),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    address = models.TextField(_("adress"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    protected_identity = models.BooleanField(
        _("skyddade personuppgifter"),
        default=False,
        help_text=_("Sekretessmarkering eller skyddad folkbokföring: namn och adress visas inte i listor."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """The name to show in lists and notices: hidden for protected identities."""
        return str(_("Skyddad identitet")) if self.protected_identity else self.full_name

    @property
    def formatted_identity_number(self) -> str:
        return format_identity_number(self.personal_identity_number)

    @property
    def birth_date(self) -> datetime.date:
        return parse_identity_number(self.personal_identity_number).birth_date

    @property
    def is_coordination_number(self) -> bool:
        return parse_identity_number(self.personal_identity_number).is_coordination_number

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.birth_date, on or clock.today())

    def is_minor(self, on: datetime.date | None = None) -> bool:
        """A child needs a guardian's consent; computed from the identity number's birth date."""
        return self.age(on) < AGE_OF_MAJORITY


class CirclePerson(TimeStampedModel):
    """Common fields of the people around the individual."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(_("namn"), max_length=160)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.TextField(_("adress"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Guardian(CirclePerson):
    """A legal guardian (vårdnadshavare) of a child; gives consent on the child's behalf."""

    personal_identity_number = models.CharField(_("personnummer"), max_length=12, blank=True)

    class Meta(CirclePerson.Meta):
        verbose_name = _("vårdnadshavare")
        verbose_name_plural = _("vårdnadshavare")


class RepresentativeKind(models.TextChoices):
    GOOD_MAN = "god_man", _("God man")
    ADMINISTRATOR = "forvaltare", _("Förvaltare")
    POWER_OF_ATTORNEY = "framtidsfullmakt", _("Framtidsfullmäktig")
    AGENT = "ombud", _("Ombud")


class Representative(CirclePerson):
    """A legal representative who may consent for the individual (god man, förvaltare, framtidsfullmakt, ombud)."""

    kind = models.CharField(_("typ"), max_length=20, choices=RepresentativeKind.choices)

    class Meta(CirclePerson.Meta):
        verbose_name = _("företrädare")
        verbose_name_plural = _("företrädare")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class RelatedPerson(CirclePerson):
    """Someone the individual names as close (närstående); the individual decides who."""

    relation = models.CharField(_("relation"), max_length=80, help_text=_("T.ex. mormor, sambo, vän."))

    class Meta(CirclePerson.Meta):
        verbose_name = _("närstående")
        verbose_name_plural = _("närstående")

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class ProtectedIdentityViewer(TimeStampedModel):
    """A staff member named to see a protected person's name, address and phone on the person's page.

    Chosen by the manager of a convener's unit in one of the person's cases (cases.services); a revoked
    naming is kept with who revoked it and when, never deleted."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="protected_identity_viewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("namngiven deltagare"), on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utsedd av"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("utsedd"))
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
        verbose_name = _("namngiven deltagare för skyddad identitet")
        verbose_name_plural = _("namngivna deltagare för skyddad identitet")
        ordering = ["granted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="protected_identity_viewer_once",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="protected_identity_viewer_revoked_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.person_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
