"""Reads about organisations: a user's units and roles, and which routine profile applies."""

from django.conf import settings
from django.db.models import QuerySet

from samordna.organizations.models import Principal, Role, RoutineProfile, Unit


def user_unit_ids(user, *, roles: tuple[str, ...] | None = None) -> set[int]:
    """Ids of the units the user belongs to (in any of `roles`), cached on the user object per request."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_samordna_unit_ids", {})
    key = roles or ()
    if key not in cache:
        memberships = user.memberships.filter(unit__is_active=True)
        if roles:
            memberships = memberships.filter(role__in=roles)
        cache[key] = set(memberships.values_list("unit_id", flat=True))
    return cache[key]


def units_for_user(user) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=user_unit_ids(user)).select_related("principal")


def administered_principal_ids(user) -> set[int]:
    """Principals whose units, staff and contact routes the user may manage as local administrator."""
    return set(
        Unit.objects.filter(id__in=user_unit_ids(user, roles=(Role.LOCAL_ADMIN,))).values_list(
            "principal_id", flat=True
        )
    )


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("principal").order_by("principal__name", "name")


def default_routine_profile() -> RoutineProfile:
    return RoutineProfile.objects.get(code=settings.SAMORDNA_ROUTINE_PROFILE)


def routine_profile_for_principal(principal: Principal) -> RoutineProfile:
    """The principal's own county profile, else the installation's default (SAMORDNA_ROUTINE_PROFILE)."""
    if principal.routine_profile_id:
        return principal.routine_profile
    return default_routine_profile()
