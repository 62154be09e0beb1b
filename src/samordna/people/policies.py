"""Who may see and change a person's record.

Any staff member may look a person up by full identity number (to start a case). The person's page
and changes to it are for staff who registered the person or whose unit takes part in one of the
person's cases. Anyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samordna.organizations.models import Role
from samordna.organizations.selectors import user_unit_ids
from samordna.people.models import Person

CASE_ROLES = (Role.STAFF, Role.MANAGER)


def is_case_staff(user) -> bool:
    return bool(user_unit_ids(user, roles=CASE_ROLES))


def ensure_is_staff(user) -> None:
    if not is_case_staff(user):
        raise PermissionDenied


def visible_persons(user) -> QuerySet[Person]:
    unit_ids = user_unit_ids(user, roles=CASE_ROLES)
    if not unit_ids:
        return Person.objects.none()
    return Person.objects.filter(
        Q(created_by=user)
        | Q(cases__convener_unit_id__in=unit_ids)
        | Q(cases__lead_unit_id__in=unit_ids)
        | Q(cases__actors__unit_id__in=unit_ids, cases__actors__left_at__isnull=True)
    ).distinct()


def get_visible_person(user, pk) -> Person:
    person = visible_persons(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def ensure_can_edit_person(user, person: Person) -> None:
    if not visible_persons(user).filter(pk=person.pk).exists():
        raise PermissionDenied
