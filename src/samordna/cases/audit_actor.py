"""Which of a user's units an audit event names when it concerns a person: the one through which the user
reaches the person's cases (an active actor, the convener's or the lead's unit), so that a user who works in
two units is not logged under the other one and flagged in the log follow-up for a read their work explains.
The choosing itself is `samordna.organizations.audit_actor`; this module only says which units to prefer."""

from django.db.models import Expression, Q

from samordna.cases.models import CaseActor, CoordinationCase
from samordna.organizations.audit_actor import actor_unit_columns


def units_in_persons_cases(person_id: int) -> Q:
    """A condition on a membership: its unit takes part in a case of the person now."""
    actors = CaseActor.objects.filter(case__person_id=person_id, left_at__isnull=True).values("unit_id")
    conveners = CoordinationCase.objects.filter(person_id=person_id).values("convener_unit_id")
    leads = CoordinationCase.objects.filter(person_id=person_id, lead_unit__isnull=False).values("lead_unit_id")
    return Q(unit_id__in=actors) | Q(unit_id__in=conveners) | Q(unit_id__in=leads)


def audit_unit_columns(user, person_id: int | None) -> dict[str, Expression]:
    """Registered with the audit app: the unit and principal columns of an event by `user` about `person_id`."""
    if person_id is None:
        return actor_unit_columns(user)
    return actor_unit_columns(user, units_in_persons_cases(person_id))
