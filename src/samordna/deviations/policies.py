"""Who may see and handle deviations and disputes.

A deviation is seen by the staff member who reported it and by the managers of the reporting unit and of the
unit it concerns; nobody else (404). Staff of the concerned unit do not see it: it is their manager's to
handle. A dispute is seen by the managers of the two units and by the holders of each escalation level the
dispute has reached in either principal's line.

A linked case is never shown through a deviation: the page links to it, and the case page itself asks
samordna.cases.policies.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.deviations.models import Deviation, DeviationStatus, Dispute, EscalationLevel
from samordna.organizations.models import Role
from samordna.organizations.selectors import user_unit_ids

CASE_ROLES = (Role.STAFF, Role.MANAGER)

NOT_CONCERNED_MANAGER = _("Bara chefen för den berörda enheten kan göra detta.")
NOT_REPORTING_MANAGER = _("Bara chefen för den rapporterande enheten kan avsluta avvikelsen.")
NOT_EITHER_MANAGER = _("Bara cheferna för de två enheterna kan göra detta.")
NOT_AT_LEVEL = _("Bara den som hanterar tvisten på dess nuvarande nivå kan göra detta.")
WRONG_STATUS = _("Avvikelsen har status ”%(status)s” och kan inte %(action)s.")
DISPUTE_RESOLVED = _("Tvisten är redan löst och kan inte ändras.")


def managed_unit_ids(user) -> set[int]:
    return user_unit_ids(user, roles=(Role.MANAGER,))


def visible_deviations(user) -> QuerySet[Deviation]:
    if not user.is_authenticated:
        return Deviation.objects.none()
    managed = managed_unit_ids(user)
    return Deviation.objects.filter(
        Q(reported_by=user) | Q(reporting_unit_id__in=managed) | Q(concerned_unit_id__in=managed)
    )


def get_visible_deviation(user, pk) -> Deviation:
    deviation = visible_deviations(user).filter(pk=pk).first()
    if deviation is None:
        raise Http404
    return deviation


def manages_concerned_unit(user, deviation: Deviation) -> bool:
    return deviation.concerned_unit_id in managed_unit_ids(user)


def manages_reporting_unit(user, deviation: Deviation) -> bool:
    return deviation.reporting_unit_id in managed_unit_ids(user)


def manages_either_unit(user, deviation: Deviation) -> bool:
    return manages_concerned_unit(user, deviation) or manages_reporting_unit(user, deviation)


def ensure_status(deviation: Deviation, allowed: tuple[str, ...], action: str) -> None:
    """Refuse a step the deviation's status does not allow, naming the status in the message."""
    if deviation.status not in allowed:
        raise ValidationError(
            WRONG_STATUS,
            code="invalid_transition",
            params={"status": DeviationStatus(deviation.status).label, "action": action},
        )


def ensure_concerned_manager(user, deviation: Deviation) -> None:
    if not manages_concerned_unit(user, deviation):
        raise PermissionDenied(NOT_CONCERNED_MANAGER)


def ensure_reporting_manager(user, deviation: Deviation) -> None:
    if not manages_reporting_unit(user, deviation):
        raise PermissionDenied(NOT_REPORTING_MANAGER)


def ensure_either_manager(user, deviation: Deviation) -> None:
    if not manages_either_unit(user, deviation):
        raise PermissionDenied(NOT_EITHER_MANAGER)


def deviation_actions(user, deviation: Deviation) -> dict[str, bool]:
    """What the page offers this user now: one flag per step, from the same rules the services apply."""
    status = deviation.status
    concerned = manages_concerned_unit(user, deviation)
    reporting = manages_reporting_unit(user, deviation)
    return {
        "receive": concerned and status == DeviationStatus.REPORTED,
        "start_resolving": (concerned or reporting) and status == DeviationStatus.RECEIVED,
        "comment": (concerned or reporting) and status in (DeviationStatus.RECEIVED, DeviationStatus.RESOLVING),
        "answer": concerned and status == DeviationStatus.RESOLVING,
        "close": reporting and status == DeviationStatus.ANSWERED,
        "dispute": (concerned or reporting) and status != DeviationStatus.CLOSED,
    }


# Disputes


def held_escalation_levels(user) -> QuerySet[EscalationLevel]:
    return EscalationLevel.objects.filter(holders=user) if user.is_authenticated else EscalationLevel.objects.none()


def visible_disputes(user) -> QuerySet[Dispute]:
    if not user.is_authenticated:
        return Dispute.objects.none()
    managed = managed_unit_ids(user)
    condition = Q(raised_by_unit_id__in=managed) | Q(other_unit_id__in=managed)
    for principal_id, rank in held_escalation_levels(user).values_list("principal_id", "rank"):
        condition |= Q(level__gte=rank) & (
            Q(raised_by_unit__principal_id=principal_id) | Q(other_unit__principal_id=principal_id)
        )
    return Dispute.objects.filter(condition)


def get_visible_dispute(user, pk) -> Dispute:
    dispute = visible_disputes(user).filter(pk=pk).first()
    if dispute is None:
        raise Http404
    return dispute


def handles_dispute_now(user, dispute: Dispute) -> bool:
    """The nearest managers at level 1; from level 2 the holders of that level in either principal's line."""
    if dispute.level == 1:
        return bool({dispute.raised_by_unit_id, dispute.other_unit_id} & managed_unit_ids(user))
    principal_ids = {dispute.raised_by_unit.principal_id, dispute.other_unit.principal_id}
    return EscalationLevel.objects.filter(holders=user, rank=dispute.level, principal_id__in=principal_ids).exists()


def is_party_to_dispute(user, dispute: Dispute) -> bool:
    """Managers of the two units, who keep the interim arrangement up to date at every level."""
    return bool({dispute.raised_by_unit_id, dispute.other_unit_id} & managed_unit_ids(user))


def ensure_handles_dispute(user, dispute: Dispute) -> None:
    if not handles_dispute_now(user, dispute):
        raise PermissionDenied(NOT_AT_LEVEL)
    if not dispute.is_open:
        raise ValidationError(DISPUTE_RESOLVED, code="dispute_resolved")


def ensure_can_change_interim(user, dispute: Dispute) -> None:
    if not (is_party_to_dispute(user, dispute) or handles_dispute_now(user, dispute)):
        raise PermissionDenied(NOT_AT_LEVEL)
    if not dispute.is_open:
        raise ValidationError(DISPUTE_RESOLVED, code="dispute_resolved")
