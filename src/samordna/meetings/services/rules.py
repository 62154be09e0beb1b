"""Rules a meeting follows: when an invitation must be answered, which KVÅ code it gets, who is summoned."""

import datetime

from django.utils import timezone

from samordna.cases.models import CoordinationCase
from samordna.common.calendar import add_working_days
from samordna.meetings.models import (
    Meeting,
    MeetingKind,
    ProcedureCode,
)
from samordna.organizations.models import PrincipalKind, Unit


def invitation_answer_due(case: CoordinationCase, received_at: datetime.datetime) -> datetime.date:
    """The day an invitation received at `received_at` must be answered: N working days (routine profile)
    after the day it was received in Sweden. In a discharge case the answer is due no later than N calendar
    days after the discharge-ready notice (lag 2017:612), but never before the day it was received."""
    received_on = timezone.localdate(received_at)
    due = add_working_days(received_on, case.routine_profile.invitation_answer_working_days)
    notice = getattr(case, "discharge_notice", None)
    if notice is not None:
        due = max(min(due, notice.invitation_due_on), received_on)
    return due


def default_procedure_code(meeting: Meeting) -> str:
    """The KVÅ code a meeting gets unless the region's unit changes it: AU125 for the SIP meeting of a
    discharge case, AW010 for a follow-up, AU124 for a SIP meeting, none for a pre-meeting."""
    if meeting.kind == MeetingKind.PRE_MEETING:
        return ""
    if meeting.kind == MeetingKind.FOLLOW_UP:
        return ProcedureCode.FOLLOW_UP
    if getattr(meeting.case, "discharge_notice", None) is not None:
        return ProcedureCode.DISCHARGE
    return ProcedureCode.ESTABLISHED


def default_is_summoned(unit: Unit) -> bool:
    """Principals (kommun, region, skolhuvudman) are summoned and obliged to come; other actors are invited."""
    return unit.principal.kind != PrincipalKind.OTHER
