"""Who is told about a new deviation, each step of it, and each step of a dispute.

One function per event; the services call them in `transaction.on_commit`, so nobody is told about a change
that was rolled back. Each returns the users it tells (never the one who did the step).
"""

from samordna.accounts.models import User
from samordna.deviations.models import Deviation, Dispute, EscalationLevel
from samordna.organizations.models import Role


def unit_managers(unit_ids: set[int]):
    return User.objects.filter(
        is_active=True, memberships__unit_id__in=unit_ids, memberships__role=Role.MANAGER
    ).distinct()


def _others(users, by) -> list[User]:
    return [user for user in users if user.pk != by.pk]


def deviation_reported(deviation: Deviation, *, by) -> list[User]:
    """A new deviation: the concerned unit's managers receive it, the reporting unit's managers are told."""
    return _others(unit_managers({deviation.concerned_unit_id, deviation.reporting_unit_id}), by)


def deviation_step(deviation: Deviation, *, by) -> list[User]:
    """Received, being resolved, commented, answered or closed: the managers of both units and the reporter."""
    managers = list(unit_managers({deviation.concerned_unit_id, deviation.reporting_unit_id}))
    if deviation.reported_by not in managers:
        managers.append(deviation.reported_by)
    return _others(managers, by)


def dispute_step(dispute: Dispute, *, by) -> list[User]:
    """Opened, escalated, interim arrangement changed or resolved: everyone who sees the dispute."""
    users = list(unit_managers({dispute.raised_by_unit_id, dispute.other_unit_id}))
    holders = User.objects.filter(
        escalation_levels__in=EscalationLevel.objects.filter(
            principal_id__in={dispute.raised_by_unit.principal_id, dispute.other_unit.principal_id},
            rank__lte=dispute.level,
        ),
        is_active=True,
    ).distinct()
    users += [user for user in holders if user not in users]
    return _others(users, by)
