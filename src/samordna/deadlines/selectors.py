"""What the deadline rules need, loaded once for a whole list of cases."""

from django.db.models import Prefetch, QuerySet

from samordna.cases.models import CoordinationCase
from samordna.meetings.models import Invitation, Meeting
from samordna.plans.models import PlanVersion


def with_deadline_data(cases: QuerySet[CoordinationCase]) -> QuerySet[CoordinationCase]:
    """Add the meetings, invitations, consents and plan versions `rules.case_deadlines` reads."""
    return cases.select_related("routine_profile", "discharge_notice", "plan").prefetch_related(
        "consents",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.prefetch_related(
                Prefetch("invitations", queryset=Invitation.objects.select_related("unit"))
            ),
        ),
        Prefetch("plan__versions", queryset=PlanVersion.objects.order_by("-number")),
    )
