"""What the deadline rules need, loaded once for a whole list of cases."""

from django.db.models import Prefetch, QuerySet

from samordna.cases.models import CaseActor, CoordinationCase
from samordna.meetings.models import Invitation, Meeting
from samordna.plans.models import Intervention, PlanVersion


def with_deadline_data(cases: QuerySet[CoordinationCase]) -> QuerySet[CoordinationCase]:
    """Add the meetings, invitations, consents, actors and plan versions (with interventions and sign-offs)
    `rules.case_deadlines` reads: a fixed number of queries whatever the number of cases."""
    return cases.select_related(
        "routine_profile", "discharge_notice", "plan", "convener_unit", "lead_unit"
    ).prefetch_related(
        "consents",
        Prefetch("actors", queryset=CaseActor.objects.select_related("unit")),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("organiser_unit").prefetch_related(
                Prefetch("invitations", queryset=Invitation.objects.select_related("unit"))
            ),
        ),
        Prefetch(
            "plan__versions",
            queryset=PlanVersion.objects.order_by("-number").prefetch_related(
                "approvals", Prefetch("interventions", queryset=Intervention.objects.select_related("unit__principal"))
            ),
        ),
    )
