"""Who may read which statistics: unit managers for their units and their units' principals, county
coordinators for their county and every principal and unit in it. Nobody else; the pages show aggregates
only, never case content."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from samordna.organizations.models import Principal, Role, RoutineProfile, Unit
from samordna.organizations.selectors import default_routine_profile

UNIT, PRINCIPAL, COUNTY = "unit", "principal", "county"


@dataclass(frozen=True)
class Scope:
    """What a report covers: one unit, one principal's units, or every unit in a county."""

    level: str
    pk: int
    label: str
    county: RoutineProfile
    county_is_default: bool

    @property
    def key(self) -> str:
        return f"{self.level}:{self.pk}"

    @property
    def suppresses_small_groups(self) -> bool:
        """Beyond the unit level, groups of fewer than five are not shown (the unit sees its own figures)."""
        return self.level != UNIT

    def units(self) -> QuerySet[Unit]:
        """The units the report counts, as a lazy queryset used as a subquery (no query of its own)."""
        if self.level == UNIT:
            return Unit.objects.filter(pk=self.pk)
        if self.level == PRINCIPAL:
            return Unit.objects.filter(principal_id=self.pk)
        return Unit.objects.filter(principal__in=principals_in_county(self.county, is_default=self.county_is_default))


def principals_in_county(county: RoutineProfile, *, is_default: bool) -> QuerySet[Principal]:
    """A principal belongs to the county whose routine profile it follows; without one, to the default county."""
    condition = Q(routine_profile=county)
    if is_default:
        condition |= Q(routine_profile__isnull=True)
    return Principal.objects.filter(condition)


def _county_of(principal: Principal, default: RoutineProfile) -> RoutineProfile:
    return principal.routine_profile or default


def available_scopes(user) -> list[Scope]:
    """Every scope the user may read, the narrowest first; empty for users without a statistics role."""
    if not user.is_authenticated:
        return []
    memberships = list(
        user.memberships.filter(role__in=(Role.MANAGER, Role.COUNTY_COORDINATOR), unit__is_active=True)
        .select_related("unit__principal__routine_profile")
        .order_by("unit__principal__name", "unit__name")
    )
    if not memberships:
        return []
    default = default_routine_profile()
    scopes: dict[str, Scope] = {}

    def add(level: str, pk: int, label: str, county: RoutineProfile) -> None:
        scopes.setdefault(f"{level}:{pk}", Scope(level, pk, label, county, county.pk == default.pk))

    for membership in memberships:
        if membership.role == Role.MANAGER:
            unit, principal = membership.unit, membership.unit.principal
            county = _county_of(principal, default)
            add(UNIT, unit.pk, _("Enhet: %s") % unit.name, county)
            add(PRINCIPAL, principal.pk, _("Huvudman: %s") % principal.name, county)
    coordinator_counties = {
        _county_of(membership.unit.principal, default)
        for membership in memberships
        if membership.role == Role.COUNTY_COORDINATOR
    }
    for county in sorted(coordinator_counties, key=lambda profile: profile.name):
        add(COUNTY, county.pk, _("Hela länet: %s") % county.name, county)
        principals = principals_in_county(county, is_default=county.pk == default.pk)
        for principal in principals.order_by("name"):
            add(PRINCIPAL, principal.pk, _("Huvudman: %s") % principal.name, county)
        units = Unit.objects.filter(principal__in=principals, is_active=True).select_related("principal")
        for unit in units:
            label = _("Enhet: %(unit)s (%(principal)s)") % {"unit": unit.name, "principal": unit.principal.name}
            add(UNIT, unit.pk, label, county)
    order = {COUNTY: 0, PRINCIPAL: 1, UNIT: 2}
    return sorted(scopes.values(), key=lambda scope: (order[scope.level], scope.label))


def default_scope(scopes: list[Scope]) -> Scope:
    """What the page shows first: the county for a county coordinator, else the manager's (first) unit."""
    for level in (COUNTY, UNIT):
        for scope in scopes:
            if scope.level == level:
                return scope
    return scopes[0]
