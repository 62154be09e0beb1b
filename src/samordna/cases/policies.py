"""Who may see and act on a coordination case: the one place these rules live.

Staff and managers see a case while their unit is the convener's unit, the lead's unit or an active
actor. Local administrators (in that role only) see no case content. Every view and service asks
here; a case the user may not see answers 404, so an id never reveals that a case exists.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.organizations.models import Role
from samordna.organizations.selectors import user_unit_ids

CASE_ROLES = (Role.STAFF, Role.MANAGER)

CASE_CLOSED = _("Ärendet är avslutat och kan inte ändras.")
CONSENT_REQUIRED = _("Det finns inget giltigt samtycke. Registrera samtycke innan något dokumenteras i ärendet.")
NOT_ALLOWED = _("Du har inte behörighet att ändra i det här ärendet.")


def case_unit_ids(user) -> set[int]:
    """The units through which the user works with cases (not local-administrator memberships)."""
    return user_unit_ids(user, roles=CASE_ROLES)


def visible_cases(user) -> QuerySet[CoordinationCase]:
    """Every case the user may open."""
    unit_ids = case_unit_ids(user)
    if not unit_ids:
        return CoordinationCase.objects.none()
    return CoordinationCase.objects.filter(
        Q(convener_unit_id__in=unit_ids)
        | Q(lead_unit_id__in=unit_ids)
        | Q(actors__unit_id__in=unit_ids, actors__left_at__isnull=True)
    ).distinct()


def get_visible_case(user, pk) -> CoordinationCase:
    """The case with id `pk`, or 404 when it does not exist or the user may not see it."""
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def can_view_case(user, case: CoordinationCase) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def acting_unit_ids(user, case: CoordinationCase) -> set[int]:
    """The user's units that take part in the case (convener, lead or active actor)."""
    unit_ids = case_unit_ids(user)
    # Iterating case.actors.all() uses the page's prefetched actors when there are any.
    case_units = {case.convener_unit_id, case.lead_unit_id} | {
        actor.unit_id for actor in case.actors.all() if actor.left_at is None
    }
    return unit_ids & case_units


def ensure_can_act(user, case: CoordinationCase) -> None:
    """Only staff of an actor unit or of the convener's (or lead's) unit may act; not on a closed case."""
    if not acting_unit_ids(user, case):
        raise PermissionDenied(NOT_ALLOWED)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED, code="case_closed")


def valid_consent(case: CoordinationCase):
    """The consent that is in force today, or None."""
    today = clock.today()
    for consent in case.consents.all():
        if consent.is_valid_on(today):
            return consent
    return None


def ensure_can_document(user, case: CoordinationCase) -> None:
    """Writing case content needs the right to act and a consent in force today."""
    ensure_can_act(user, case)
    if valid_consent(case) is None:
        raise ValidationError(CONSENT_REQUIRED, code="consent_required")
