"""Writes for Rutinkollen: draw and store a sample, answer the indicators, complete the audit. Each service
checks permission first, validates, saves and writes its audit event in one transaction."""

import datetime
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.common import clock
from samordna.organizations.models import Role, Unit
from samordna.routine_audits.models import (
    Answer,
    AuditedCase,
    AuditStatus,
    Indicator,
    IndicatorAnswer,
    RoutineAudit,
)
from samordna.routine_audits.policies import (
    ensure_can_review,
    ensure_manager_of,
    unit_cases_for_sampling,
)

PERIOD_ORDER = _("Periodens slut kan inte vara före dess början.")
PERIOD_IN_FUTURE = _("Perioden kan inte sluta i framtiden.")
NO_CASES = _("Enheten har inga ärenden med behov uppmärksammat under perioden.")
SAMPLE_TOO_SMALL = _("Urvalet måste omfatta minst ett ärende.")
REVIEWER_NOT_IN_UNIT = _("Granskare måste arbeta på enheten: %(names)s gör det inte.")
REVIEWERS_REQUIRED = _("Välj minst en granskare.")
UNANSWERED = _("%(count)s ärenden i urvalet saknar bedömning av alla indikatorer.")
ALREADY_COMPLETED = _("Rutinkollen är redan slutförd.")
ANSWER_REQUIRED = _("Välj ja, delvis eller nej för varje indikator.")


def draw_sample(case_ids: list[int], size: int, seed: int) -> list[int]:
    """The same ids and seed always give the same sample, in the same order, whatever order the ids came in."""
    population = sorted(case_ids)
    return random.Random(seed).sample(population, min(size, len(population)))  # noqa: S311 - not for security


@transaction.atomic
def routine_audit_create(
    *,
    by,
    unit: Unit,
    period_start: datetime.date,
    period_end: datetime.date,
    sample_size: int,
    reviewers,
    seed: int | None = None,
) -> RoutineAudit:
    """A manager draws a random sample of the unit's cases whose need was noticed in the period and names the
    reviewers among the unit's staff. The sample is stored, with the seed that drew it."""
    ensure_manager_of(by, unit)
    if period_end < period_start:
        raise ValidationError({"period_end": PERIOD_ORDER}, code="period_order")
    if period_end > clock.today():
        raise ValidationError({"period_end": PERIOD_IN_FUTURE}, code="period_future")
    if sample_size < 1:
        raise ValidationError({"sample_size": SAMPLE_TOO_SMALL}, code="sample_size")
    reviewers = list(reviewers)
    if not reviewers:
        raise ValidationError({"reviewers": REVIEWERS_REQUIRED}, code="reviewers")
    unit_staff = set(unit.memberships.filter(role__in=(Role.STAFF, Role.MANAGER)).values_list("user_id", flat=True))
    outside = [str(user) for user in reviewers if user.pk not in unit_staff]
    if outside:
        raise ValidationError({"reviewers": REVIEWER_NOT_IN_UNIT % {"names": ", ".join(outside)}}, code="reviewers")
    case_ids = set(
        unit_cases_for_sampling(by, unit)
        .filter(need_noticed_on__gte=period_start, need_noticed_on__lte=period_end)
        .values_list("pk", flat=True)
    )
    if not case_ids:
        raise ValidationError(NO_CASES, code="no_cases")
    seed = secrets.randbits(48) if seed is None else seed
    audit = RoutineAudit(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
        seed=seed,
        created_by=by,
    )
    audit.full_clean()
    audit.save()
    audit.reviewers.set(reviewers)
    AuditedCase.objects.bulk_create(
        AuditedCase(audit=audit, case_id=case_id, position=position)
        for position, case_id in enumerate(draw_sample(list(case_ids), sample_size, seed), start=1)
    )
    audit_record(user=by, action=AuditAction.CREATE, obj=audit, summary=f"routine_audit_create {len(case_ids)} cases")
    return audit


@transaction.atomic
def indicator_answers_save(
    *, audited_case: AuditedCase, by, answers: dict[str, tuple[str, str]]
) -> list[IndicatorAnswer]:
    """Save the reviewer's judgement (yes/partly/no and a comment) of every indicator for one sampled case."""
    audit = RoutineAudit.objects.select_for_update(of=("self",)).get(pk=audited_case.audit_id)
    ensure_can_review(by, audit)
    if set(answers) != set(Indicator.values) or any(answer not in Answer.values for answer, _ in answers.values()):
        raise ValidationError(ANSWER_REQUIRED, code="answers")
    saved = []
    for indicator in Indicator.values:
        answer, comment = answers[indicator]
        row, _created = IndicatorAnswer.objects.update_or_create(
            audited_case=audited_case,
            indicator=indicator,
            defaults={"answer": answer, "comment": comment.strip(), "answered_by": by},
        )
        saved.append(row)
    audit_record(
        user=by,
        action=AuditAction.UPDATE,
        obj=audited_case,
        person_id=audited_case.case.person_id,
        summary="routine_audit_answers",
    )
    return saved


@transaction.atomic
def routine_audit_complete(*, audit: RoutineAudit, by) -> RoutineAudit:
    """The manager completes the audit once every sampled case has all five indicators answered."""
    audit = RoutineAudit.objects.select_for_update(of=("self",)).select_related("unit").get(pk=audit.pk)
    ensure_manager_of(by, audit.unit)
    if audit.is_completed:
        raise ValidationError(ALREADY_COMPLETED, code="audit_completed")
    incomplete = [
        audited
        for audited in audit.sample.all().prefetch_related("answers")
        if len(audited.answers.all()) < len(Indicator.values)
    ]
    if incomplete:
        raise ValidationError(UNANSWERED, code="unanswered", params={"count": len(incomplete)})
    audit.status = AuditStatus.COMPLETED
    audit.completed_at, audit.completed_by = clock.now(), by
    audit.full_clean()
    audit.save()
    audit_record(user=by, action=AuditAction.UPDATE, obj=audit, summary="routine_audit_complete")
    return audit
