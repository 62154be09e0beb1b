"""Who may follow up the audit log, and over which events.

Log follow-up (loggkontroll, PDL 4 kap. 3 §) is for users with the auditor role (Logggranskare) in a unit.
An auditor reviews their own principal's log: the principals of the active units where they hold the role.
Anyone else gets 403 (like the other role pages); anonymous visitors are sent to the login page.

What "their principal's log" means, precisely: an event is in scope when
- it was written by a user whose unit (as recorded with the event) belonged to the principal, or
- it concerns a person who has a case in which a unit of the principal takes or took part (as the
  convener's unit, the lead's unit or an actor, also one that has left),
so the auditor also sees other principals' staff reading the persons their own principal works with.
Failed logins with an unknown username belong to no principal and are left to the superuser's admin.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from samordna.audit.models import AuditEvent
from samordna.cases.models import CoordinationCase
from samordna.organizations.models import Membership, Role


def audited_principal_ids(user) -> set[int]:
    """The principals whose log `user` may review (empty for anyone without the auditor role)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user_id=user.pk, role=Role.AUDITOR, unit__is_active=True).values_list(
            "unit__principal_id", flat=True
        )
    )


def ensure_auditor(user) -> set[int]:
    """The auditor's principals; 403 for a user who is not an auditor anywhere."""
    principal_ids = audited_principal_ids(user)
    if not principal_ids:
        raise PermissionDenied
    return principal_ids


def persons_with_cases_of(principal_ids: set[int]) -> QuerySet:
    """Ids of the persons in whose cases a unit of these principals takes or took part."""
    return (
        CoordinationCase.objects.filter(
            Q(convener_unit__principal_id__in=principal_ids)
            | Q(lead_unit__principal_id__in=principal_ids)
            | Q(actors__unit__principal_id__in=principal_ids)
        )
        .values("person_id")
        .distinct()
    )


def events_in_scope(principal_ids: set[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        Q(principal_id__in=principal_ids) | Q(person_id__in=persons_with_cases_of(principal_ids))
    )
