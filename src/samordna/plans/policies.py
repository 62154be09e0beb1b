"""Who may do what with a plan, on top of the case rules in cases.policies (seeing the case, acting in it,
documenting with consent in force)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.cases.policies import case_unit_ids

NOT_LEAD = _("Bara huvudansvarig eller personal på huvudansvarigs enhet kan göra detta.")


def case_unit_set(case: CoordinationCase) -> set[int]:
    """The units taking part in the case: the convener's, the lead's and every active actor."""
    units = {case.convener_unit_id} | set(case.actors.filter(left_at__isnull=True).values_list("unit_id", flat=True))
    if case.lead_unit_id is not None:
        units.add(case.lead_unit_id)
    return units


def is_lead(user, case: CoordinationCase) -> bool:
    """The lead (huvudansvarig) and staff of the lead's unit act for the lead; until a lead is named, the
    convener's unit does."""
    if not user.is_authenticated:
        return False
    if case.lead_unit_id is None:
        return case.convener_unit_id in case_unit_ids(user)
    return user.pk == case.lead_id or case.lead_unit_id in case_unit_ids(user)


def ensure_is_lead(user, case: CoordinationCase) -> None:
    if not is_lead(user, case):
        raise PermissionDenied(NOT_LEAD)
