"""What people do around a generated case: messages between its units, deviations, notifications, and the audit
trail of every read, written with the unit and principal columns the app fills (samordna.audit.services: the
user's unit through which they reach the person's case)."""

import datetime

from django.urls import reverse

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import Step
from samordna.demo.scale.context import CaseDraft, Context
from samordna.deviations.models import Deviation, DeviationCategory, DeviationStatus
from samordna.messaging.models import Message, MessageRead, Thread
from samordna.notifications.models import Notification, NotificationKind

THREAD_SHARE = 0.4
DEVIATION_SHARE = 0.025
SUBJECTS = ("Inför mötet", "Fråga om insatsen", "Ändrad tid", "Uppföljning")
BODIES = ("Hej! Kan ni ta med er underlaget till mötet?", "Vi har startat insatsen enligt planen.",
          "Kan vi flytta mötet en vecka?", "Tack, vi hör av oss efter uppföljningen.")  # fmt: skip
# What a read touches, with its share: the case page, the plan, the person, a meeting.
READ_OBJECTS = (("cases.coordinationcase", 5), ("plans.plan", 2), ("people.person", 2), ("meetings.meeting", 1))


class Activity:
    def __init__(self, *, context: Context, audit_per_case: float) -> None:
        self.context = context
        self.audit_per_case = audit_per_case
        self.case_url = reverse("cases:detail", args=[0]).replace("/0/", "/{}/")
        self.object_types = [name for name, _weight in READ_OBJECTS]
        self.object_weights = [weight for _name, weight in READ_OBJECTS]

    def add(self, draft: CaseDraft) -> None:
        rng = self.context.rng
        if draft.timeline.reached_step(Step.PREPARATION) and len(draft.actors) > 1 and rng.random() < THREAD_SHARE:
            self._thread(draft)
        if len(draft.actors) > 1 and rng.random() < DEVIATION_SHARE:
            self._deviation(draft)
        if not draft.timeline.closed:
            self._notifications(draft)
        self._audit(draft)

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        span = max((end - start).total_seconds(), 60.0)
        return start + datetime.timedelta(seconds=self.context.rng.random() * span)

    def _thread(self, draft: CaseDraft) -> None:
        context, rng, ids = self.context, self.context.rng, self.context.ids
        starter, other = draft.actors[0], rng.choice(draft.actors[1:])
        thread_id = ids.next(Thread)
        moment = self._between(draft.timeline.steps[Step.PREPARATION], draft.timeline.end)
        messages = []
        for index in range(rng.randint(1, 4)):
            author = starter if index % 2 == 0 else other
            sent = moment + datetime.timedelta(hours=index * rng.randint(2, 30))
            messages.append((ids.next(Message), author, sent))
        context.add(Thread, (thread_id, draft.id, rng.choice(SUBJECTS), draft.unit_staff(starter.unit, rng),
                             starter.unit.id, messages[-1][2], moment, messages[-1][2]))  # fmt: skip
        for unit in (starter.unit, other.unit):
            context.add(Thread.units.through, (ids.next(Thread.units.through), thread_id, unit.id))
        for message_id, author, sent in messages:
            context.add(Message, (message_id, thread_id, draft.unit_staff(author.unit, rng), author.unit.id,
                                  rng.choice(BODIES), sent, sent, sent))  # fmt: skip
            reader = other if author is starter else starter
            # Drawn whatever the moment, so a seed gives the same set on any day.
            read_anyway = rng.random() < 0.5
            if sent < context.now - datetime.timedelta(hours=4) or read_anyway:
                read_at = sent + datetime.timedelta(hours=rng.randint(1, 48))
                context.add(MessageRead, (ids.next(MessageRead), message_id, reader.unit.id,
                                          draft.unit_staff(reader.unit, rng), read_at))  # fmt: skip

    def _deviation(self, draft: CaseDraft) -> None:
        context, rng = self.context, self.context.rng
        reporting, concerned = draft.actors[0].unit, rng.choice(draft.actors[1:]).unit
        reported = self._between(draft.timeline.created, draft.timeline.end)
        closed = draft.timeline.closed or rng.random() < 0.5
        order = list(DeviationStatus.values)
        status = DeviationStatus.CLOSED if closed else rng.choice(order[:-1])
        reached = order.index(status)
        steps = [reported + datetime.timedelta(days=3 * step) for step in range(1, 5)]
        steps = [min(moment, context.now) for moment in steps]
        manager = rng.choice(concerned.managers)
        times = [steps[index] if reached > index else None for index in range(4)]
        answered = reached >= order.index(DeviationStatus.ANSWERED)
        context.add(
            Deviation,
            (
                context.ids.next(Deviation), rng.choice(DeviationCategory.values), "Kallelsen besvarades inte i tid.",
                reported.date(), reporting.id, concerned.id, draft.id, status, draft.convener, reported,
                manager if times[0] else None, times[0], manager if times[1] else None, times[1],
                manager if times[2] else None, times[2], "Hög arbetsbelastning." if answered else "",
                "Rutinen är genomgången med alla handläggare." if answered else "", manager if times[3] else None,
                times[3], reported, times[3] or reported,
            ),
        )  # fmt: skip

    def _notifications(self, draft: CaseDraft) -> None:
        context, rng = self.context, self.context.rng
        url = self.case_url.format(draft.id)
        for actor in draft.actors:
            if actor.contact is None:
                continue
            kind = NotificationKind.INVITATION_RECEIVED if actor is not draft.actors[0] else NotificationKind.ASSIGNED
            created = self._between(max(draft.timeline.created, context.now - datetime.timedelta(days=60)),
                                    context.now)  # fmt: skip
            read_at = created + datetime.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None
            read_at = read_at if read_at is None or read_at < context.now else None
            context.add(Notification, (context.ids.next(Notification), actor.contact, kind, draft.id, draft.number, url,
                                       f"scale:{draft.id}:{kind}", created, read_at))  # fmt: skip

    def _audit(self, draft: CaseDraft) -> None:
        """Reads of the case, its plan, its person and its meetings by the people working on it, over its life, and
        the convener's writes as the case moves through the steps."""
        context, rng = self.context, self.context.rng
        count = max(0, int(self.audit_per_case * (0.5 + rng.random())) - len(draft.timeline.steps))
        readers = [(actor.unit, actor.contact or draft.unit_staff(actor.unit, rng)) for actor in draft.actors]
        readers.append((draft.actors[0].unit, rng.choice(draft.actors[0].unit.managers)))
        start, end = draft.timeline.created, draft.timeline.end
        if not draft.timeline.closed:
            end = context.now
        span = max((end - start).total_seconds(), 3600.0)
        usernames = context.org.usernames
        plan_seen = bool(draft.version_ids)
        meeting_id = str(draft.meetings[0][0]) if draft.meetings else ""
        case_id, person_id = str(draft.id), draft.person_id
        choices = rng.choices(self.object_types, weights=self.object_weights, k=count)
        for object_type in choices:
            unit, user = readers[rng.randrange(len(readers))]
            at = start + datetime.timedelta(seconds=rng.random() * span)
            if object_type == "people.person":
                object_id = str(person_id)
            elif object_type == "plans.plan" and plan_seen:
                object_id = case_id
            elif object_type == "meetings.meeting" and meeting_id:
                object_id = meeting_id
            else:
                object_type, object_id = "cases.coordinationcase", case_id
            context.add(AuditEvent, (context.ids.next(AuditEvent), at, user, usernames[user], unit.id, unit.name,
                                     unit.principal_id, unit.principal_name, AuditAction.READ, object_type, object_id,
                                     person_id))  # fmt: skip
        convener_unit, convener = draft.convener_unit, draft.convener
        for step, at in draft.timeline.steps.items():
            action = AuditAction.CREATE if step == Step.NEED else AuditAction.UPDATE
            context.add(AuditEvent, (context.ids.next(AuditEvent), at, convener, usernames[convener], convener_unit.id,
                                     convener_unit.name, convener_unit.principal_id, convener_unit.principal_name,
                                     action, "cases.coordinationcase", case_id, person_id))  # fmt: skip


def logins(*, context: Context, total: int, start: datetime.datetime):
    """Login events of the staff, spread over the ten years, each naming the user's own unit."""
    rng, org = context.rng, context.org
    users = sorted(org.user_unit)
    span = (context.now - start).total_seconds()
    for _event in range(total):
        user = users[rng.randrange(len(users))]
        unit = org.units[org.user_unit[user]]
        at = start + datetime.timedelta(seconds=rng.random() * span)
        yield (context.ids.next(AuditEvent), at, user, org.usernames[user], unit.id, unit.name, unit.principal_id,
               unit.principal_name, AuditAction.LOGIN, "", "", None)  # fmt: skip


ACTIVITY_COLUMNS = {
    Thread: ("id", "case_id", "subject", "started_by_id", "started_by_unit_id", "last_message_at", "created_at",
             "updated_at"),
    Thread.units.through: ("id", "thread_id", "unit_id"),
    Message: ("id", "thread_id", "author_id", "author_unit_id", "body", "sent_at", "created_at", "updated_at"),
    MessageRead: ("id", "message_id", "unit_id", "read_by_id", "read_at"),
    Deviation: ("id", "category", "description", "occurred_on", "reporting_unit_id", "concerned_unit_id", "case_id",
                "status", "reported_by_id", "reported_at", "received_by_id", "received_at", "resolving_by_id",
                "resolving_at", "answered_by_id", "answered_at", "answer_cause", "answer_actions", "closed_by_id",
                "closed_at", "created_at", "updated_at"),
    Notification: ("id", "recipient_id", "kind", "case_id", "case_number", "url", "key", "created_at", "read_at"),
    AuditEvent: ("id", "at", "user_id", "username", "unit_id", "unit_name", "principal_id", "principal_name",
                 "action", "object_type", "object_id", "person_id"),
}  # fmt: skip
