"""The unit and principal written with every audit event (HSLF-FS 2016:40 4 kap. 9 §: who, from where).

A user may belong to several units. The event names one: a membership in an active unit first; among those,
one in a unit the caller prefers (the cases app prefers the units taking part in the concerned person's cases,
so a user working in two units is logged under the one through which they reach the case); then one as staff or
manager, since those are the roles that reach personal data; then the oldest. The cases app registers this with
the audit app (`CasesConfig.ready`), so the audit app keeps importing no domain app.
"""

from django.db.models import Case, CharField, Expression, IntegerField, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from samordna.organizations.models import Membership, Role

CASE_ROLES = (Role.STAFF, Role.MANAGER)


def _first_when(condition: Q) -> Case:
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _membership_in_order(user, preferred: Q | None) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).order_by(
        _first_when(Q(unit__is_active=True)),
        _first_when(preferred if preferred is not None else Q(pk__isnull=True)),
        _first_when(Q(role__in=CASE_ROLES)),
        "id",
    )


def actor_unit_columns(user, preferred: Q | None = None) -> dict[str, Expression]:
    """Scalar subqueries for the audit event's unit and principal columns, evaluated in its INSERT. `preferred`
    is a condition on the membership (e.g. `Q(unit_id__in=...)`) that puts a unit ahead of the user's others."""
    memberships = _membership_in_order(user, preferred)

    def first(path: str) -> Subquery:
        return Subquery(memberships.values(path)[:1])

    return {
        "unit_id": first("unit_id"),
        "unit_name": Coalesce(first("unit__name"), Value(""), output_field=CharField()),
        "principal_id": first("unit__principal_id"),
        "principal_name": Coalesce(first("unit__principal__name"), Value(""), output_field=CharField()),
    }
