"""Reads for log follow-up and the individual's log extract."""

import datetime
from dataclasses import asdict, dataclass
from functools import cache

from django.apps import apps
from django.db.models import BooleanField, Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import CaseActor, CoordinationCase
from samordna.logreview.policies import events_in_scope
from samordna.people.models import Person

# Events the log review writes about itself: never flagged, an auditor's work is not a case access.
LOG_REVIEW_OBJECT_TYPE = "audit.auditevent"
# What counts as an access to a person's data when deciding whether it was outside the user's cases.
ACCESS_ACTIONS = (AuditAction.READ, AuditAction.PRINT, AuditAction.EXPORT)


@dataclass(frozen=True)
class LogSearch:
    """What the auditor searched for. Kept in the session (never the URL), so results can be paged."""

    date_from: datetime.date
    date_to: datetime.date
    person_id: int | None = None
    identity_number: str = ""
    username: str = ""
    unit_id: int | None = None
    action: str = ""
    outside_only: bool = False

    def as_session(self) -> dict:
        data = asdict(self)
        data["date_from"], data["date_to"] = self.date_from.isoformat(), self.date_to.isoformat()
        return data

    @classmethod
    def from_session(cls, data: dict | None) -> "LogSearch | None":
        if not data:
            return None
        try:
            return cls(
                **{
                    **data,
                    "date_from": datetime.date.fromisoformat(data["date_from"]),
                    "date_to": datetime.date.fromisoformat(data["date_to"]),
                }
            )
        except (KeyError, TypeError, ValueError):
            return None  # a session from an older version: start a new search


CASE_OBJECT_TYPE = "cases.coordinationcase"


def unit_took_part_at_the_time() -> Q:
    """True for an event whose user's unit was, at the event's moment, taking part in a case of the person
    concerned: as an actor (joined at or before, not yet left) or as the convener's or lead's unit of a case
    that already existed. (The lead's unit has no history of its own; a lead's unit is always an actor.)
    An event about a case itself counts only that case; any other event (the person's page, a plan, a
    meeting) any case of the person."""
    at, unit, person = OuterRef("at"), OuterRef("unit_id"), OuterRef("person_id")
    as_actor = CaseActor.objects.filter(case__person_id=person, unit_id=unit, joined_at__lte=at).filter(
        Q(left_at__isnull=True) | Q(left_at__gt=at)
    )
    as_owner = CoordinationCase.objects.filter(person_id=person, created_at__lte=at).filter(
        Q(convener_unit_id=unit) | Q(lead_unit_id=unit)
    )
    # object_id is text; comparing it with the case id as text never fails on ids that are not numbers.
    that_case = OuterRef("object_id")
    in_that_case = Q(Exists(as_actor.annotate(case_key=Cast("case_id", CharField())).filter(case_key=that_case))) | Q(
        Exists(as_owner.annotate(case_key=Cast("id", CharField())).filter(case_key=that_case))
    )
    in_any_case = Q(Exists(as_actor)) | Q(Exists(as_owner))
    return (Q(object_type=CASE_OBJECT_TYPE) & in_that_case) | (~Q(object_type=CASE_OBJECT_TYPE) & in_any_case)


def with_outside_flag(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Annotate `outside_case`: an access to a person's data by a user whose unit took no part in any of
    the person's cases at that moment (or who had no unit). A reason for the auditor to look closer."""
    outside = (
        Q(action__in=ACCESS_ACTIONS, person_id__isnull=False)
        & ~Q(object_type=LOG_REVIEW_OBJECT_TYPE)
        & ~unit_took_part_at_the_time()
    )
    return events.annotate(
        outside_case=Case(When(outside, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def with_person(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Annotate the concerned person's identity number, name and protection, in the same query."""
    person = Person.objects.filter(pk=OuterRef("person_id"))
    return events.annotate(
        person_number=Subquery(person.values("personal_identity_number")[:1]),
        person_first_name=Subquery(person.values("first_name")[:1]),
        person_last_name=Subquery(person.values("last_name")[:1]),
        person_protected=Subquery(person.values("protected_identity")[:1]),
    )


def period_bounds(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `date_from` to the end of `date_to`, Swedish time."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def log_search(*, principal_ids: set[int], search: LogSearch) -> QuerySet[AuditEvent]:
    """The auditor's search: events in their scope, newest first, with the person and the flag."""
    start, end = period_bounds(search.date_from, search.date_to)
    events = events_in_scope(principal_ids).filter(at__gte=start, at__lt=end)
    if search.person_id is not None:
        events = events.filter(person_id=search.person_id)
    if search.username:
        events = events.filter(username__iexact=search.username)
    if search.unit_id is not None:
        events = events.filter(unit_id=search.unit_id)
    if search.action:
        events = events.filter(action=search.action)
    events = with_outside_flag(events)
    if search.outside_only:
        events = events.filter(outside_case=True)
    return with_person(events).select_related("user").order_by("-at", "-id")


def person_id_with_number(number: str) -> int | None:
    """The id of the person with this normalised identity number, or None."""
    return Person.objects.filter(personal_identity_number=number).values_list("pk", flat=True).first()


def person_log_extract(person: Person) -> QuerySet[AuditEvent]:
    """Every logged access to or change of the person's data, oldest first (PDL 8 kap. 5 §)."""
    return AuditEvent.objects.filter(person_id=person.pk).order_by("at", "id")


@cache
def _model_verbose_name(label: str):
    """The model's lazy verbose name (translated when shown), or None for a label no model has."""
    try:
        return apps.get_model(label)._meta.verbose_name
    except (LookupError, ValueError):
        return None


def object_type_label(label: str) -> str:
    """'people.person' as the model's own name ('Person'), in the active language."""
    if not label:
        return ""
    if label == LOG_REVIEW_OBJECT_TYPE:
        return _("Loggen")
    name = _model_verbose_name(label)
    return capfirst(str(name)) if name is not None else label


def person_display(event: AuditEvent) -> str:
    """The person concerned as a list may show them: protected identities hidden."""
    if event.person_id is None:
        return ""
    if event.person_number is None:
        return _("(borttagen person)")
    if event.person_protected:
        return _("Skyddad identitet")
    return f"{event.person_first_name} {event.person_last_name}"
