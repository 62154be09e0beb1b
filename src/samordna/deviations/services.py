"""Writes for deviations and disputes. Each service runs in one transaction, locks the row it changes, checks
the user's permission and the current status first, saves, writes its audit event, and tells the managers
concerned once the transaction commits (samordna.deviations.notices)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CoordinationCase
from samordna.cases.policies import can_view_case
from samordna.common import clock
from samordna.deviations import notices
from samordna.deviations.models import (
    Deviation,
    DeviationComment,
    DeviationStatus,
    Dispute,
    DisputeStatus,
    DisputeStep,
    DisputeStepKind,
    EscalationLevel,
)
from samordna.deviations.policies import (
    CASE_ROLES,
    ensure_can_change_interim,
    ensure_concerned_manager,
    ensure_either_manager,
    ensure_handles_dispute,
    ensure_reporting_manager,
    ensure_status,
    managed_unit_ids,
    manages_either_unit,
)
from samordna.organizations.models import Unit
from samordna.organizations.selectors import user_unit_ids

NOT_MEMBER_OF_UNIT = _("Du kan bara rapportera för en enhet där du arbetar.")
CASE_NOT_VISIBLE = _("Du kan bara koppla avvikelsen till ett ärende som du har åtkomst till.")
SAME_UNIT = _("Den berörda enheten måste vara en annan än den rapporterande.")
UNIT_INACTIVE = _("Enheten är inte längre aktiv.")
DATE_IN_FUTURE = _("Datumet kan inte ligga i framtiden.")
TEXT_REQUIRED = _("Fältet måste fyllas i.")
NOT_MANAGER_OF_UNIT = _("Du kan bara lyfta en tvist för en enhet där du är chef.")
DEVIATION_UNITS_ONLY = _("En tvist från en avvikelse gäller avvikelsens två enheter.")
NO_HIGHER_LEVEL = _(
    "Det finns ingen högre nivå i huvudmännens linjeorganisation. Hantera tvisten enligt rutinen för "
    "delregional samverkan och registrera utfallet här."
)

ACTION_RECEIVE = _("tas emot")
ACTION_START = _("börja hanteras")
ACTION_COMMENT = _("kommenteras")
ACTION_ANSWER = _("besvaras")
ACTION_CLOSE = _("avslutas")


def _locked(deviation: Deviation) -> Deviation:
    """The row as it is now, locked until the transaction ends, so two managers never take the same step."""
    return Deviation.objects.select_for_update(of=("self",)).select_related("case").get(pk=deviation.pk)


def _require_text(field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: TEXT_REQUIRED}, code="required")
    return value


def _audit(by, action: AuditAction, obj, person_id: int | None, summary: str) -> None:
    audit_record(user=by, action=action, obj=obj, person_id=person_id, summary=summary)


@transaction.atomic
def deviation_report(
    *,
    by,
    reporting_unit: Unit,
    concerned_unit: Unit,
    category: str,
    description: str,
    occurred_on: datetime.date,
    case: CoordinationCase | None = None,
) -> Deviation:
    """Any staff member reports a deviation for their own unit, about another unit, optionally tied to a case
    they may see."""
    if reporting_unit.pk not in user_unit_ids(by, roles=CASE_ROLES):
        raise PermissionDenied(NOT_MEMBER_OF_UNIT)
    if case is not None and not can_view_case(by, case):
        raise PermissionDenied(CASE_NOT_VISIBLE)
    if concerned_unit.pk == reporting_unit.pk:
        raise ValidationError({"concerned_unit": SAME_UNIT}, code="same_unit")
    if not concerned_unit.is_active:
        raise ValidationError({"concerned_unit": UNIT_INACTIVE}, code="inactive")
    if occurred_on > clock.today():
        raise ValidationError({"occurred_on": DATE_IN_FUTURE}, code="future")
    deviation = Deviation(
        category=category,
        description=_require_text("description", description),
        occurred_on=occurred_on,
        reporting_unit=reporting_unit,
        concerned_unit=concerned_unit,
        case=case,
        reported_by=by,
        reported_at=clock.now(),
    )
    deviation.full_clean()
    deviation.save()
    _audit(by, AuditAction.CREATE, deviation, deviation.person_id, "deviation_report")
    notices.deviation_reported(deviation, by=by)
    return deviation


def _step(deviation: Deviation, by, summary: str) -> Deviation:
    deviation.full_clean()
    deviation.save()
    _audit(by, AuditAction.UPDATE, deviation, deviation.person_id, summary)
    notices.deviation_step(deviation, by=by, key=deviation.status, step=deviation.get_status_display())
    return deviation


@transaction.atomic
def deviation_receive(*, deviation: Deviation, by) -> Deviation:
    """The concerned unit's manager acknowledges the report."""
    deviation = _locked(deviation)
    ensure_concerned_manager(by, deviation)
    ensure_status(deviation, (DeviationStatus.REPORTED,), ACTION_RECEIVE)
    deviation.status = DeviationStatus.RECEIVED
    deviation.received_at, deviation.received_by = clock.now(), by
    return _step(deviation, by, "deviation_receive")


@transaction.atomic
def deviation_start_resolving(*, deviation: Deviation, by) -> Deviation:
    """Either unit's manager starts the joint handling (berörda enheters chefer löser i samverkan)."""
    deviation = _locked(deviation)
    ensure_either_manager(by, deviation)
    ensure_status(deviation, (DeviationStatus.RECEIVED,), ACTION_START)
    deviation.status = DeviationStatus.RESOLVING
    deviation.resolving_at, deviation.resolving_by = clock.now(), by
    return _step(deviation, by, "deviation_start_resolving")


@transaction.atomic
def deviation_comment(*, deviation: Deviation, by, text: str) -> DeviationComment:
    """A manager of either unit writes while the deviation is received or being resolved."""
    deviation = _locked(deviation)
    ensure_either_manager(by, deviation)
    ensure_status(deviation, (DeviationStatus.RECEIVED, DeviationStatus.RESOLVING), ACTION_COMMENT)
    managed = managed_unit_ids(by)
    unit_id = deviation.concerned_unit_id if deviation.concerned_unit_id in managed else deviation.reporting_unit_id
    comment = DeviationComment(deviation=deviation, author=by, unit_id=unit_id, text=_require_text("text", text))
    comment.full_clean()
    comment.save()
    _audit(by, AuditAction.CREATE, comment, deviation.person_id, "deviation_comment")
    notices.deviation_step(deviation, by=by, key=f"comment:{comment.pk}", step=gettext("Ny kommentar"))
    return comment


@transaction.atomic
def deviation_answer(*, deviation: Deviation, by, cause: str, actions: str) -> Deviation:
    """The concerned unit answers in writing: the cause found and the actions planned or taken."""
    deviation = _locked(deviation)
    ensure_concerned_manager(by, deviation)
    ensure_status(deviation, (DeviationStatus.RESOLVING,), ACTION_ANSWER)
    deviation.answer_cause = _require_text("cause", cause)
    deviation.answer_actions = _require_text("actions", actions)
    deviation.status = DeviationStatus.ANSWERED
    deviation.answered_at, deviation.answered_by = clock.now(), by
    return _step(deviation, by, "deviation_answer")


@transaction.atomic
def deviation_close(*, deviation: Deviation, by) -> Deviation:
    """The reporting unit's manager closes the deviation once the written answer has come."""
    deviation = _locked(deviation)
    ensure_reporting_manager(by, deviation)
    ensure_status(deviation, (DeviationStatus.ANSWERED,), ACTION_CLOSE)
    deviation.status = DeviationStatus.CLOSED
    deviation.closed_at, deviation.closed_by = clock.now(), by
    return _step(deviation, by, "deviation_close")


# Disputes


def highest_level(dispute: Dispute) -> int:
    """The top of the longer of the two principals' lines (1 when neither has configured levels)."""
    principal_ids = {dispute.raised_by_unit.principal_id, dispute.other_unit.principal_id}
    top = EscalationLevel.objects.filter(principal_id__in=principal_ids).aggregate(top=Max("rank"))["top"]
    return top or 1


def _dispute_step(dispute: Dispute, by, kind: str, note: str = "") -> DisputeStep:
    step = DisputeStep.objects.create(dispute=dispute, kind=kind, level=dispute.level, at=clock.now(), by=by, note=note)
    notices.dispute_step(dispute, step, by=by)
    return step


def _locked_dispute(dispute: Dispute) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("raised_by_unit", "other_unit", "case")
        .get(pk=dispute.pk)
    )


@transaction.atomic
def dispute_open(
    *,
    by,
    raised_by_unit: Unit,
    other_unit: Unit,
    subject: str,
    interim_arrangement: str,
    deviation: Deviation | None = None,
    case: CoordinationCase | None = None,
) -> Dispute:
    """The nearest manager raises a dispute with another unit, with the temporary division of responsibility
    the parties agreed on at once (seed 002, "Tvister")."""
    if raised_by_unit.pk not in managed_unit_ids(by):
        raise PermissionDenied(NOT_MANAGER_OF_UNIT)
    if deviation is not None:
        if not manages_either_unit(by, deviation):
            raise PermissionDenied(NOT_MANAGER_OF_UNIT)
        if {raised_by_unit.pk, other_unit.pk} != {deviation.reporting_unit_id, deviation.concerned_unit_id}:
            raise ValidationError({"other_unit": DEVIATION_UNITS_ONLY}, code="deviation_units")
        case = case or deviation.case
    if case is not None and not can_view_case(by, case):
        raise PermissionDenied(CASE_NOT_VISIBLE)
    if other_unit.pk == raised_by_unit.pk:
        raise ValidationError({"other_unit": SAME_UNIT}, code="same_unit")
    dispute = Dispute(
        subject=_require_text("subject", subject),
        raised_by_unit=raised_by_unit,
        other_unit=other_unit,
        deviation=deviation,
        case=case,
        interim_arrangement=_require_text("interim_arrangement", interim_arrangement),
        opened_by=by,
        opened_at=clock.now(),
    )
    dispute.full_clean()
    dispute.save()
    _dispute_step(dispute, by, DisputeStepKind.OPENED, dispute.interim_arrangement)
    _audit(by, AuditAction.CREATE, dispute, dispute.person_id, "dispute_open")
    return dispute


@transaction.atomic
def dispute_escalate(*, dispute: Dispute, by, note: str) -> Dispute:
    """Whoever handles the dispute now raises it one level up both principals' lines, saying why."""
    dispute = _locked_dispute(dispute)
    ensure_handles_dispute(by, dispute)
    note = _require_text("note", note)
    if dispute.level >= highest_level(dispute):
        raise ValidationError(NO_HIGHER_LEVEL, code="no_higher_level")
    dispute.level += 1
    dispute.save(update_fields=["level", "updated_at"])
    _dispute_step(dispute, by, DisputeStepKind.ESCALATED, note)
    _audit(by, AuditAction.UPDATE, dispute, dispute.person_id, f"dispute_escalate level {dispute.level}")
    return dispute


@transaction.atomic
def dispute_set_interim(*, dispute: Dispute, by, interim_arrangement: str) -> Dispute:
    """The parties (or those handling it now) record a new temporary division of responsibility."""
    dispute = _locked_dispute(dispute)
    ensure_can_change_interim(by, dispute)
    dispute.interim_arrangement = _require_text("interim_arrangement", interim_arrangement)
    dispute.save(update_fields=["interim_arrangement", "updated_at"])
    _dispute_step(dispute, by, DisputeStepKind.INTERIM, dispute.interim_arrangement)
    _audit(by, AuditAction.UPDATE, dispute, dispute.person_id, "dispute_interim")
    return dispute


@transaction.atomic
def dispute_resolve(*, dispute: Dispute, by, outcome: str) -> Dispute:
    """Whoever handles the dispute now records the outcome; the dispute is then closed for changes."""
    dispute = _locked_dispute(dispute)
    ensure_handles_dispute(by, dispute)
    dispute.outcome = _require_text("outcome", outcome)
    dispute.status = DisputeStatus.RESOLVED
    dispute.resolved_at, dispute.resolved_by = clock.now(), by
    dispute.full_clean()
    dispute.save()
    _dispute_step(dispute, by, DisputeStepKind.RESOLVED, dispute.outcome)
    _audit(by, AuditAction.UPDATE, dispute, dispute.person_id, "dispute_resolve")
    return dispute
