"""Writes by local administrators that reach beyond the organisation models themselves."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from samordna.accounts.services import second_factor_remove
from samordna.organizations.models import Membership
from samordna.organizations.selectors import administered_principal_ids


def may_administer_staff_member(*, by, user) -> bool:
    """A local administrator may act on a staff member placed only in units of the principals they administer
    (never on a superuser or an administrator with admin access of their own)."""
    if by.is_superuser:
        return True
    if user.is_superuser or user.is_staff or user == by:
        return False
    principal_ids = {membership.unit.principal_id for membership in Membership.objects.filter(user=user)}
    return bool(principal_ids) and principal_ids <= administered_principal_ids(by)


@transaction.atomic
def staff_second_factor_reset(*, user, by) -> None:
    """A lost phone: the local administrator removes the staff member's authenticator and recovery codes; the
    staff member sets up a new one at the next login. Audited by accounts.services.second_factor_remove."""
    if not may_administer_staff_member(by=by, user=user):
        raise PermissionDenied
    second_factor_remove(user=user, by=by)
