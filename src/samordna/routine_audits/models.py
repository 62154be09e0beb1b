"""Rutinkollen: a unit's self-audit of how well its SIP work follows the routine.

The county routine (seed 000, "Utvärdering av SIP-mötet") describes Rutinkollen: the units themselves go
through existing documentation for a sample of their cases and judge how well the routine is followed, on
participation, coordination, goals and purpose, content and follow-up of SIP, and follow their own results
over time. The seeds name the five indicators but give no question wording; the questions below are
Samordna's, written from the routine's description of each step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.common.models import TimeStampedModel
from samordna.organizations.models import Unit


class Indicator(models.TextChoices):
    """The five indicators of Rutinkollen, in the routine's order and words."""

    PARTICIPATION = "participation", _("Delaktighet")
    COORDINATION = "coordination", _("Samordning")
    GOALS_AND_PURPOSE = "goals_and_purpose", _("Mål och syfte")
    CONTENT = "content", _("Innehåll")
    FOLLOW_UP = "follow_up", _("Uppföljning")


INDICATOR_QUESTIONS = {
    Indicator.PARTICIPATION: _(
        "Har den enskilde (och vid behov närstående) varit delaktig i förberedelse, möte och plan, med sina egna "
        "ord om vad som är viktigt?"
    ),
    Indicator.COORDINATION: _(
        "Har rätt aktörer kallats och deltagit, med samordningsansvarig och huvudansvarig tydligt utsedda?"
    ),
    Indicator.GOALS_AND_PURPOSE: _(
        "Är syftet med SIP och den enskildes mål dokumenterade, konkreta och accepterade av den enskilde?"
    ),
    Indicator.CONTENT: _(
        "Anger planen för varje insats vad som görs, av vem, när och hur den samordnas, samt vad som gäller "
        "i väntan på beslut?"
    ),
    Indicator.FOLLOW_UP: _("Finns datum för uppföljning i planen, och har uppföljningen genomförts och dokumenterats?"),
}


class Answer(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nej")


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Pågår")
    COMPLETED = "completed", _("Slutförd")


class RoutineAudit(TimeStampedModel):
    """One self-audit: a unit's random sample of its cases from a period, and who reviews them."""

    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="routine_audits")
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    sample_size = models.PositiveSmallIntegerField(_("antal ärenden i urvalet"))
    seed = models.BigIntegerField(
        _("slumpfrö"), help_text=_("Samma frö och samma ärenden ger alltid samma urval; urvalet sparas också.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skapad av"), on_delete=models.PROTECT, related_name="+"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("granskare"), related_name="routine_audits_to_review"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS, db_index=True
    )
    completed_at = models.DateTimeField(_("slutförd"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rutinkoll")
        verbose_name_plural = _("rutinkoller")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="audit_period_order"),
            models.CheckConstraint(condition=Q(sample_size__gte=1), name="audit_sample_not_empty"),
            models.CheckConstraint(
                condition=(Q(status=AuditStatus.COMPLETED) & Q(completed_at__isnull=False))
                | (Q(status=AuditStatus.IN_PROGRESS) & Q(completed_at__isnull=True)),
                name="audit_completed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("routine_audits:detail", args=[self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED


class AuditedCase(models.Model):
    """One case drawn into an audit's sample. Stored, so the sample stays the same whatever happens later."""

    audit = models.ForeignKey(RoutineAudit, on_delete=models.CASCADE, related_name="sample")
    case = models.ForeignKey(CoordinationCase, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("ordning"))

    class Meta:
        verbose_name = _("granskat ärende")
        verbose_name_plural = _("granskade ärenden")
        ordering = ["audit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "case"], name="audited_case_once_per_audit"),
            models.UniqueConstraint(fields=["audit", "position"], name="audited_case_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}: {self.case_id}"


class IndicatorAnswer(TimeStampedModel):
    """A reviewer's judgement of one indicator for one case in the sample."""

    audited_case = models.ForeignKey(AuditedCase, on_delete=models.CASCADE, related_name="answers")
    indicator = models.CharField(_("indikator"), max_length=20, choices=Indicator.choices)
    answer = models.CharField(_("bedömning"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bedömd av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["audited_case", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["audited_case", "indicator"], name="indicator_answered_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.audited_case_id} {self.indicator}: {self.answer}"
