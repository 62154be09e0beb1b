"""Reads for messages in a case, each page in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404

from samordna.cases.models import CoordinationCase
from samordna.messaging.models import Attachment, Message, MessageRead, Thread
from samordna.messaging.policies import message_unit_ids, visible_threads


@dataclass
class ThreadRow:
    thread: Thread
    message_count: int
    unread_count: int


def threads_for_case(user, case: CoordinationCase) -> list[ThreadRow]:
    """The user's threads in the case, latest activity first, with how many messages their units have not read."""
    unit_ids = message_unit_ids(user, case)
    threads = (
        visible_threads(user, case)
        .select_related("started_by_unit")
        .prefetch_related(
            "units",
            Prefetch(
                "messages",
                queryset=Message.objects.only("id", "thread_id", "author_unit_id").prefetch_related(
                    Prefetch("reads", queryset=MessageRead.objects.filter(unit_id__in=unit_ids).only("message_id"))
                ),
            ),
        )
        .order_by("-last_message_at", "-id")
    )
    rows = []
    for thread in threads:
        messages = thread.messages.all()
        unread = sum(1 for m in messages if m.author_unit_id not in unit_ids and not m.reads.all())
        rows.append(ThreadRow(thread, len(messages), unread))
    return rows


def thread_for_page(user, case: CoordinationCase, pk) -> Thread:
    """One thread with its messages, authors, attachments and receipts; 404 unless the user's unit is in it."""
    thread = (
        visible_threads(user, case)
        .filter(pk=pk)
        .select_related("started_by", "started_by_unit")
        .prefetch_related(
            "units",
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("author", "author_unit").prefetch_related(
                    "attachments", Prefetch("reads", queryset=MessageRead.objects.select_related("unit", "read_by"))
                ),
            ),
        )
        .first()
    )
    if thread is None:
        raise Http404
    thread.case = case
    return thread


def attachment_for_download(user, case: CoordinationCase, thread_pk, pk) -> Attachment:
    """An attachment in a thread the user's unit is in, or 404."""
    attachment = (
        Attachment.objects.filter(message__thread__in=visible_threads(user, case), message__thread_id=thread_pk, pk=pk)
        .select_related("message__thread")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def unread_count_for_case(user, case: CoordinationCase) -> int:
    """Messages in the case's threads of the user's units that none of those units has read: one query (none
    when the user takes part through no unit)."""
    unit_ids = message_unit_ids(user, case)
    if not unit_ids:
        return 0
    read_by_mine = MessageRead.objects.filter(message_id=OuterRef("pk"), unit_id__in=unit_ids)
    return (
        Message.objects.filter(thread__case=case, thread__in=visible_threads(user, case))
        .exclude(author_unit_id__in=unit_ids)
        .exclude(Exists(read_by_mine))
        .count()
    )
