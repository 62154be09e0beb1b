"""Reads for deviations and disputes: list pages at a fixed number of queries, one deviation with its timeline,
and the counts by category and status that the statistics show."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from samordna.deviations.models import (
    Deviation,
    DeviationComment,
    DeviationStatus,
    Dispute,
    DisputeStep,
    EscalationLevel,
)
from samordna.deviations.policies import managed_unit_ids, visible_deviations, visible_disputes

LIST_RELATED = ("reporting_unit__principal", "concerned_unit__principal", "case")


def deviations_reported_by_my_units(user) -> QuerySet[Deviation]:
    """What my units reported (managers) or what I reported myself (staff)."""
    managed = managed_unit_ids(user)
    return (
        visible_deviations(user)
        .filter(Q(reported_by=user) | Q(reporting_unit_id__in=managed))
        .select_related(*LIST_RELATED)
    )


def deviations_concerning_my_units(user) -> QuerySet[Deviation]:
    """What others reported about the units I manage."""
    return visible_deviations(user).filter(concerned_unit_id__in=managed_unit_ids(user)).select_related(*LIST_RELATED)


def deviation_for_page(user, pk) -> Deviation:
    """One deviation with its units, people and comments; 404 when the user may not see it."""
    deviation = (
        visible_deviations(user)
        .select_related(
            *LIST_RELATED,
            "reported_by",
            "received_by",
            "resolving_by",
            "answered_by",
            "closed_by",
        )
        .prefetch_related(
            Prefetch("comments", queryset=DeviationComment.objects.select_related("author", "unit")),
            Prefetch("disputes", queryset=Dispute.objects.order_by("opened_at")),
        )
        .filter(pk=pk)
        .first()
    )
    if deviation is None:
        raise Http404
    return deviation


def deviation_steps(deviation: Deviation) -> list[dict]:
    """The five steps in order, each with when it was reached (None when not yet)."""
    reached = {
        DeviationStatus.REPORTED: deviation.reported_at,
        DeviationStatus.RECEIVED: deviation.received_at,
        DeviationStatus.RESOLVING: deviation.resolving_at,
        DeviationStatus.ANSWERED: deviation.answered_at,
        DeviationStatus.CLOSED: deviation.closed_at,
    }
    return [
        {"label": label, "at": reached[DeviationStatus(value)], "current": value == deviation.status}
        for value, label in DeviationStatus.choices
    ]


def deviation_timeline(deviation: Deviation) -> list[dict]:
    """Each step reached, with when and by whom, and the comments in between, oldest first."""
    entries = [
        {"at": deviation.reported_at, "label": "reported", "by": deviation.reported_by},
        {"at": deviation.received_at, "label": "received", "by": deviation.received_by},
        {"at": deviation.resolving_at, "label": "resolving", "by": deviation.resolving_by},
        {"at": deviation.answered_at, "label": "answered", "by": deviation.answered_by},
        {"at": deviation.closed_at, "label": "closed", "by": deviation.closed_by},
    ]
    entries = [entry for entry in entries if entry["at"] is not None]
    entries += [
        {"at": comment.created_at, "label": "comment", "by": comment.author, "comment": comment}
        for comment in deviation.comments.all()
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def disputes_for_user(user) -> QuerySet[Dispute]:
    return visible_disputes(user).select_related("raised_by_unit__principal", "other_unit__principal", "case")


def dispute_for_page(user, pk) -> Dispute:
    dispute = (
        disputes_for_user(user)
        .select_related("opened_by", "resolved_by", "deviation")
        .prefetch_related(Prefetch("steps", queryset=DisputeStep.objects.select_related("by")))
        .filter(pk=pk)
        .first()
    )
    if dispute is None:
        raise Http404
    return dispute


def escalation_ladder(dispute: Dispute) -> list[dict]:
    """Each level a dispute can go to: 1 is the nearest managers; above that each principal's title."""
    principals = [dispute.raised_by_unit.principal, dispute.other_unit.principal]
    levels = EscalationLevel.objects.filter(principal__in=principals).prefetch_related("holders")
    by_rank: dict[int, list[EscalationLevel]] = {}
    for level in levels:
        by_rank.setdefault(level.rank, []).append(level)
    ladder = [{"rank": 1, "levels": [], "current": dispute.level == 1, "reached": True}]
    for rank in sorted(by_rank):
        ladder.append(
            {"rank": rank, "levels": by_rank[rank], "current": dispute.level == rank, "reached": dispute.level >= rank}
        )
    return ladder


def deviation_counts(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_id: int | None = None,
    principal_id: int | None = None,
    units: QuerySet | None = None,
    by_reporting_unit: bool = False,
) -> list[dict]:
    """Deviations reported from `date_from` to `date_to` (inclusive), counted in the database by category and
    status: `[{"category": ..., "status": ..., "count": n}, ...]`.

    Scope: one unit (`unit_id`), one principal (`principal_id`), any set of units (`units`, a queryset used as a
    subquery, e.g. a county's) or, with none of them, the whole installation. The unit or principal is the one
    the deviations concern, or the one that reported them with `by_reporting_unit`. Only counts leave this
    function, never rows."""
    side = "reporting_unit" if by_reporting_unit else "concerned_unit"
    deviations = Deviation.objects.filter(reported_at__date__gte=date_from, reported_at__date__lte=date_to)
    if unit_id is not None:
        deviations = deviations.filter(**{f"{side}_id": unit_id})
    if principal_id is not None:
        deviations = deviations.filter(**{f"{side}__principal_id": principal_id})
    if units is not None:
        deviations = deviations.filter(**{f"{side}__in": units})
    return list(
        deviations.order_by().values("category", "status").annotate(count=Count("id")).order_by("category", "status")
    )
