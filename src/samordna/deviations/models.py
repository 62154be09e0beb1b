"""Deviations (avvikelser) when cooperation did not work as agreed, and disputes (tvister) between principals.

The county routine (seed 000, "9 Avvikelser"): the one who notices a deviation reports it, it goes to the unit
it concerns, the managers of both units resolve it together, and the receiving unit answers in writing with
the cause and the actions taken. Disputes are solved by the nearest managers first and are then raised up each
principal's line organisation; while they are open, the parties agree on a temporary division of
responsibility (seed 002, "Tvister") so that the individual does not fall between them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samordna.cases.models import CoordinationCase
from samordna.common.models import TimeStampedModel
from samordna.organizations.models import Principal, Unit


class DeviationCategory(models.TextChoices):
    """The routine's examples of deviations (seed 000, "Exempel på avvikelser")."""

    NO_SIP_INITIATED = "no_sip_initiated", _("SIP har inte initierats trots att behov finns")
    INVITATION_NOT_ANSWERED = "invitation_not_answered", _("Kallelse till SIP-möte har inte besvarats")
    ACTOR_ABSENT = "actor_absent", _("Aktör uteblir systematiskt från möten")
    POOR_TREATMENT = "poor_treatment", _("Brister i bemötandet av den enskilde")
    NO_AGREEMENT = "no_agreement", _("Aktörerna kommer inte överens")
    INTERVENTION_NOT_CARRIED_OUT = "intervention_not_carried_out", _("Överenskommen insats har inte utförts")
    OTHER = "other", _("Annat")


class DeviationStatus(models.TextChoices):
    """The steps of a deviation, in order."""

    REPORTED = "reported", _("Rapporterad")
    RECEIVED = "received", _("Mottagen")
    RESOLVING = "resolving", _("Hanteras")
    ANSWERED = "answered", _("Besvarad")
    CLOSED = "closed", pgettext_lazy("deviation status", "Avslutad")


DEVIATION_STATUS_ORDER = list(DeviationStatus.values)


def _reached(status: str) -> Q:
    """Rows whose status is `status` or any later step."""
    return Q(status__in=DEVIATION_STATUS_ORDER[DEVIATION_STATUS_ORDER.index(status) :])


class Deviation(TimeStampedModel):
    """A report that cooperation around SIP did not work as agreed. It names units, not people; the case link
    is optional and holds the only personal data (through the case)."""

    category = models.CharField(_("kategori"), max_length=40, choices=DeviationCategory.choices)
    description = models.TextField(
        _("vad hände"),
        help_text=_("Beskriv händelsen sakligt. Skriv inte fler personuppgifter än som behövs."),
    )
    occurred_on = models.DateField(_("datum för händelsen"))
    reporting_unit = models.ForeignKey(
        Unit, verbose_name=_("rapporterande enhet"), on_delete=models.PROTECT, related_name="reported_deviations"
    )
    concerned_unit = models.ForeignKey(
        Unit, verbose_name=_("berörd enhet"), on_delete=models.PROTECT, related_name="concerning_deviations"
    )
    case = models.ForeignKey(
        CoordinationCase,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deviations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeviationStatus.choices, default=DeviationStatus.REPORTED, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rapporterad av"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("rapporterad"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("mottagen"), null=True, blank=True)
    resolving_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolving_at = models.DateTimeField(_("hantering påbörjad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answer_cause = models.TextField(_("identifierad orsak"), blank=True)
    answer_actions = models.TextField(_("planerade eller genomförda åtgärder"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reporting_unit=F("concerned_unit")),
                name="deviation_concerns_another_unit",
            ),
            # Each step has its time exactly when the deviation has reached it.
            models.CheckConstraint(
                condition=(_reached(DeviationStatus.RECEIVED) & Q(received_at__isnull=False))
                | (~_reached(DeviationStatus.RECEIVED) & Q(received_at__isnull=True)),
                name="deviation_received_has_time",
            ),
            models.CheckConstraint(
                condition=(_reached(DeviationStatus.RESOLVING) & Q(resolving_at__isnull=False))
                | (~_reached(DeviationStatus.RESOLVING) & Q(resolving_at__isnull=True)),
                name="deviation_resolving_has_time",
            ),
            models.CheckConstraint(
                condition=(
                    _reached(DeviationStatus.ANSWERED)
                    & Q(answered_at__isnull=False)
                    & ~Q(answer_cause="")
                    & ~Q(answer_actions="")
                )
                | (~_reached(DeviationStatus.ANSWERED) & Q(answered_at__isnull=True)),
                name="deviation_answer_has_cause_actions_and_time",
            ),
            models.CheckConstraint(
                condition=(Q(status=DeviationStatus.CLOSED) & Q(closed_at__isnull=False))
                | (~Q(status=DeviationStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="deviation_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("deviations:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"AVV-{self.reported_at:%Y}-{self.pk:05d}" if self.reported_at and self.pk else "AVV-?"

    @property
    def is_closed(self) -> bool:
        return self.status == DeviationStatus.CLOSED

    @property
    def person_id(self) -> int | None:
        """The person whose data the report may touch (through its case), for the audit log."""
        return self.case.person_id if self.case_id else None


class DeviationComment(TimeStampedModel):
    """What a manager of either unit writes while the deviation is being resolved."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("skriven av"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("för enheten"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kommentar"))

    class Meta:
        verbose_name = _("kommentar till avvikelse")
        verbose_name_plural = _("kommentarer till avvikelser")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deviation_id}: {self.author}"


class EscalationLevel(TimeStampedModel):
    """One step up a principal's line organisation, where a dispute goes when the level below cannot solve it.

    Level 1 is always the nearest managers of the units involved (enhetschef) and is not configured. From
    level 2 up each principal names the title (e.g. verksamhetschef, förvaltningschef) and who holds it."""

    principal = models.ForeignKey(
        Principal, verbose_name=_("huvudman"), on_delete=models.CASCADE, related_name="escalation_levels"
    )
    rank = models.PositiveSmallIntegerField(_("nivå"), help_text=_("2 är närmast över enhetschefen."))
    title = models.CharField(_("titel eller funktion"), max_length=120)
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("innehavare"), related_name="escalation_levels", blank=True
    )

    class Meta:
        verbose_name = _("eskaleringsnivå")
        verbose_name_plural = _("eskaleringsnivåer")
        ordering = ["principal__name", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["principal", "rank"], name="escalation_level_unique_rank"),
            models.CheckConstraint(condition=Q(rank__gte=2), name="escalation_level_above_nearest_manager"),
        ]

    def __str__(self) -> str:
        return f"{self.principal.name} {self.rank}: {self.title}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Pågår")
    RESOLVED = "resolved", _("Löst")


class Dispute(TimeStampedModel):
    """A disagreement between units of (usually) different principals about who does what."""

    subject = models.TextField(_("vad tvisten gäller"))
    raised_by_unit = models.ForeignKey(
        Unit, verbose_name=_("enhet som lyfter tvisten"), on_delete=models.PROTECT, related_name="raised_disputes"
    )
    other_unit = models.ForeignKey(
        Unit, verbose_name=_("motpart"), on_delete=models.PROTECT, related_name="opposed_disputes"
    )
    deviation = models.ForeignKey(
        Deviation,
        verbose_name=_("avvikelse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    case = models.ForeignKey(
        CoordinationCase,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    level = models.PositiveSmallIntegerField(_("nivå"), default=1)
    interim_arrangement = models.TextField(
        _("tillfällig ansvarsfördelning"),
        help_text=_("Vem gör vad medan tvisten pågår, så att den enskilde inte kommer i kläm."),
    )
    status = models.CharField(_("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lyft av"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("lyft"))
    outcome = models.TextField(_("utfall"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("löst"), null=True, blank=True)

    class Meta:
        verbose_name = _("tvist")
        verbose_name_plural = _("tvister")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(raised_by_unit=F("other_unit")), name="dispute_between_two_units"),
            models.CheckConstraint(condition=Q(level__gte=1), name="dispute_level_from_one"),
            models.CheckConstraint(condition=~Q(interim_arrangement=""), name="dispute_has_interim_arrangement"),
            models.CheckConstraint(
                condition=(Q(status=DisputeStatus.RESOLVED) & ~Q(outcome="") & Q(resolved_at__isnull=False))
                | (Q(status=DisputeStatus.OPEN) & Q(outcome="") & Q(resolved_at__isnull=True)),
                name="dispute_resolved_has_outcome_and_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("deviations:dispute_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"TVIST-{self.opened_at:%Y}-{self.pk:05d}" if self.opened_at and self.pk else "TVIST-?"

    @property
    def is_open(self) -> bool:
        return self.status == DisputeStatus.OPEN

    @property
    def person_id(self) -> int | None:
        return self.case.person_id if self.case_id else None


class DisputeStepKind(models.TextChoices):
    OPENED = "opened", _("Tvisten lyftes")
    INTERIM = "interim", _("Tillfällig ansvarsfördelning ändrad")
    ESCALATED = "escalated", _("Lyft till nästa nivå")
    RESOLVED = "resolved", _("Tvisten löst")


class DisputeStep(models.Model):
    """One entry of a dispute's history: when it was opened, escalated, its interim arrangement changed, solved."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("händelse"), max_length=20, choices=DisputeStepKind.choices)
    level = models.PositiveSmallIntegerField(_("nivå"))
    at = models.DateTimeField(_("tidpunkt"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("av"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("händelse i tvist")
        verbose_name_plural = _("händelser i tvister")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id}: {self.kind}"
