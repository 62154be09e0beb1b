"""Who is told about a new deviation, each step of it, and each step of a dispute, and the telling itself.

One function per event. The services call them inside their transaction; `notify` creates the notifications
only when that transaction commits, so nobody is told about a change that was rolled back. Each returns the
users it tells (never the one who did the step). A notification names the deviation or dispute by number and
category only, and links to its page, where the usual access rules apply: no personal data leaves the report.
"""

from django.utils.translation import gettext

from samordna.accounts.models import User
from samordna.deviations.models import Deviation, Dispute, DisputeStep, EscalationLevel
from samordna.notifications.models import NotificationKind
from samordna.notifications.services import Target, notify
from samordna.organizations.models import Role


def unit_managers(unit_ids: set[int]):
    return User.objects.filter(
        is_active=True, memberships__unit_id__in=unit_ids, memberships__role=Role.MANAGER
    ).distinct()


def _others(users, by) -> list[User]:
    return [user for user in users if user.pk != by.pk]


def _protected(obj) -> bool:
    """A deviation or dispute tied to a case of a person with protected identity never produces e-mail."""
    return bool(obj.case_id and obj.case.person.protected_identity)


def _deviation_target(deviation: Deviation) -> Target:
    return Target(url=deviation.get_absolute_url(), protected_identity=_protected(deviation))


def _deviation_detail(deviation: Deviation, step: str) -> str:
    return gettext("Avvikelse %(number)s (%(category)s): %(step)s") % {
        "number": deviation.reference,
        "category": deviation.get_category_display(),
        "step": step,
    }


def deviation_reported(deviation: Deviation, *, by) -> list[User]:
    """A new deviation: the concerned unit's managers receive it, the reporting unit's managers are told."""
    recipients = _others(unit_managers({deviation.concerned_unit_id, deviation.reporting_unit_id}), by)
    notify(
        kind=NotificationKind.DEVIATION_REPORTED,
        recipients=recipients,
        target=_deviation_target(deviation),
        key=f"deviation:{deviation.pk}",
        by=by,
        detail=_deviation_detail(deviation, deviation.get_status_display()),
    )
    return recipients


def deviation_step(deviation: Deviation, *, by, key: str, step: str) -> list[User]:
    """Received, being resolved, commented, answered or closed: the managers of both units and the reporter.
    `key` names the step once (the status reached, or the comment), `step` says it in words."""
    managers = list(unit_managers({deviation.concerned_unit_id, deviation.reporting_unit_id}))
    if deviation.reported_by not in managers:
        managers.append(deviation.reported_by)
    recipients = _others(managers, by)
    notify(
        kind=NotificationKind.DEVIATION_STEP,
        recipients=recipients,
        target=_deviation_target(deviation),
        key=f"deviation:{deviation.pk}:{key}",
        by=by,
        detail=_deviation_detail(deviation, step),
    )
    return recipients


def dispute_step(dispute: Dispute, step: DisputeStep, *, by) -> list[User]:
    """Opened, escalated, interim arrangement changed or resolved: everyone who sees the dispute at its level."""
    users = list(unit_managers({dispute.raised_by_unit_id, dispute.other_unit_id}))
    holders = User.objects.filter(
        escalation_levels__in=EscalationLevel.objects.filter(
            principal_id__in={dispute.raised_by_unit.principal_id, dispute.other_unit.principal_id},
            rank__lte=dispute.level,
        ),
        is_active=True,
    ).distinct()
    users += [user for user in holders if user not in users]
    recipients = _others(users, by)
    notify(
        kind=NotificationKind.DISPUTE_STEP,
        recipients=recipients,
        target=Target(url=dispute.get_absolute_url(), protected_identity=_protected(dispute)),
        key=f"dispute-step:{step.pk}",
        by=by,
        detail=gettext("Tvist %(number)s, nivå %(level)s: %(step)s")
        % {"number": dispute.reference, "level": dispute.level, "step": step.get_kind_display()},
    )
    return recipients
