"""The unit and principal written with every audit event (HSLF-FS 2016:40 4 kap. 9 §: who, from where).

A user may belong to several units. The event names one: a membership in an active unit first; among those,
one in a unit the caller prefers (the cases app prefers the units taking part in the concerned person's cases,
so a user working in two units is logged under the one through which they reach the case); then one as staff or
manager, since those are the roles that reach personal data; then the oldest. The cases app registers this with
the audit app (`CasesConfig.ready`), so the audit app keeps importing no domain app.

The values are worked out in Python from the user's memberships (read once per request), so a page that logs the
reads of a hundred rows writes one INSERT of plain values instead of one subquery per row and column.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from samordna.organizations.models import Role
from samordna.organizations.selectors import user_memberships

CASE_ROLES = (Role.STAFF, Role.MANAGER)


@dataclass(frozen=True)
class ActorUnit:
    """The columns of an audit event that say where the user worked."""

    unit_id: int | None = None
    unit_name: str = ""
    principal_id: int | None = None
    principal_name: str = ""

    def as_columns(self) -> dict:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "principal_id": self.principal_id,
            "principal_name": self.principal_name,
        }


NO_UNIT = ActorUnit()


def actor_units(user, preferred_by_person: dict[int | None, Iterable[int]]) -> dict[int | None, ActorUnit]:
    """For each person (None: an event about no one) the unit the event names, preferring for that person the
    unit ids given. One query, however many persons."""
    memberships = user_memberships(user)

    def choose(preferred: set[int]) -> ActorUnit:
        if not memberships:
            return NO_UNIT
        first = min(
            memberships,
            key=lambda row: (not row.unit_is_active, row.unit_id not in preferred, row.role not in CASE_ROLES, row.id),
        )
        return ActorUnit(first.unit_id, first.unit_name, first.principal_id, first.principal_name)

    return {person_id: choose(set(preferred)) for person_id, preferred in preferred_by_person.items()}
