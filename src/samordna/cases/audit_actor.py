"""Which of a user's units an audit event names when it concerns a person: the one through which the user
reaches the person's cases (an active actor, the convener's or the lead's unit), so that a user who works in
two units is not logged under the other one and flagged in the log follow-up for a read their work explains.
The choosing itself is `samordna.organizations.audit_actor`; this module only says which units to prefer."""

from collections import defaultdict
from collections.abc import Iterable

from samordna.cases.models import CaseActor, CoordinationCase
from samordna.organizations.audit_actor import actor_units


def units_in_persons_cases(person_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each person, the units taking part in one of their cases now, in one query driven by the person
    index (a person has a handful of cases, whatever the size of the county)."""
    person_ids = list(person_ids)
    conveners = (
        CoordinationCase.objects.filter(person_id__in=person_ids)
        .values_list("person_id", "convener_unit_id")
        .order_by()
    )
    leads = (
        CoordinationCase.objects.filter(person_id__in=person_ids, lead_unit__isnull=False)
        .values_list("person_id", "lead_unit_id")
        .order_by()
    )
    actors = (
        CaseActor.objects.filter(case__person_id__in=person_ids, left_at__isnull=True)
        .values_list("case__person_id", "unit_id")
        .order_by()
    )
    units: dict[int, set[int]] = defaultdict(set)
    for person_id, unit_id in conveners.union(leads, actors):
        units[person_id].add(unit_id)
    return units


def audit_unit_columns(user, person_ids: Iterable[int | None]) -> dict[int | None, dict]:
    """Registered with the audit app: for each person concerned (None: no one), the unit and principal columns
    of an event by `user`, as plain values."""
    person_ids = set(person_ids)
    concerned = person_ids - {None}
    in_cases = units_in_persons_cases(concerned) if concerned else {}
    chosen = actor_units(user, {person_id: in_cases.get(person_id, ()) for person_id in person_ids})
    return {person_id: unit.as_columns() for person_id, unit in chosen.items()}
