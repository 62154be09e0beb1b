"""Reads about organisations: a user's units and roles, and which routine profile applies."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from samordna.accounts.models import User
from samordna.organizations.models import Membership, Principal, PrincipalKind, Role, RoutineProfile, Sector, Unit


@dataclass(frozen=True)
class MembershipRow:
    """One of the user's memberships with what the pages and the audit log need of its unit."""

    id: int
    role: str
    unit_id: int
    unit_name: str
    unit_is_active: bool
    principal_id: int
    principal_name: str


def user_memberships(user) -> list[MembershipRow]:
    """Every membership of the user, in one query cached on the user object for the request: the unit ids of
    every role and the unit an audit event names are all read from it."""
    if not user.is_authenticated:
        return []
    if "_samordna_memberships" not in user.__dict__:
        rows = Membership.objects.filter(user_id=user.pk).values_list(
            "id", "role", "unit_id", "unit__name", "unit__is_active", "unit__principal_id", "unit__principal__name"
        )
        user.__dict__["_samordna_memberships"] = [MembershipRow(*row) for row in rows.order_by("id")]
    return user.__dict__["_samordna_memberships"]


def user_unit_ids(user, *, roles: tuple[str, ...] | None = None) -> set[int]:
    """Ids of the active units the user belongs to (in any of `roles`)."""
    return {row.unit_id for row in user_memberships(user) if row.unit_is_active and (not roles or row.role in roles)}


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


def outpatient_care_contacts():
    """Staff who can be a discharged person's fixed care contact: in a region's outpatient health care."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=(Role.STAFF, Role.MANAGER),
            memberships__unit__in=regional_outpatient_units(),
        )
        .distinct()
        .prefetch_related("memberships__unit")
        .order_by("last_name", "first_name")
    )


def regional_outpatient_units() -> QuerySet[Unit]:
    return active_units().filter(
        principal__kind=PrincipalKind.REGION, sector=Sector.HEALTH_CARE, is_inpatient_ward=False
    )


def outpatient_unit_of(user) -> Unit | None:
    """The regional outpatient unit where `user` works, for a discharge case they convene."""
    return regional_outpatient_units().filter(id__in=user_unit_ids(user, roles=(Role.STAFF, Role.MANAGER))).first()


def default_routine_profile() -> RoutineProfile:
    return RoutineProfile.objects.get(code=settings.SAMORDNA_ROUTINE_PROFILE)


def routine_profile_for_principal(principal: Principal) -> RoutineProfile:
    """The principal's own county profile, else the installation's default (SAMORDNA_ROUTINE_PROFILE)."""
    if principal.routine_profile_id:
        return principal.routine_profile
    return default_routine_profile()


def unit_staff(unit_ids, *, principal_ids=None) -> QuerySet[User]:
    """Active staff and managers of the units (optionally only units of `principal_ids`): who is told of
    something addressed to a unit, such as a new invitation."""
    memberships = {"memberships__unit_id__in": unit_ids, "memberships__role__in": (Role.STAFF, Role.MANAGER)}
    if principal_ids is not None:
        memberships["memberships__unit__principal_id__in"] = principal_ids
    return User.objects.filter(is_active=True, **memberships).distinct()
