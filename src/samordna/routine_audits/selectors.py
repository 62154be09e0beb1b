"""Reads for Rutinkollen: an audit with its sample and progress, and results per indicator over time."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from samordna.routine_audits.models import (
    Answer,
    AuditedCase,
    AuditStatus,
    Indicator,
    IndicatorAnswer,
    RoutineAudit,
)
from samordna.routine_audits.policies import managed_unit_ids, visible_audits


def audits_for_user(user) -> QuerySet[RoutineAudit]:
    return (
        visible_audits(user)
        .select_related("unit__principal")
        .annotate(cases=Count("sample", distinct=True))
        .order_by("-period_end", "-id")
    )


def audit_for_page(user, pk) -> RoutineAudit:
    audit = (
        visible_audits(user)
        .select_related("unit__principal", "created_by", "completed_by")
        .prefetch_related(
            "reviewers",
            Prefetch(
                "sample",
                queryset=AuditedCase.objects.select_related("case").annotate(answered=Count("answers")),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404
    return audit


def audited_case_for_page(audit: RoutineAudit, pk) -> AuditedCase:
    return get_object_or_404(
        AuditedCase.objects.select_related("case").prefetch_related(
            Prefetch("answers", queryset=IndicatorAnswer.objects.select_related("answered_by"))
        ),
        audit=audit,
        pk=pk,
    )


def indicator_results(unit_ids) -> list[dict]:
    """Completed audits of the units, oldest period first, each with yes/partly/no counts per indicator counted
    in the database: `[{"audit": ..., "indicators": [{"indicator", "label", "yes", "partly", "no", "total",
    "yes_percent"}, ...]}, ...]`."""
    audits = list(
        RoutineAudit.objects.filter(unit_id__in=unit_ids, status=AuditStatus.COMPLETED)
        .select_related("unit")
        .order_by("unit__name", "period_end", "id")
    )
    counts = (
        IndicatorAnswer.objects.filter(audited_case__audit__in=[audit.pk for audit in audits])
        .values("audited_case__audit_id", "indicator")
        .annotate(
            yes=Count("id", filter=Q(answer=Answer.YES)),
            partly=Count("id", filter=Q(answer=Answer.PARTLY)),
            no=Count("id", filter=Q(answer=Answer.NO)),
            total=Count("id"),
        )
        .order_by()
    )
    by_key = {(row["audited_case__audit_id"], row["indicator"]): row for row in counts}
    results = []
    for audit in audits:
        indicators = []
        for value, label in Indicator.choices:
            row = by_key.get((audit.pk, value), {"yes": 0, "partly": 0, "no": 0, "total": 0})
            total = row["total"]
            indicators.append(
                {
                    "indicator": value,
                    "label": label,
                    "yes": row["yes"],
                    "partly": row["partly"],
                    "no": row["no"],
                    "total": total,
                    "yes_percent": round(100 * row["yes"] / total) if total else None,
                }
            )
        results.append({"audit": audit, "indicators": indicators})
    return results


def result_unit_ids(user) -> set[int]:
    """Whose results the user may follow: the units they manage and the units whose audits they review."""
    reviewed = set(visible_audits(user).values_list("unit_id", flat=True))
    return managed_unit_ids(user) | reviewed
