"""Writes for messages in a case. Each service runs in one transaction, checks the permission first
(messaging.policies on top of cases.policies), validates, saves and writes its audit event. A closed case's
messages are read-only: ensure_can_document refuses every write."""

import pathlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.messaging.attachments import MAX_ATTACHMENTS, TOO_MANY_ATTACHMENTS, attachment_content_type
from samordna.messaging.models import Attachment, Message, MessageRead, Thread
from samordna.messaging.policies import ensure_can_reply, ensure_can_write, message_unit_ids, thread_unit_ids_of
from samordna.organizations.models import Unit

EMPTY_MESSAGE = _("Skriv ett meddelande.")
NO_RECIPIENTS = _("Välj minst en enhet i ärendet att skriva till, eller huvudansvarig.")
RECIPIENT_NOT_IN_CASE = _("Enheten deltar inte i ärendet.")
FROM_UNIT_NOT_YOURS = _("Du kan bara skriva för en enhet där du arbetar och som deltar i ärendet.")


def case_message_units(case: CoordinationCase) -> list[Unit]:
    """The units a message in the case can go to: the convener's, the lead's and every active actor."""
    unit_ids = {case.convener_unit_id, case.lead_unit_id} | set(
        case.actors.filter(left_at__isnull=True).values_list("unit_id", flat=True)
    )
    return list(Unit.objects.filter(pk__in=unit_ids - {None}).order_by("name"))


def lead_unit_id(case: CoordinationCase) -> int:
    """The unit that receives messages to the lead: the lead's, or the convener's until a lead is named."""
    return case.lead_unit_id or case.convener_unit_id


def sender_unit_id(user, case: CoordinationCase, unit_ids: set[int] | None = None) -> int:
    """The unit a user writes for when they work in more than one of the case's units: the convener's first,
    then the lead's, then the lowest id (stable)."""
    unit_ids = message_unit_ids(user, case) if unit_ids is None else unit_ids
    for preferred in (case.convener_unit_id, case.lead_unit_id):
        if preferred in unit_ids:
            return preferred
    return min(unit_ids)


def _audit(by, action, obj, case: CoordinationCase, summary: str) -> None:
    audit_record(user=by, action=action, obj=obj, person_id=case.person_id, summary=summary)


def _attach(message: Message, files, by, case: CoordinationCase) -> None:
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": ValidationError(TOO_MANY_ATTACHMENTS, params={"count": MAX_ATTACHMENTS})})
    checked = []
    for upload in files:
        try:
            checked.append((upload, attachment_content_type(upload)))
        except ValidationError as error:
            raise ValidationError({"files": error}) from error
    for upload, content_type in checked:
        attachment = Attachment(
            message=message,
            file=upload,
            filename=pathlib.Path(upload.name).name[:255],
            content_type=content_type,
            size=upload.size,
        )
        attachment.full_clean()
        attachment.save()
        _audit(by, AuditAction.CREATE, attachment, case, "message_attachment")


def _post(thread: Thread, *, by, unit_id: int, body: str, files) -> Message:
    if not body.strip():
        raise ValidationError({"body": EMPTY_MESSAGE})
    message = Message(thread=thread, author=by, author_unit_id=unit_id, body=body.strip(), sent_at=clock.now())
    message.full_clean()
    message.save()
    _audit(by, AuditAction.CREATE, message, thread.case, "message_send")
    _attach(message, files, by, thread.case)
    # The writer's own unit has read what it wrote.
    MessageRead.objects.create(message=message, unit_id=unit_id, read_by=by, read_at=message.sent_at)
    thread.last_message_at = message.sent_at
    thread.save(update_fields=["last_message_at", "updated_at"])
    return message


@transaction.atomic
def thread_start(
    *,
    case: CoordinationCase,
    by,
    subject: str,
    body: str,
    units=(),
    to_lead: bool = False,
    from_unit: Unit | None = None,
    files=(),
) -> Thread:
    """Start a conversation from one of the user's units to other units of the case and/or the lead."""
    ensure_can_write(by, case)
    own_units = message_unit_ids(by, case)
    sender = from_unit.pk if from_unit is not None else sender_unit_id(by, case, own_units)
    if sender not in own_units:
        raise PermissionDenied(FROM_UNIT_NOT_YOURS)
    in_case = {unit.pk for unit in case_message_units(case)}
    recipients = {unit.pk for unit in units}
    if recipients - in_case:
        raise ValidationError({"units": RECIPIENT_NOT_IN_CASE})
    if to_lead:
        recipients.add(lead_unit_id(case))
    recipients.discard(sender)
    if not recipients:
        raise ValidationError({"units": NO_RECIPIENTS})
    thread = Thread(
        case=case,
        subject=subject.strip(),
        started_by=by,
        started_by_unit_id=sender,
        to_lead=to_lead,
        last_message_at=clock.now(),
    )
    thread.full_clean()
    thread.save()
    thread.units.set([sender, *recipients])
    _audit(by, AuditAction.CREATE, thread, case, "thread_start")
    _post(thread, by=by, unit_id=sender, body=body, files=files)
    return thread


@transaction.atomic
def message_send(*, thread: Thread, by, body: str, files=()) -> Message:
    """Reply in a thread, for the user's unit in it."""
    ensure_can_reply(by, thread)
    unit_ids = thread_unit_ids_of(by, thread)
    return _post(thread, by=by, unit_id=sender_unit_id(by, thread.case, unit_ids), body=body, files=files)


def thread_mark_read(*, thread: Thread, by) -> int:
    """Receipts for every message in the thread the user's units had not read (one per unit, the first reader
    named). Not on a closed case, whose messages are read-only. Returns how many receipts were made."""
    if thread.case.is_closed:
        return 0
    unit_ids = thread_unit_ids_of(by, thread)
    moment = clock.now()
    receipts = [
        MessageRead(message=message, unit_id=unit_id, read_by=by, read_at=moment)
        for message in thread.messages.all()
        for unit_id in unit_ids
        if message.author_unit_id != unit_id and unit_id not in {read.unit_id for read in message.reads.all()}
    ]
    MessageRead.objects.bulk_create(receipts, ignore_conflicts=True)
    return len(receipts)
