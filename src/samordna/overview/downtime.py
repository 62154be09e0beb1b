"""Reservrutin: before planned downtime (or as a standing precaution) a unit prints what it needs to go on
working on paper: its open cases, the current approved plan of each, and the meetings coming up.

One PDF per unit: a cover with the cases and the coming meetings, then each approved plan as the plan PDF
prints it. Only cases the user may see and in which the unit takes part now are included; protected
identities are printed as "Skyddad identitet", as everywhere. Each person in the print is audit-logged as a
print. The plans and the audit events cost a fixed number of queries; each plan adds one, for the contact routes
of its units (as its own plan PDF does).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from weasyprint import HTML

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read_many
from samordna.cases.models import CoordinationCase
from samordna.cases.selectors import cases_for_overview
from samordna.common import clock
from samordna.meetings.models import Meeting, MeetingStatus
from samordna.organizations.models import Unit
from samordna.organizations.selectors import user_unit_ids
from samordna.people.policies import CASE_ROLES
from samordna.plans.documents import plan_document_context
from samordna.plans.selectors import approved_versions_with_content


def downtime_units(user) -> QuerySet[Unit]:
    """The units a user may print for: those where they work with cases."""
    return Unit.objects.filter(pk__in=user_unit_ids(user, roles=CASE_ROLES)).select_related("principal")


def downtime_cases(user, unit: Unit) -> list[CoordinationCase]:
    """The user's open cases in which `unit` takes part now: convener, lead or an actor that has not left."""
    takes_part = Q(convener_unit=unit) | Q(lead_unit=unit) | Q(actors__unit=unit, actors__left_at__isnull=True)
    return list(cases_for_overview(user).filter(takes_part).distinct().order_by("person__last_name", "pk"))


def coming_meetings(cases: list[CoordinationCase], days: int) -> list[Meeting]:
    """Sent meetings of those cases from now and `days` days ahead, in time order."""
    now = clock.now()
    return list(
        Meeting.objects.filter(
            case__in=[case.pk for case in cases],
            status=MeetingStatus.SENT,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=days),
        )
        .select_related("case__person", "organiser_unit")
        .order_by("starts_at", "pk")
    )


@dataclass
class DowntimeCase:
    case: CoordinationCase
    plan_context: dict | None  # the approved plan's print context, or None without an approved plan


def _with_plans(cases: list[CoordinationCase]) -> list[DowntimeCase]:
    approved = {version.plan.case_id: version for version in approved_versions_with_content(cases)}
    return [
        DowntimeCase(case, plan_document_context(case, approved[case.pk]) if case.pk in approved else None)
        for case in cases
    ]


def downtime_pdf(*, user, unit: Unit, days: int, request=None) -> bytes:
    """The unit's downtime print; each person in it is logged as printed."""
    cases = downtime_cases(user, unit)
    rows = _with_plans(cases)
    cover = render_to_string(
        "overview/downtime_pdf.html",
        {
            "unit": unit,
            "rows": rows,
            "meetings": coming_meetings(cases, days),
            "days": days,
            "printed_at": clock.now(),
            "printed_by": user,
        },
        request=request,
    )
    documents = [HTML(string=cover).render()]
    for row in rows:
        if row.plan_context is not None:
            html = render_to_string("plans/plan_pdf.html", row.plan_context, request=request)
            documents.append(HTML(string=html).render())
    pages = [page for document in documents for page in document.pages]
    audit_read_many(user=user, objects=cases, summary="downtime_pdf", action=AuditAction.PRINT)
    return documents[0].copy(pages).write_pdf()
