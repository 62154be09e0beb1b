"""Who may see and act on a coordination case: the one place these rules live.

- Staff and managers see a case through the units they work in (not as local administrator, auditor or county
  coordinator: those roles see no case content).
- The convener's and the lead's units always see the case.
- Any other unit sees it only while it is an active actor AND the consent in force today covers it. When the
  consent expires (and until it is renewed) or the unit leaves, the case is gone for it (404).
- The ward that sent a discharge-ready notice keeps access while it is an active actor: the information in
  the notice is its own (lag 2017:612).
- After the individual withdrew the consent only the lead's unit (the convener's until a lead is named)
  sees the case, and only to read it.

Every view and service asks here; a case the user may not see answers 404, so an id never reveals that a
case exists. samordna.people.policies mirrors the visibility rule for the person's page.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import (
    CaseActor,
    CloseReason,
    Consent,
    ConsentDecision,
    ConsentStatus,
    CoordinationCase,
    Step,
)
from samordna.common import clock
from samordna.organizations.models import Role
from samordna.organizations.selectors import user_unit_ids

CASE_ROLES = (Role.STAFF, Role.MANAGER)

CASE_CLOSED = _("Ärendet är avslutat och kan inte ändras.")
CONSENT_REQUIRED = _("Det finns inget giltigt samtycke. Registrera samtycke innan något dokumenteras i ärendet.")
CONSENT_WITHDRAWN_READ_ONLY = _(
    "Samtycket har återkallats. Dokumentationen finns kvar för huvudansvarigs enhet att läsa, men inget i "
    "ärendet kan ändras."
)
NOT_ALLOWED = _("Du har inte behörighet att ändra i det här ärendet.")


def case_unit_ids(user) -> set[int]:
    """The units through which the user works with cases (not local-administrator memberships)."""
    return user_unit_ids(user, roles=CASE_ROLES)


def is_consent_withdrawn(case: CoordinationCase) -> bool:
    """Withdrawal closes the case with this reason (cases.services.consent_withdraw)."""
    return case.close_reason == CloseReason.CONSENT_WITHDRAWN


def responsible_unit_id(case: CoordinationCase) -> int:
    """The unit that answers for the case: the lead's, or the convener's until a lead is named."""
    return case.lead_unit_id or case.convener_unit_id


def visible_case_ids(unit_ids: set[int], *, open_only: bool = False) -> QuerySet:
    """The ids of every case staff of `unit_ids` may open, as one UNION of index scans that start from the units
    (convener's unit, lead's unit, active actor covered by consent or sending the discharge notice), so its cost
    follows the units' own cases, not the size of the county. With `open_only`, only cases not closed, read
    from partial indexes, so the units' years of closed cases cost nothing either."""
    today = clock.today()
    covered_by_consent = Consent.units.through.objects.filter(
        consent__case_id=OuterRef("case_id"),
        unit_id=OuterRef("unit_id"),
        consent__status=ConsentStatus.ACTIVE,
        consent__decision=ConsentDecision.GIVEN,
        consent__valid_from__lte=today,
        consent__valid_to__gte=today,
    )
    withdrawn = Q(close_reason=CloseReason.CONSENT_WITHDRAWN)
    as_convener = (
        CoordinationCase.objects.filter(convener_unit_id__in=unit_ids)
        .filter(~withdrawn | Q(lead_unit__isnull=True))
        .values_list("pk", flat=True)
    )
    as_lead = CoordinationCase.objects.filter(lead_unit_id__in=unit_ids).values_list("pk", flat=True)
    active_actors = CaseActor.objects.filter(unit_id__in=unit_ids, left_at__isnull=True).exclude(
        case__close_reason=CloseReason.CONSENT_WITHDRAWN
    )
    if open_only:
        as_convener, as_lead = as_convener.exclude(status=Step.CLOSED), as_lead.exclude(status=Step.CLOSED)
        active_actors = active_actors.exclude(case__status=Step.CLOSED)
    # Two branches, not one with OR: each is then a semi-join the planner drives from the actor rows.
    as_covered_actor = active_actors.filter(Exists(covered_by_consent)).values_list("case_id", flat=True)
    as_notice_ward = active_actors.filter(case__discharge_notice__ward_id=F("unit_id")).values_list(
        "case_id", flat=True
    )
    return as_convener.order_by().union(as_lead.order_by(), as_covered_actor.order_by(), as_notice_ward.order_by())


def visible_cases(user, *, open_only: bool = False) -> QuerySet[CoordinationCase]:
    """Every case the user may open (see the module docstring for the rules); with `open_only`, those not
    closed."""
    unit_ids = case_unit_ids(user)
    if not unit_ids:
        return CoordinationCase.objects.none()
    return CoordinationCase.objects.filter(pk__in=visible_case_ids(unit_ids, open_only=open_only))


def get_visible_case(user, pk) -> CoordinationCase:
    """The case with id `pk`, or 404 when it does not exist or the user may not see it."""
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def can_view_case(user, case: CoordinationCase) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def acting_unit_ids(user, case: CoordinationCase) -> set[int]:
    """The user's units through which they may see the case: convener's, lead's, or an active actor that the
    consent in force covers (the same rules as `visible_cases`, for one case already in memory)."""
    unit_ids = case_unit_ids(user)
    if is_consent_withdrawn(case):
        return unit_ids & {responsible_unit_id(case)}
    acting = unit_ids & {case.convener_unit_id, case.lead_unit_id}
    # Iterating case.actors.all() uses the page's prefetched actors when there are any.
    other_actor_units = {
        actor.unit_id for actor in case.actors.all() if actor.left_at is None and actor.unit_id in unit_ids
    } - acting
    if other_actor_units:
        consent = valid_consent(case)
        covered = {unit.pk for unit in consent.units.all()} if consent else set()
        notice_ward = case.discharge_notice.ward_id if hasattr(case, "discharge_notice") else None
        acting |= {unit_id for unit_id in other_actor_units if unit_id in covered or unit_id == notice_ward}
    return acting


def ensure_can_act(user, case: CoordinationCase) -> None:
    """Only staff of a unit in the case may act; not on a closed case, and never after consent was withdrawn."""
    if not acting_unit_ids(user, case):
        raise PermissionDenied(NOT_ALLOWED)
    if is_consent_withdrawn(case):
        raise ValidationError(CONSENT_WITHDRAWN_READ_ONLY, code="consent_withdrawn")
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


NOT_CONVENER_MANAGER = _(
    "Bara chefen för samordningsansvarigs enhet kan utse vilka som ser namn och adress för en person med skyddad "
    "identitet."
)


def units_seeing_case(case: CoordinationCase) -> set[int]:
    """Every unit whose staff may open the case today (the same rules as `visible_cases`)."""
    if is_consent_withdrawn(case):
        return {responsible_unit_id(case)}
    consent = valid_consent(case)
    covered = {unit.pk for unit in consent.units.all()} if consent else set()
    notice_ward = case.discharge_notice.ward_id if hasattr(case, "discharge_notice") else None
    actors = {
        actor.unit_id
        for actor in case.actors.all()
        if actor.left_at is None and (actor.unit_id in covered or actor.unit_id == notice_ward)
    }
    return {case.convener_unit_id, case.lead_unit_id, *actors} - {None}


def is_convener_unit_manager(user, case: CoordinationCase) -> bool:
    return case.convener_unit_id in user_unit_ids(user, roles=(Role.MANAGER,))


def ensure_can_name_protected_identity_viewers(user, case: CoordinationCase) -> None:
    """The manager of the convener's unit chooses who sees a protected person's name, address and phone."""
    if not is_convener_unit_manager(user, case):
        raise PermissionDenied(NOT_CONVENER_MANAGER)
