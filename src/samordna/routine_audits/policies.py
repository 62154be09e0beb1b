"""Who may see and work with a unit's Rutinkollen.

The unit's managers start audits, choose reviewers among the unit's staff and complete them; the designated
reviewers answer the indicators. Nobody else sees an audit (404). An audit shows case numbers only: the case
itself is opened through the case page, which asks samordna.cases.policies.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.cases.policies import visible_cases
from samordna.organizations.models import Role, Unit
from samordna.organizations.selectors import user_unit_ids
from samordna.routine_audits.models import RoutineAudit

NOT_MANAGER = _("Bara enhetens chef kan göra detta.")
NOT_REVIEWER = _("Bara granskarna och enhetens chef kan bedöma ärendena.")
AUDIT_COMPLETED = _("Rutinkollen är slutförd och kan inte ändras.")


def managed_unit_ids(user) -> set[int]:
    return user_unit_ids(user, roles=(Role.MANAGER,))


def visible_audits(user) -> QuerySet[RoutineAudit]:
    if not user.is_authenticated:
        return RoutineAudit.objects.none()
    return RoutineAudit.objects.filter(
        Q(unit_id__in=managed_unit_ids(user)) | Q(reviewers=user, unit_id__in=user_unit_ids(user))
    ).distinct()


def get_visible_audit(user, pk) -> RoutineAudit:
    audit = visible_audits(user).filter(pk=pk).first()
    if audit is None:
        raise Http404
    return audit


def manages_audit_unit(user, audit: RoutineAudit) -> bool:
    return audit.unit_id in managed_unit_ids(user)


def ensure_manager_of(user, unit: Unit) -> None:
    if unit.pk not in managed_unit_ids(user):
        raise PermissionDenied(NOT_MANAGER)


def can_review(user, audit: RoutineAudit) -> bool:
    if manages_audit_unit(user, audit):
        return True
    return audit.unit_id in user_unit_ids(user) and audit.reviewers.filter(pk=user.pk).exists()


def ensure_can_review(user, audit: RoutineAudit) -> None:
    if not can_review(user, audit):
        raise PermissionDenied(NOT_REVIEWER)
    if audit.is_completed:
        raise ValidationError(AUDIT_COMPLETED, code="audit_completed")


def unit_cases_for_sampling(user, unit: Unit) -> QuerySet[CoordinationCase]:
    """The cases the manager may see in which `unit` takes part: the population a sample is drawn from."""
    return visible_cases(user).filter(
        Q(convener_unit=unit) | Q(lead_unit=unit) | Q(actors__unit=unit, actors__left_at__isnull=True)
    )
