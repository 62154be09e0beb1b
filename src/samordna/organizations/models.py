"""Who takes part: principals (huvudmän), their units, the staff in them, contact routes and the
county's routine profile."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.common.models import TimeStampedModel

HSA_ID_VALIDATOR = RegexValidator(
    r"^SE[0-9]{10}-[0-9A-Za-z]{1,20}$",
    _("Ett HSA-id ser ut som SE2321000198-1234 (SE, tio siffror, bindestreck, ett löpnummer)."),
)


class WithdrawnDocumentation(models.TextChoices):
    KEEP = "keep", _("Behålls skrivskyddad")
    VOID = "void", _("Makuleras")


class ProtectedIdentityHandling(models.TextChoices):
    RESTRICTED = "restricted", _("Begränsad hantering i Samordna")
    PAPER_ONLY = "paper_only", _("Endast på papper (utskrivbart underlag)")


class RoutineProfile(TimeStampedModel):
    """A county's deadlines and rules as data (länsgemensam rutin). Changing a value needs no code change."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=120)
    source = models.CharField(
        _("källa"), max_length=255, blank=True, help_text=_("Vilket rutindokument värdena kommer från.")
    )
    consent_default_validity_days = models.PositiveIntegerField(
        _("samtyckets förvalda giltighet (dagar)"), validators=[MinValueValidator(1)]
    )
    consent_max_validity_days = models.PositiveIntegerField(
        _("samtyckets längsta giltighet (dagar)"), validators=[MinValueValidator(1)]
    )
    invitation_answer_working_days = models.PositiveSmallIntegerField(_("svar på kallelse (arbetsdagar)"), default=1)
    plan_documentation_working_days = models.PositiveSmallIntegerField(_("plan dokumenterad (arbetsdagar)"), default=2)
    meeting_within_days = models.PositiveSmallIntegerField(_("möte inom (dagar från behov)"), default=21)
    discharge_invitation_days = models.PositiveSmallIntegerField(_("kallelse vid utskrivning (dagar)"), default=3)
    withdrawn_documentation = models.CharField(
        _("dokumentation vid återkallat samtycke"),
        max_length=10,
        choices=WithdrawnDocumentation.choices,
        default=WithdrawnDocumentation.KEEP,
    )
    protected_identity_handling = models.CharField(
        _("skyddad identitet"),
        max_length=12,
        choices=ProtectedIdentityHandling.choices,
        default=ProtectedIdentityHandling.RESTRICTED,
    )

    class Meta:
        verbose_name = _("rutinprofil")
        verbose_name_plural = _("rutinprofiler")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_default_validity_days__lte=models.F("consent_max_validity_days")),
                name="routine_profile_default_within_max",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.consent_default_validity_days
            and self.consent_max_validity_days
            and self.consent_default_validity_days > self.consent_max_validity_days
        ):
            raise ValidationError(
                {"consent_default_validity_days": _("Förvald giltighet kan inte vara längre än längsta giltighet.")}
            )


class PrincipalKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    REGION = "region", _("Region")
    SCHOOL_PROVIDER = "school_provider", _("Skolhuvudman")
    OTHER = "other", _("Annan")


class Principal(TimeStampedModel):
    """The organisation legally responsible (huvudman): a municipality, a region, a school provider, other."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=PrincipalKind.choices)
    routine_profile = models.ForeignKey(
        RoutineProfile,
        verbose_name=_("rutinprofil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Tom: länets förvalda profil används."),
    )

    class Meta:
        verbose_name = _("huvudman")
        verbose_name_plural = _("huvudmän")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    SCHOOL = "school", _("Skola")
    OTHER = "other", _("Annan")


class Unit(TimeStampedModel):
    """A team inside a principal (enhet, verksamhet), e.g. BUP Västerås or Socialtjänsten IFO Köping."""

    principal = models.ForeignKey(Principal, verbose_name=_("huvudman"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("namn"), max_length=160)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=40,
        blank=True,
        validators=[HSA_ID_VALIDATOR],
        help_text=_("För enheter i HSA-katalogen."),
    )
    is_inpatient_ward = models.BooleanField(_("slutenvårdsavdelning"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["principal__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["principal", "name"], name="unit_unique_name_per_principal"),
            models.UniqueConstraint(
                fields=["hsa_id"], condition=~models.Q(hsa_id=""), name="unit_unique_hsa_id_when_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.principal.name})"

    @property
    def is_regional_outpatient_care(self) -> bool:
        """Where a discharged person's fixed care contact works (lag 2017:612)."""
        return (
            self.principal.kind == PrincipalKind.REGION
            and self.sector == Sector.HEALTH_CARE
            and not self.is_inpatient_ward
        )


class Role(models.TextChoices):
    STAFF = "staff", _("Medarbetare")
    MANAGER = "manager", _("Enhetschef")
    LOCAL_ADMIN = "local_admin", _("Lokal administratör")
    AUDITOR = "auditor", _("Logggranskare")
    COUNTY_COORDINATOR = "county_coordinator", _("Länssamordnare")


class Membership(TimeStampedModel):
    """A user's role in one unit. A user may belong to several units, with one role in each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit.name} ({self.get_role_display()})"


class ContactRoute(TimeStampedModel):
    """A published way to reach a unit (kontaktväg), used when inviting to a SIP meeting."""

    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="contact_routes")
    label = models.CharField(
        _("gäller"), max_length=160, blank=True, help_text=_("T.ex. 'När handläggare inte är känd'.")
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=60, blank=True)
    phone_hours = models.CharField(_("telefontid"), max_length=120, blank=True)
    postal_address = models.TextField(_("postadress"), blank=True)
    contact_person = models.CharField(_("kontaktperson"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("kontaktväg")
        verbose_name_plural = _("kontaktvägar")
        ordering = ["unit__name", "label"]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.label or self.email or self.phone}"
