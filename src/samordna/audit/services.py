"""Writing to the audit log. Services call `audit_record` inside their own transaction, so the log row
and the change it describes are committed together or not at all."""

from collections.abc import Callable, Iterable

from django.db import models

from samordna.audit.models import AuditAction, AuditEvent
from samordna.common import clock

# Which unit and principal a user works in, and which of a user's units takes part in a person's cases, is
# known to domain apps this app must not import. The cases app registers a function returning, for a user and
# the persons concerned (None: an event about no one), the plain values of the columns below for each person;
# it costs the same two small queries whether a page logs one read or a hundred.
ACTOR_UNIT_COLUMNS = ("unit_id", "unit_name", "principal_id", "principal_name")
UnitColumns = Callable[[object, Iterable[int | None]], dict[int | None, dict]]
_actor_unit_columns: UnitColumns | None = None


def register_actor_unit_columns(resolver: UnitColumns) -> None:
    """Set how the user's unit and principal are found (called once, from the cases app's AppConfig)."""
    global _actor_unit_columns
    _actor_unit_columns = resolver


def _unit_columns(user, person_ids: Iterable[int | None]) -> dict[int | None, dict]:
    """The unit columns for each person; empty columns for an anonymous event or before the resolver is set."""
    person_ids = set(person_ids)
    if _actor_unit_columns is None or user is None or not user.is_authenticated:
        return {person_id: {} for person_id in person_ids}
    return _actor_unit_columns(user, person_ids)


def audit_record(
    *,
    user,
    action: AuditAction,
    obj: models.Model | None = None,
    person_id: int | None = None,
    summary: str = "",
    reason: str = "",
    username: str = "",
    object_type: str = "",
) -> AuditEvent:
    """Append one event: `user` did `action` to `obj`, touching the personal data of person `person_id`.

    `username` names who it was when there is no user account to point at (a failed login with an
    unknown name, a management command); a known user's own username always wins. `object_type` names
    what was touched when there is no single object (a search in the log, a purge)."""
    authenticated = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        **_unit_columns(user, [person_id])[person_id],
        at=clock.now(),
        user=user if authenticated else None,
        username=user.get_username() if authenticated else username[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else "",
        person_id=person_id,
        summary=summary[:255],
        reason=reason[:255],
    )


def audit_read(*, user, obj: models.Model, person_id: int | None, summary: str = "") -> AuditEvent:
    """Log that `user` was shown personal data (a page or file about person `person_id`)."""
    return audit_record(user=user, action=AuditAction.READ, obj=obj, person_id=person_id, summary=summary)


def audit_read_many(
    *,
    user,
    objects: list[models.Model],
    person_attr: str = "person_id",
    summary: str = "",
    action: AuditAction = AuditAction.READ,
) -> None:
    """Log one read (or, with `action`, a print) per object shown in a list or document, in one INSERT of plain
    values, so a list costs the same number of queries whatever its length and each person's log extract still
    finds it."""
    if not objects:
        return
    moment = clock.now()
    units = _unit_columns(user, [getattr(obj, person_attr) for obj in objects])
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **units[getattr(obj, person_attr)],
            at=moment,
            user=user,
            username=user.get_username(),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            person_id=getattr(obj, person_attr),
            summary=summary,
        )
        for obj in objects
    )


def audit_read_persons(*, user, person_ids, object_type: str, summary: str = "") -> None:
    """Log one read per distinct person whose data a page showed without one object per person (the log
    review's result list), in one INSERT."""
    person_ids = sorted(set(person_ids) - {None})
    if not person_ids:
        return
    moment = clock.now()
    units = _unit_columns(user, person_ids)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **units[person_id],
            at=moment,
            user=user,
            username=user.get_username(),
            action=AuditAction.READ,
            object_type=object_type,
            person_id=person_id,
            summary=summary,
        )
        for person_id in person_ids
    )
