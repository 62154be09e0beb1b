"""Reads about cases, shaped so each page costs a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from samordna.accounts.models import User
from samordna.cases.models import CaseActor, CaseStep, Consent, CoordinationCase, Preparation, Step
from samordna.cases.policies import CASE_ROLES, visible_cases
from samordna.organizations.models import Role
from samordna.people.models import ProtectedIdentityViewer


def cases_for_overview(user, *, include_closed: bool = False) -> QuerySet[CoordinationCase]:
    """The user's cases with what the overview's closed list and the downtime print show: person, step and the
    convener's unit (the deadlines come from the stored rows, not from these)."""
    cases = visible_cases(user).select_related("person", "convener_unit").order_by("-created_at")
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


def case_staff_to_tell(case: CoordinationCase) -> QuerySet[User]:
    """Who is told of a change to the whole case (closure, withdrawn consent, approved plan): the convener,
    the lead, each active actor's named contact, and the staff of an active actor unit that names none."""
    active = case.actors.filter(left_at__isnull=True)
    return User.objects.filter(
        Q(pk=case.convener_id)
        | Q(pk=case.lead_id)
        | Q(pk__in=active.exclude(contact=None).values("contact_id"))
        | Q(
            memberships__unit_id__in=active.filter(contact=None).values("unit_id"),
            memberships__role__in=CASE_ROLES,
        ),
        is_active=True,
    ).distinct()


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
