"""Who may read and write messages in a case. The case rules are cases.policies' (seeing the case, acting in
it, consent in force, closed cases read-only); on top, a thread is only for the units it is between."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.cases.policies import acting_unit_ids, ensure_can_document
from samordna.messaging.models import Thread

NOT_IN_THREAD = _("Din enhet är inte med i den här konversationen.")


def message_unit_ids(user, case: CoordinationCase) -> set[int]:
    """The user's units that take part in the case: the units they write and read messages for."""
    return acting_unit_ids(user, case)


def visible_threads(user, case: CoordinationCase) -> QuerySet[Thread]:
    """The case's threads between one of the user's units and others. Call after `get_visible_case`."""
    unit_ids = message_unit_ids(user, case)
    if not unit_ids:
        return Thread.objects.none()
    return Thread.objects.filter(case=case, units__in=unit_ids).distinct()


def thread_unit_ids_of(user, thread: Thread) -> set[int]:
    """The user's units in the thread (from the prefetched units when there are any)."""
    return message_unit_ids(user, thread.case) & {unit.pk for unit in thread.units.all()}


def ensure_can_write(user, case: CoordinationCase) -> None:
    """Writing shares information: it needs the right to act, an open case and consent in force."""
    ensure_can_document(user, case)


def ensure_can_reply(user, thread: Thread) -> None:
    ensure_can_write(user, thread.case)
    if not thread_unit_ids_of(user, thread):
        raise PermissionDenied(NOT_IN_THREAD)


def can_write(user, case: CoordinationCase) -> bool:
    """Whether the page offers writing: the same rule as the services, as a yes or no."""
    try:
        ensure_can_write(user, case)
    except (PermissionDenied, ValidationError):
        return False
    return True
