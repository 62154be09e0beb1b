"""The coordination case (samordningsärende) and what belongs to it in steps 1-3 of the SIP process:
the need, the actors, consent, preparation with the individual, and closure."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.common.models import TimeStampedModel
from samordna.organizations.models import RoutineProfile, Unit
from samordna.people.models import Guardian, Person, RelatedPerson, Representative


class Step(models.TextChoices):
    """The steps of the SIP process, in order; a case's status is the step it has reached."""

    NEED = "need", _("Behov")
    CONSENT = "consent", _("Samtycke")
    PREPARATION = "preparation", _("Förberedelse")
    INVITATION = "invitation", _("Kallelse")
    MEETING = "meeting", _("SIP-möte")
    PLAN = "plan", _("Plan")
    ONGOING = "ongoing", _("Insatser pågår")
    FOLLOW_UP = "follow_up", _("Uppföljning")
    CLOSED = "closed", _("Avslutat")


STEP_ORDER = list(Step.values)


class InitiatorKind(models.TextChoices):
    SCHOOL = "school", _("Förskola/skola")
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    REGIONAL_HEALTH_CARE = "regional_health_care", _("Regionens hälso- och sjukvård")
    MUNICIPAL_HEALTH_CARE = "municipal_health_care", _("Kommunal hälso- och sjukvård")
    INDIVIDUAL = "individual", _("Den enskilde")
    RELATIVE = "relative", _("Närstående")
    OTHER = "other", _("Annan")


STAFF_INITIATOR_KINDS = {
    InitiatorKind.SCHOOL,
    InitiatorKind.SOCIAL_SERVICES,
    InitiatorKind.REGIONAL_HEALTH_CARE,
    InitiatorKind.MUNICIPAL_HEALTH_CARE,
}


class Assessment(models.TextChoices):
    """The receiving unit's decision when someone other than staff asked for a SIP."""

    START = "start", _("SIP-process inleds")
    NOT_START = "not_start", _("SIP-process inleds inte")


class CoordinationLevel(models.TextChoices):
    SIP = "sip", _("SIP")
    SIP_PLUS = "sip_plus", _("SIP+")
    SIP_PLUS_PLUS = "sip_plus_plus", _("SIP++")


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Målen är uppnådda")
    NO_LONGER_NEEDED = "no_longer_needed", _("Behov av samordning finns inte längre")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtycket har återkallats")
    DIED = "died", _("Den enskilde har avlidit")
    OTHER = "other", _("Annat")


class CoordinationCase(TimeStampedModel):
    """One individual's SIP process, from the noticed need to closure."""

    person = models.ForeignKey(Person, verbose_name=_("den enskilde"), on_delete=models.PROTECT, related_name="cases")
    routine_profile = models.ForeignKey(RoutineProfile, verbose_name=_("rutinprofil"), on_delete=models.PROTECT)
    status = models.CharField(_("steg"), max_length=20, choices=Step.choices, default=Step.NEED, db_index=True)
    initiator_kind = models.CharField(_("initiativtagare"), max_length=30, choices=InitiatorKind.choices)
    initiator_text = models.CharField(
        _("initiativtagare, beskrivning"),
        max_length=255,
        blank=True,
        help_text=_("Vem som uppmärksammade behovet."),
    )
    need_noticed_on = models.DateField(_("datum då behovet uppmärksammades"))
    need_description = models.TextField(_("behov"), blank=True)
    assessment = models.CharField(_("bedömning"), max_length=20, choices=Assessment.choices, blank=True)
    assessment_note = models.TextField(_("motivering av bedömningen"), blank=True)
    level = models.CharField(_("samordningsnivå"), max_length=20, choices=CoordinationLevel.choices, blank=True)
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samordningsansvarig"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    convener_unit = models.ForeignKey(
        Unit,
        verbose_name=_("samordningsansvarigs enhet"),
        on_delete=models.PROTECT,
        related_name="convened_cases",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("huvudansvarig"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("huvudansvarigs enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    close_reason = models.CharField(_("skäl för avslut"), max_length=30, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("kommentar till avslut"), blank=True)

    class Meta:
        verbose_name = _("samordningsärende")
        verbose_name_plural = _("samordningsärenden")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="closed") & ~models.Q(close_reason="") & models.Q(closed_at__isnull=False))
                | (~models.Q(status="closed") & models.Q(close_reason="") & models.Q(closed_at__isnull=True)),
                name="case_closed_has_reason_and_time",
            ),
            models.CheckConstraint(
                condition=models.Q(lead__isnull=True, lead_unit__isnull=True)
                | models.Q(lead__isnull=False, lead_unit__isnull=False),
                name="case_lead_has_unit",
            ),
        ]
        # The open cases of a unit, without its years of closed ones: what "my work" and the inbox read.
        indexes = [
            models.Index(
                fields=["convener_unit"], condition=~models.Q(status="closed"), name="case_open_convener_unit"
            ),
            models.Index(fields=["lead_unit"], condition=~models.Q(status="closed"), name="case_open_lead_unit"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The case number shown everywhere, also when the person's name is hidden."""
        return f"SIP-{self.created_at:%Y}-{self.pk:05d}" if self.created_at else "SIP-?"

    @property
    def is_closed(self) -> bool:
        return self.status == Step.CLOSED

    @property
    def needs_assessment(self) -> bool:
        """When the initiator is not staff, the receiving unit must assess whether a SIP process starts."""
        return self.initiator_kind not in STAFF_INITIATOR_KINDS

    @property
    def meeting_due_on(self) -> datetime.date:
        """The SIP meeting should be held within N days of the noticed need (routine profile)."""
        return self.need_noticed_on + datetime.timedelta(days=self.routine_profile.meeting_within_days)


class CaseStep(models.Model):
    """When the case reached a step: the time line on the case page."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("steg"), max_length=20, choices=Step.choices)
    reached_at = models.DateTimeField(_("nått"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("steg i ärendet")
        verbose_name_plural = _("steg i ärendet")
        ordering = ["reached_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="case_step_reached_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.step}"


class DischargeNotice(TimeStampedModel):
    """A discharge-ready notice from inpatient care (lag 2017:612) that opened a case."""

    case = models.OneToOneField(CoordinationCase, on_delete=models.CASCADE, related_name="discharge_notice")
    ward = models.ForeignKey(Unit, verbose_name=_("avdelning"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("meddelandet skickades"))
    expected_discharge_on = models.DateField(_("beräknat utskrivningsdatum"))

    class Meta:
        verbose_name = _("meddelande om utskrivningsklar")
        verbose_name_plural = _("meddelanden om utskrivningsklar")

    def __str__(self) -> str:
        return f"{self.ward.name} {self.sent_at:%Y-%m-%d}"

    @property
    def invitation_due_on(self) -> datetime.date:
        """The invitation must go out within N calendar days of the notice (lag 2017:612, routine profile)."""
        sent_on = timezone.localdate(self.sent_at)
        return sent_on + datetime.timedelta(days=self.case.routine_profile.discharge_invitation_days)


class CaseActor(TimeStampedModel):
    """A unit taking part in a case (aktör), with the named contact for the individual."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="actors")
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="case_actors")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joined_at = models.DateTimeField(_("ansluten"))
    left_at = models.DateTimeField(_("lämnat"), null=True, blank=True)
    left_note = models.CharField(_("skäl för att lämna"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "unit"],
                condition=models.Q(left_at__isnull=True),
                name="case_actor_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class ConsentGiver(models.TextChoices):
    INDIVIDUAL = "individual", _("Den enskilde")
    GUARDIANS = "guardians", _("Vårdnadshavare")
    REPRESENTATIVE = "representative", _("Företrädare (god man, förvaltare, framtidsfullmakt, ombud)")


class ConsentDecision(models.TextChoices):
    GIVEN = "given", _("Samtycke lämnat")
    REFUSED = "refused", _("Samtycke nekat")


class ConsentForm(models.TextChoices):
    ORAL = "oral", _("Muntligt")
    WRITTEN = "written", _("Skriftligt")


class ConsentStatus(models.TextChoices):
    ACTIVE = "active", _("Gällande")
    REFUSED = "refused", _("Nekat")
    SUPERSEDED = "superseded", _("Ersatt av nytt samtycke")
    WITHDRAWN = "withdrawn", _("Återkallat")


class Consent(TimeStampedModel):
    """The individual's consent to share information between the units in scope, for a period.

    Withdrawal is a status change with who, when and how; a consent is never deleted.
    """

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="consents")
    status = models.CharField(_("status"), max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.ACTIVE)
    decision = models.CharField(_("beslut"), max_length=10, choices=ConsentDecision.choices)
    given_by = models.CharField(_("lämnat av"), max_length=20, choices=ConsentGiver.choices)
    guardians = models.ManyToManyField(Guardian, verbose_name=_("vårdnadshavare"), blank=True, related_name="+")
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("företrädare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField(_("form"), max_length=10, choices=ConsentForm.choices)
    scan = models.FileField(_("inskannad blankett"), upload_to="consents/%Y/", blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("enheter som omfattas"), blank=True, related_name="+")
    related_persons = models.ManyToManyField(
        RelatedPerson, verbose_name=_("närstående som omfattas"), blank=True, related_name="+"
    )
    information_scope = models.TextField(_("information som får delas"), blank=True)
    exclusions = models.TextField(
        _("information som inte får delas"), blank=True, help_text=_("Gäller alla aktörer i ärendet.")
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"))
    child_view = models.TextField(_("barnets egen inställning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("återkallelse registrerad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_by_whom = models.CharField(_("återkallat av"), max_length=160, blank=True)
    withdrawal_form = models.CharField(_("återkallelsens form"), max_length=10, choices=ConsentForm.choices, blank=True)
    withdrawal_note = models.TextField(_("kommentar till återkallelsen"), blank=True)

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")), name="consent_period_order"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="consent_withdrawn_has_time",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="active"), name="consent_one_active_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.valid_from}–{self.valid_to}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.status == ConsentStatus.ACTIVE
            and self.decision == ConsentDecision.GIVEN
            and self.valid_from <= day <= self.valid_to
        )


class ChildVoiceForm(models.TextChoices):
    TOLD = "told", _("Berättat för någon")
    LETTER = "letter", _("Brev")
    DRAWING = "drawing", _("Teckning")
    PARTIAL_ATTENDANCE = "partial_attendance", _("Deltar i delar av mötet")
    OTHER = "other", _("Annat sätt")


class Preparation(TimeStampedModel):
    """The preparation with the individual before the meeting (SPEC step 3)."""

    case = models.OneToOneField(CoordinationCase, on_delete=models.CASCADE, related_name="preparation")
    what_matters = models.TextField(
        _("Vad är viktigt för dig?"), help_text=_("Den enskildes långsiktiga mål, med egna ord.")
    )
    purpose = models.TextField(_("syfte med mötet"), blank=True)
    questions = models.TextField(_("frågeställningar"), blank=True)
    wished_units = models.ManyToManyField(
        Unit, verbose_name=_("önskade deltagare (enheter)"), blank=True, related_name="+"
    )
    wished_related_persons = models.ManyToManyField(
        RelatedPerson, verbose_name=_("önskade deltagare (närstående)"), blank=True, related_name="+"
    )
    meeting_wishes = models.TextField(
        _("önskemål om mötet"),
        blank=True,
        help_text=_("Plats, digitalt eller telefon, vilka delar den enskilde vill delta i, brev eller film i stället."),
    )
    interpreter_language = models.CharField(_("tolk, språk"), max_length=80, blank=True)
    aids = models.CharField(_("hjälpmedel"), max_length=255, blank=True)
    protected_identity_checked = models.BooleanField(_("kontrollerat om skyddade personuppgifter finns"), default=False)
    child_voice_form = models.CharField(
        _("barnets röst, form"), max_length=20, choices=ChildVoiceForm.choices, blank=True
    )
    child_voice = models.TextField(_("barnets röst"), blank=True)
    pre_meeting_consented = models.BooleanField(_("den enskilde samtycker till förmöte"), default=False)
    voided_at = models.DateTimeField(_("makulerad"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("förberedelse")
        verbose_name_plural = _("förberedelser")

    def __str__(self) -> str:
        return f"{self.case}"
