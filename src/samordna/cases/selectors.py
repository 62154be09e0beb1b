"""Reads about cases, shaped so each page costs a fixed number of queries."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from samordna.accounts.models import User
from samordna.cases.models import CaseActor, CaseStep, Consent, CoordinationCase, Preparation, Step
from samordna.cases.policies import visible_cases
from samordna.organizations.models import Role
from samordna.people.models import ProtectedIdentityViewer


def cases_for_overview(user, *, include_closed: bool = False) -> QuerySet[CoordinationCase]:
    """The user's cases with what the overview shows: person, step, profile and consents for deadlines."""
    cases = (
        visible_cases(user)
        .select_related("person", "routine_profile", "convener_unit", "discharge_notice")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by("-created_at")))
        .order_by("-created_at")
    )
    if not include_closed:
        cases = cases.exclude(status=Step.CLOSED)
    return cases


def case_for_page(user, pk) -> CoordinationCase:
    """One case with everything the case page shows; 404 when the user may not see it."""
    cases = (
        visible_cases(user)
        .select_related(
            "person",
            "routine_profile",
            "convener",
            "convener_unit__principal",
            "lead",
            "lead_unit",
            "discharge_notice__ward",
        )
        .prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.select_related("by")),
            Prefetch(
                "actors",
                queryset=CaseActor.objects.select_related("unit__principal", "contact").prefetch_related(
                    "unit__contact_routes"
                ),
            ),
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("recorded_by", "withdrawn_recorded_by", "representative")
                .prefetch_related("units", "guardians", "related_persons")
                .order_by("-created_at", "-id"),
            ),
        )
        .filter(pk=pk)
    )
    case = cases.first()
    if case is None:
        raise Http404
    return case


def case_preparation(case: CoordinationCase):
    """The preparation with its wished participants, or None."""
    return (
        Preparation.objects.filter(case=case)
        .select_related("updated_by")
        .prefetch_related("wished_units", "wished_related_persons")
        .first()
    )


def staff_of_units(unit_ids) -> QuerySet[User]:
    """Active staff and managers of the given units, for choosing named participants."""
    return (
        User.objects.filter(
            is_active=True, memberships__unit_id__in=list(unit_ids), memberships__role__in=(Role.STAFF, Role.MANAGER)
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def protected_identity_viewers(case: CoordinationCase) -> QuerySet[ProtectedIdentityViewer]:
    """Everyone ever named to see the case's protected person, newest first, revoked ones included."""
    return (
        ProtectedIdentityViewer.objects.filter(person_id=case.person_id)
        .select_related("user", "granted_by", "revoked_by")
        .order_by("-granted_at", "-id")
    )
