"""Query plans on PostgreSQL: which of a page's queries read a whole table.

A fixed number of queries can still each scan the county. The tests fill the county with a few thousand other
cases, ANALYZE so the planner knows their size, and ask EXPLAIN about every SELECT a page sent: a sequential
scan (or an index scan without a condition) of a table that grows with the county (cases, actors, consents,
meetings, plans, the audit log) is a bug even when the page is fast on the test data.
"""

import datetime
import json

from django.db import connection

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import (
    CaseActor,
    Consent,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    CoordinationCase,
    InitiatorKind,
    Step,
)
from samordna.common import clock
from samordna.deadlines.store import deadlines_mark_open_cases, deadlines_refresh
from samordna.meetings.models import Invitation, InvitationStatus, Meeting, MeetingKind, MeetingStatus
from samordna.people.models import Person
from samordna.plans.models import Plan
from tests.factories import identity_number

# A table with fewer rows than this is read whole by any sensible planner.
MANY_ROWS = 1000
# Tables that grow with the county; the small ones (units, principals, profiles, a user's memberships) may be
# read whole.
COUNTY_TABLES = {
    "cases_coordinationcase",
    "cases_caseactor",
    "cases_consent",
    "cases_consent_units",
    "cases_casestep",
    "people_person",
    "meetings_meeting",
    "meetings_invitation",
    "plans_plan",
    "plans_planversion",
    "plans_intervention",
    "plans_goal",
    "audit_auditevent",
    "deadlines_storeddeadline",
    "notifications_notification",
    "messaging_message",
    "messaging_thread",
}


def fill_county(*, units, convener, profile, cases: int = 3000, events_per_case: int = 5) -> None:
    """`cases` open cases convened by `units` in turn, each with a consent covering its unit, an actor row, a sent
    meeting with an invitation, a plan and a few audit events, written in bulk; their stored deadlines worked
    out; then ANALYZE."""
    today, moment = clock.today(), clock.now()
    persons = Person.objects.bulk_create(
        Person(
            personal_identity_number=identity_number(datetime.date(1940, 1, 1) + datetime.timedelta(days=n), 700),
            first_name="Fyll",
            last_name=f"Nummer{n}",
        )
        for n in range(cases)
    )
    county = CoordinationCase.objects.bulk_create(
        CoordinationCase(
            person=person,
            routine_profile=profile,
            status=Step.PREPARATION,
            initiator_kind=InitiatorKind.SCHOOL,
            need_noticed_on=today,
            convener=convener,
            convener_unit=units[n % len(units)],
        )
        for n, person in enumerate(persons)
    )
    CaseActor.objects.bulk_create(CaseActor(case=case, unit=case.convener_unit, joined_at=moment) for case in county)
    consents = Consent.objects.bulk_create(
        Consent(
            case=case,
            decision=ConsentDecision.GIVEN,
            given_by=ConsentGiver.INDIVIDUAL,
            form=ConsentForm.ORAL,
            valid_from=today,
            valid_to=today + datetime.timedelta(days=365),
            recorded_by=convener,
        )
        for case in county
    )
    Consent.units.through.objects.bulk_create(
        Consent.units.through(consent=consent, unit=case.convener_unit)
        for consent, case in zip(consents, county, strict=True)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            case=case,
            kind=MeetingKind.SIP,
            status=MeetingStatus.SENT,
            starts_at=moment + datetime.timedelta(days=7),
            place="Skolan",
            purpose="Samordna stödet.",
            organiser=convener,
            organiser_unit=case.convener_unit,
            sent_at=moment,
        )
        for case in county
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            unit=case.convener_unit,
            status=InvitationStatus.SENT,
            received_at=moment,
            answer_due_on=today + datetime.timedelta(days=1),
        )
        for meeting, case in zip(meetings, county, strict=True)
    )
    Plan.objects.bulk_create(Plan(case=case) for case in county)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=moment - datetime.timedelta(hours=n),
            user=convener,
            username=convener.username,
            action=AuditAction.READ,
            object_type="cases.coordinationcase",
            object_id=str(case.pk),
            person_id=case.person_id,
        )
        for case in county
        for n in range(events_per_case)
    )
    deadlines_mark_open_cases()
    deadlines_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _scanned_tables(plan: dict) -> set[str]:
    """Tables read whole: a sequential scan, or an index scan with no condition (reading a table in index order,
    filtering every row, as ORDER BY created_at over the county would)."""
    full = plan.get("Node Type") == "Seq Scan" or (
        plan.get("Node Type") in ("Index Scan", "Index Only Scan") and "Index Cond" not in plan
    )
    tables = {plan["Relation Name"]} if full else set()
    for child in plan.get("Plans", []):
        tables |= _scanned_tables(child)
    return tables


def county_scans(captured_queries) -> dict[str, set[str]]:
    """For each SELECT that reads a county table of many rows in full, the tables it scans."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE reltuples >= %s", [MANY_ROWS])
        big_tables = {name for (name,) in cursor.fetchall()} & COUNTY_TABLES
        for query in captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            document = cursor.fetchone()[0]
            document = json.loads(document) if isinstance(document, str) else document
            scanned = _scanned_tables(document[0]["Plan"]) & big_tables
            if scanned:
                found[sql[:300]] = scanned
    return found
