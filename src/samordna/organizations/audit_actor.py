"""The unit and principal written with every audit event (HSLF-FS 2016:40 4 kap. 9 §: who, from where).

A user may belong to several units. The event names one: the first (oldest) membership in an active unit
as staff or manager, since those are the roles that reach personal data; failing that, the first membership
of any role. Registered with the audit app in `OrganizationsConfig.ready`, so the audit app keeps importing
no domain app.
"""

from django.db.models import Case, CharField, Expression, IntegerField, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from samordna.organizations.models import Membership, Role

CASE_ROLES = (Role.STAFF, Role.MANAGER)


def _membership_in_order(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).order_by(
        Case(When(unit__is_active=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
        Case(When(role__in=CASE_ROLES, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "id",
    )


def actor_unit_columns(user) -> dict[str, Expression]:
    """Scalar subqueries for the audit event's unit and principal columns, evaluated in its INSERT."""
    memberships = _membership_in_order(user)

    def first(path: str) -> Subquery:
        return Subquery(memberships.values(path)[:1])

    return {
        "unit_id": first("unit_id"),
        "unit_name": Coalesce(first("unit__name"), Value(""), output_field=CharField()),
        "principal_id": first("unit__principal_id"),
        "principal_name": Coalesce(first("unit__principal__name"), Value(""), output_field=CharField()),
    }
