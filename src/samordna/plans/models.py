"""Step 6-9 of the SIP process: the plan (samordnad individuell plan) in versions, with goals, interventions,
contact persons, each principal's approval, events reported to the lead, and status updates of interventions.

Immutability. An approved version is the signed plan: it and its goals, interventions and contact persons are
never changed again, and a superseded version is history. Services refuse first, with a message; below them a
guard in `save()`/`delete()` and in the querysets' `update()`/`delete()`/`bulk_create()` raises
`PlanVersionLocked`, so a forgotten check or a shell session cannot rewrite a signed plan either. Two changes
to a locked version are allowed and modelled explicitly:

- the one transition approved -> superseded, saved with `update_fields` limited to the status columns, when a
  follow-up makes a new version (`PlanVersion.SUPERSEDE_FIELDS`);
- the performing unit's status reports on its interventions after approval. They do not touch the intervention:
  each report is an append-only `InterventionStatusUpdate` row, and `Intervention.current_status` reads the
  latest one. The approved row keeps the status that was agreed.

FHIR (R4B). Goal achievement and intervention status are stored as FHIR codes (goal-achievement and
CarePlan.activity.detail.status). Version status maps to CarePlan.status in `FHIR_CAREPLAN_STATUS`, the one
place that mapping lives.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.common.models import TimeStampedModel
from samordna.meetings.models import Meeting
from samordna.organizations.models import Principal, Unit

VERSION_LOCKED = _(
    "Versionen är godkänd eller ersatt och kan inte ändras. Ändringar görs i en ny version vid uppföljning."
)


class PlanVersionLocked(ValidationError):
    """Raised by every write path that would change an approved or superseded version or its content.

    A ValidationError, so a form page that runs into it (two users, one approving while the other edits) shows
    the message instead of failing."""

    def __init__(self, message=VERSION_LOCKED):
        super().__init__(message, code="plan_version_locked")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PARTLY_APPROVED = "partly_approved", _("Delvis godkänd")
    APPROVED = "approved", _("Godkänd")
    SUPERSEDED = "superseded", _("Ersatt av ny version")


LOCKED_STATUSES = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)
OPEN_STATUSES = (PlanStatus.DRAFT, PlanStatus.PARTLY_APPROVED)

# CarePlan.status (http://hl7.org/fhir/request-status). A version under approval is still a draft for FHIR; a
# superseded version is revoked, its function taken over by the version that `replaces` it (the FHIR Request
# pattern); the approved version of a closed case is completed.
FHIR_CAREPLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.PARTLY_APPROVED: "draft",
    PlanStatus.APPROVED: "active",
    PlanStatus.SUPERSEDED: "revoked",
}
FHIR_CAREPLAN_STATUS_CASE_CLOSED = "completed"


def fhir_careplan_status(status: str, *, case_closed: bool = False) -> str:
    """CarePlan.status for a version in `status`; an approved version of a closed case is completed."""
    if case_closed and status == PlanStatus.APPROVED:
        return FHIR_CAREPLAN_STATUS_CASE_CLOSED
    return FHIR_CAREPLAN_STATUS[status]


class GoalAchievement(models.TextChoices):
    """FHIR goal-achievement codes (Goal.achievementStatus)."""

    IN_PROGRESS = "in-progress", _("Pågår")
    IMPROVING = "improving", _("Förbättras")
    WORSENING = "worsening", _("Försämras")
    NO_CHANGE = "no-change", _("Ingen förändring")
    ACHIEVED = "achieved", _("Uppnått")
    SUSTAINING = "sustaining", _("Bibehålls")
    NOT_ACHIEVED = "not-achieved", _("Inte uppnått")
    NO_PROGRESS = "no-progress", _("Inga framsteg")
    NOT_ATTAINABLE = "not-attainable", _("Inte möjligt att uppnå")


# FHIR Goal.achievementStatus: the code system and the display of each code. The one place this mapping lives;
# the values of GoalAchievement are the codes themselves.
FHIR_GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
FHIR_GOAL_ACHIEVEMENT_DISPLAY = {
    GoalAchievement.IN_PROGRESS: "In Progress",
    GoalAchievement.IMPROVING: "Improving",
    GoalAchievement.WORSENING: "Worsening",
    GoalAchievement.NO_CHANGE: "No Change",
    GoalAchievement.ACHIEVED: "Achieved",
    GoalAchievement.SUSTAINING: "Sustaining",
    GoalAchievement.NOT_ACHIEVED: "Not Achieved",
    GoalAchievement.NO_PROGRESS: "No Progress",
    GoalAchievement.NOT_ATTAINABLE: "Not Attainable",
}
# The outcomes the statistics count as "achieved or improving" at a follow-up.
GOAL_ACHIEVEMENT_FAVOURABLE = (GoalAchievement.ACHIEVED, GoalAchievement.IMPROVING)


def fhir_goal_achievement(code: str) -> dict[str, str]:
    """Goal.achievementStatus as a FHIR Coding; refuses a code outside the value set (fhir.resources won't)."""
    achievement = GoalAchievement(code)
    return {
        "system": FHIR_GOAL_ACHIEVEMENT_SYSTEM,
        "code": achievement.value,
        "display": FHIR_GOAL_ACHIEVEMENT_DISPLAY[achievement],
    }


class GoalEvaluation(models.TextChoices):
    MET = "met", _("Uppfyllt")
    PARTLY_MET = "partly_met", _("Delvis uppfyllt")
    NOT_MET = "not_met", _("Inte uppfyllt")


class InterventionStatus(models.TextChoices):
    """FHIR CarePlan.activity.detail.status codes (the subset a SIP uses)."""

    NOT_STARTED = "not-started", _("Inte påbörjad")
    IN_PROGRESS = "in-progress", _("Pågår")
    ON_HOLD = "on-hold", _("Vilande")
    COMPLETED = "completed", _("Avslutad")
    CANCELLED = "cancelled", _("Inställd")


class InterventionDecision(models.TextChoices):
    """What the follow-up decided about an intervention."""

    CONTINUE = "continue", _("Fortsätter")
    ADJUST = "adjust", _("Justeras")
    REPLACE = "replace", _("Ersätts")
    END = "end", _("Avslutas")


class AgreementKind(models.TextChoices):
    ORAL = "oral", _("Muntligt")
    WRITTEN = "written", _("Skriftligt")
    REPRESENTATIVE = "representative", _("Genom företrädare")


class LeadDecision(models.TextChoices):
    NOTED = "noted", _("Noterat, ingen ändring av uppföljningen")
    BRING_FORWARD = "bring_forward", _("Uppföljningen tidigareläggs")


class LockableQuerySet(models.QuerySet):
    """Bulk writes refuse rows of an approved or superseded version (see the module docstring)."""

    locked_lookup = "version__status__in"

    def _touches_locked_version(self) -> bool:
        return self.filter(**{self.locked_lookup: LOCKED_STATUSES}).exists()

    def update(self, **kwargs):
        if self._touches_locked_version():
            raise PlanVersionLocked()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_locked_version():
            raise PlanVersionLocked()
        return super().delete()

    delete.queryset_only = True


class PlanVersionQuerySet(LockableQuerySet):
    locked_lookup = "status__in"

    def current(self):
        """The version in force or being made: every plan has at most one that is not superseded."""
        return self.exclude(status=PlanStatus.SUPERSEDED)


class VersionContentQuerySet(LockableQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        version_ids = {obj.version_id for obj in objs}
        if PlanVersion._base_manager.filter(pk__in=version_ids, status__in=LOCKED_STATUSES).exists():
            raise PlanVersionLocked()
        return super().bulk_create(objs, *args, **kwargs)


class Plan(TimeStampedModel):
    """The individual's one plan in a case; its content lives in versions."""

    case = models.OneToOneField(CoordinationCase, on_delete=models.PROTECT, related_name="plan")

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return f"{self.case}"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.case_id])


class PlanVersion(TimeStampedModel):
    """One version of the plan, made at a SIP meeting or a follow-up, pointing to the version it replaces."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("ersätter version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("möte"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_versions",
        help_text=_("SIP-mötet eller uppföljningsmötet där versionen gjordes."),
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    individual_wishes = models.TextField(
        _("den enskildes önskemål"), blank=True, help_text=_("Med den enskildes egna ord.")
    )
    long_term_goal = models.TextField(
        _("långsiktigt mål"), blank=True, help_text=_("Vad är viktigt för dig? Med den enskildes egna ord.")
    )
    own_contribution = models.TextField(_("det den enskilde kan göra själv"), blank=True)
    relatives_contribution = models.TextField(_("det närstående eller andra bidrar med"), blank=True)
    disagreements = models.TextField(
        _("frågor där man inte är överens"), blank=True, help_text=_("Oenighet mellan den enskilde och aktörerna.")
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
        Unit, verbose_name=_("huvudansvarigs enhet"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_change_note = models.TextField(
        _("byte av huvudansvarig"), blank=True, help_text=_("Varför huvudansvarig byttes vid uppföljningen.")
    )
    follow_up_on = models.DateField(_("datum för uppföljning"), null=True, blank=True)
    follow_up_time = models.TimeField(_("tid för uppföljning"), null=True, blank=True)
    follow_up_place = models.CharField(_("plats för uppföljning"), max_length=255, blank=True)
    individual_agreement = models.CharField(
        _("den enskildes godkännande"), max_length=20, choices=AgreementKind.choices, blank=True
    )
    individual_agreed_on = models.DateField(_("den enskilde godkände"), null=True, blank=True)
    individual_agreement_note = models.CharField(
        _("kommentar till godkännandet"), max_length=255, blank=True, help_text=_("T.ex. vilken företrädare.")
    )
    individual_agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skapad av"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanVersionQuerySet.as_manager()

    # The text sections, in the order the plan shows them: copied forward, compared and kept as history.
    SECTION_FIELDS = (
        "individual_wishes",
        "long_term_goal",
        "own_contribution",
        "relatives_contribution",
        "disagreements",
    )
    # The only columns a save may touch on an approved version: marking it superseded.
    SUPERSEDE_FIELDS = frozenset({"status", "superseded_at", "updated_at"})

    class Meta:
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=~Q(status="superseded"), name="plan_one_current_version"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
            models.CheckConstraint(
                condition=Q(lead__isnull=True, lead_unit__isnull=True) | Q(lead__isnull=False, lead_unit__isnull=False),
                name="plan_version_lead_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "superseded"], approved_at__isnull=False)
                | Q(status__in=["draft", "partly_approved"], approved_at__isnull=True),
                name="plan_version_approved_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status="superseded", superseded_at__isnull=False)
                | (~Q(status="superseded") & Q(superseded_at__isnull=True)),
                name="plan_version_superseded_has_time",
            ),
            models.CheckConstraint(
                condition=Q(individual_agreement="", individual_agreed_on__isnull=True)
                | (~Q(individual_agreement="") & Q(individual_agreed_on__isnull=False)),
                name="plan_version_agreement_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = PlanVersion._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in LOCKED_STATUSES and not self._is_supersession(stored, kwargs.get("update_fields")):
                raise PlanVersionLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if PlanVersion._base_manager.filter(pk=self.pk, status__in=LOCKED_STATUSES).exists():
            raise PlanVersionLocked()
        return super().delete(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:version", args=[self.plan.case_id, self.pk])

    def _is_supersession(self, stored: str, update_fields) -> bool:
        return (
            stored == PlanStatus.APPROVED
            and self.status == PlanStatus.SUPERSEDED
            and update_fields is not None
            and set(update_fields) <= self.SUPERSEDE_FIELDS
        )

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def is_current(self) -> bool:
        return self.status != PlanStatus.SUPERSEDED

    @property
    def has_individual_agreement(self) -> bool:
        return bool(self.individual_agreement)

    @property
    def fhir_status(self) -> str:
        return fhir_careplan_status(self.status)

    @property
    def follow_up_label(self) -> str:
        """Date, time and place of the follow-up as one line."""
        parts = [f"{self.follow_up_on:%Y-%m-%d}" if self.follow_up_on else ""]
        if self.follow_up_time:
            parts.append(f"{self.follow_up_time:%H:%M}")
        if self.follow_up_place:
            parts.append(self.follow_up_place)
        return " ".join(part for part in parts if part)


class VersionContent(TimeStampedModel):
    """Rows that belong to one version and share its lock (goals, interventions, contact persons, sign-offs):
    save and delete refuse when the version is approved or superseded."""

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._ensure_version_open()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_version_open()
        return super().delete(*args, **kwargs)

    def _ensure_version_open(self) -> None:
        """Refuse when the row's version (or the version it is stored under, if it is being moved) is locked."""
        versions = Q(pk=self.version_id)
        if self.pk is not None:
            versions |= Q(pk__in=type(self)._base_manager.filter(pk=self.pk).values("version_id"))
        if PlanVersion._base_manager.filter(versions, status__in=LOCKED_STATUSES).exists():
            raise PlanVersionLocked()


class Goal(VersionContent):
    """A goal (mål) in the individual's own words, or a sub-goal (delmål) under one."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", verbose_name=_("delmål till"), null=True, blank=True, on_delete=models.CASCADE, related_name="subgoals"
    )
    text = models.TextField(_("mål"), help_text=_("Konkret, med den enskildes egna ord."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    achievement_status = models.CharField(
        _("måluppfyllelse"), max_length=20, choices=GoalAchievement.choices, default=GoalAchievement.IN_PROGRESS
    )
    # Set when a follow-up records the goal's achievement in its version; empty while it is only carried over.
    achievement_recorded_at = models.DateTimeField(_("måluppfyllelse bedömd vid uppföljning"), null=True, blank=True)
    evaluation = models.CharField(_("utvärdering"), max_length=20, choices=GoalEvaluation.choices, blank=True)
    evaluation_note = models.TextField(_("kommentar till utvärderingen"), blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("från föregående version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent.version_id != self.version_id:
                raise ValidationError({"parent": _("Delmålet måste höra till ett mål i samma version.")})
            if self.parent.parent_id is not None or self.parent_id == self.pk:
                raise ValidationError({"parent": _("Ett delmål kan bara höra till ett mål, inte till ett delmål.")})

    @property
    def is_subgoal(self) -> bool:
        return self.parent_id is not None

    @property
    def fhir_achievement(self) -> dict[str, str]:
        return fhir_goal_achievement(self.achievement_status)


class Intervention(VersionContent):
    """An intervention (insats): what is done, by which unit (and so principal), when, how often, where."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="interventions")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )
    what = models.TextField(_("insats"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("utförs av"), on_delete=models.PROTECT, related_name="plan_interventions"
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    frequency = models.CharField(_("hur ofta"), max_length=160, blank=True)
    place = models.CharField(_("var"), max_length=255, blank=True)
    coordination = models.TextField(_("hur insatsen samordnas"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InterventionStatus.choices, default=InterventionStatus.NOT_STARTED
    )
    pending_decision = models.BooleanField(_("i väntan på beslut"), default=False)
    meanwhile = models.TextField(_("det som kan göras i väntan på beslut"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    delivered_as_planned = models.BooleanField(_("genomförd som planerat"), null=True, blank=True)
    effect = models.TextField(_("effekt"), blank=True)
    evaluation_decision = models.CharField(
        _("beslut vid uppföljning"), max_length=20, choices=InterventionDecision.choices, blank=True
    )
    evaluation_note = models.TextField(_("kommentar till utvärderingen"), blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("från föregående version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.what[:60]

    def clean(self) -> None:
        if self.goal_id is not None and self.goal.version_id != self.version_id:
            raise ValidationError({"goal": _("Målet hör till en annan version av planen.")})

    @property
    def principal(self) -> Principal:
        return self.unit.principal

    @property
    def current_status(self) -> str:
        """The latest status reported by the performing unit after approval, else the status in the plan.
        Reads the prefetched `status_updates` (newest first) when the selector loaded them."""
        latest = self.latest_status_update
        return latest.status if latest else self.status

    @property
    def latest_status_update(self):
        updates = self.status_updates.all()
        return updates[0] if updates else None

    def get_current_status_display(self) -> str:
        return InterventionStatus(self.current_status).label


class ContactPerson(VersionContent):
    """The individual's contact person in one organisation (unit), named in the version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="contacts")
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("namn"), max_length=160, blank=True, help_text=_("När personen inte är användare."))
    phone = models.CharField(_("telefon"), max_length=60, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["unit__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "unit"], name="plan_contact_one_per_unit"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="plan_contact_has_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def display_phone(self) -> str:
        return self.phone or (self.user.phone if self.user_id is not None else "")

    @property
    def display_email(self) -> str:
        return self.email or (self.user.email if self.user_id is not None else "")


class PrincipalApproval(VersionContent):
    """A principal's sign-off of its part of a version, by a user of one of its units in the case."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="approvals")
    principal = models.ForeignKey(Principal, verbose_name=_("huvudman"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("godkänd av"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("godkänd"))
    # A sign-off given on paper (a principal without users in Samordna, or during downtime) is recorded by the
    # convener's or lead's unit: `approved_by` then names who recorded it, these fields who signed and when.
    on_paper = models.BooleanField(_("godkänt på papper"), default=False)
    signed_by_name = models.CharField(_("undertecknat av"), max_length=160, blank=True)
    signed_on = models.DateField(_("undertecknat den"), null=True, blank=True)

    class Meta:
        verbose_name = _("huvudmans godkännande")
        verbose_name_plural = _("huvudmäns godkännanden")
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "principal"], name="plan_approval_once_per_principal"),
            models.CheckConstraint(
                condition=models.Q(on_paper=False) | (~models.Q(signed_by_name="") & models.Q(signed_on__isnull=False)),
                name="plan_approval_on_paper_names_signer_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.approved_at:%Y-%m-%d}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PlanVersionLocked()

    def delete(self):
        raise PlanVersionLocked()

    delete.queryset_only = True


class InterventionStatusUpdate(models.Model):
    """The performing unit's report of an intervention's status after the version was approved: the one change
    allowed once a plan is signed. Append-only; the latest report is the intervention's current status."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="status_updates")
    status = models.CharField(_("status"), max_length=20, choices=InterventionStatus.choices)
    note = models.TextField(_("kommentar"), blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidpunkt"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusuppdatering av insats")
        verbose_name_plural = _("statusuppdateringar av insatser")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.intervention_id}: {self.status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PlanVersionLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PlanVersionLocked()


class PlanEvent(TimeStampedModel):
    """Something an actor reports to the lead that affects the plan; the lead decides whether the follow-up is
    brought forward (the new invitation itself is made in the meetings app)."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="plan_events")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="events")
    unit = models.ForeignKey(Unit, verbose_name=_("rapporterande enhet"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rapporterad av"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("händelse"))
    at = models.DateTimeField(_("rapporterad"))
    seen_by_lead_at = models.DateTimeField(_("sedd av huvudansvarig"), null=True, blank=True)
    lead_decision = models.CharField(
        _("huvudansvarigs beslut"), max_length=20, choices=LeadDecision.choices, blank=True
    )
    decision_note = models.TextField(_("kommentar till beslutet"), blank=True)
    decided_at = models.DateTimeField(_("beslutat"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("händelse i planen")
        verbose_name_plural = _("händelser i planen")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_decision="", decided_at__isnull=True)
                | (~Q(lead_decision="") & Q(decided_at__isnull=False)),
                name="plan_event_decision_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_decided(self) -> bool:
        return bool(self.lead_decision)
