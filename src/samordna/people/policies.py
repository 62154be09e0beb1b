"""Who may see and change a person's record.

Any staff member may look a person up by full identity number (to start a case). The person's page
and changes to it are for staff who registered the person or who may see one of the person's cases. Anyone
else gets 404.

The case rule is samordna.cases.policies.visible_cases; it is written out again here in ORM lookups because
people sits below cases and may not import it. tests/security/test_authorization_matrix.py holds both to
the same answers.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404

from samordna.common import clock
from samordna.organizations.models import Role
from samordna.organizations.selectors import user_unit_ids
from samordna.people.models import Person

CASE_ROLES = (Role.STAFF, Role.MANAGER)
CONSENT_WITHDRAWN = "consent_withdrawn"  # CloseReason.CONSENT_WITHDRAWN in samordna.cases.models


def is_case_staff(user) -> bool:
    return bool(user_unit_ids(user, roles=CASE_ROLES))


def ensure_is_staff(user) -> None:
    if not is_case_staff(user):
        raise PermissionDenied


def visible_persons(user) -> QuerySet[Person]:
    unit_ids = user_unit_ids(user, roles=CASE_ROLES)
    if not unit_ids:
        return Person.objects.none()
    today = clock.today()
    # Every condition on one multi-valued relation sits in the same filter() call so that it joins one case,
    # one actor row and one consent: "this actor unit is covered by this case's consent in force".
    withdrawn = Q(cases__close_reason=CONSENT_WITHDRAWN)
    # "Any other close reason (or none)" as positive lookups, which stay on the same case row (a negated
    # lookup on a multi-valued relation would ask about every case of the person instead).
    not_withdrawn = Q(cases__close_reason__lt=CONSENT_WITHDRAWN) | Q(cases__close_reason__gt=CONSENT_WITHDRAWN)
    in_case = Person.objects.filter(
        (Q(cases__convener_unit_id__in=unit_ids) | Q(cases__lead_unit_id__in=unit_ids)) & not_withdrawn
    )
    covered_actor = Person.objects.filter(
        not_withdrawn,
        cases__actors__unit_id__in=unit_ids,
        cases__actors__left_at__isnull=True,
        cases__consents__status="active",
        cases__consents__decision="given",
        cases__consents__valid_from__lte=today,
        cases__consents__valid_to__gte=today,
        cases__consents__units=F("cases__actors__unit_id"),
    )
    discharge_ward = Person.objects.filter(
        not_withdrawn,
        cases__actors__unit_id__in=unit_ids,
        cases__actors__left_at__isnull=True,
        cases__discharge_notice__ward_id=F("cases__actors__unit_id"),
    )
    responsible_after_withdrawal = Person.objects.filter(
        Q(cases__lead_unit_id__in=unit_ids) | Q(cases__lead_unit__isnull=True, cases__convener_unit_id__in=unit_ids),
        withdrawn,
    )
    return Person.objects.filter(
        Q(created_by=user)
        | Q(pk__in=in_case.values("pk"))
        | Q(pk__in=covered_actor.values("pk"))
        | Q(pk__in=discharge_ward.values("pk"))
        | Q(pk__in=responsible_after_withdrawal.values("pk"))
    )


def get_visible_person(user, pk) -> Person:
    person = visible_persons(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def ensure_can_edit_person(user, person: Person) -> None:
    if not visible_persons(user).filter(pk=person.pk).exists():
        raise PermissionDenied


def can_see_protected_details(user, person: Person) -> bool:
    """Name, address and phone of a protected person are shown only to the staff named for it (by the manager of
    a convener's unit); for anyone else the page says "Skyddad identitet"."""
    if not person.protected_identity:
        return True
    return person.protected_identity_viewers.filter(user_id=user.pk, revoked_at__isnull=True).exists()
