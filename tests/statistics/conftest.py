"""A small fixed data set with known answers, made directly on the models (Monday 2026-11-23 is today).

All cases are convened by the school (Testkommun), all meetings called by the school; the invitations go to
the school too, so one unit scope sees every figure. Period: September to November 2026.

- Needs noticed: September 2 (c1, c2), October 2 (c3, c5), November 1 (c4).
- First SIP meeting: c1 after 10 days, c2 after 29, c3 after 14; c5 waits 49 days (over the 21-day limit),
  c4 only 3 (not judged yet). Median September 19.5, October 14, period 14; within the limit 1/2, 1/2, 2/4.
- KVÅ: AU124 September 1 (c1), October 2 (c2, c3); AW010 November 1 (c1's follow-up).
- Plans documented within 2 working days: c1 yes, c2 no (late), c3 none and overdue, c1's follow-up yes:
  September 1/1, October 0/2, November 1/1, period 2/4.
- Participation: present 2, part 1, not documented 1.
- Goal outcomes at c1's follow-up: achieved, improving, no change, and one goal only carried over: 2 of 3.
- Invitations to the school: September one in time and one late, October one unanswered past due, November one
  not yet due: 1/2, 0/1, period 1/3.
- Closed: c2 in November, goals met.
- SIP-kollen: 5 answers in November (overall 5, 4, 4, 3, 5), 2 in October.
"""

import datetime
import zoneinfo

import pytest

from samordna.cases.models import CloseReason, CoordinationCase, InitiatorKind, Step
from samordna.meetings.models import (
    IndividualParticipation,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProcedureCode,
)
from samordna.plans.models import Goal, GoalAchievement, Plan, PlanStatus, PlanVersion
from samordna.statistics.selectors import Period
from samordna.surveys.models import SurveyResponse

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PERIOD = Period(datetime.date(2026, 9, 1), datetime.date(2026, 11, 1))
SEP, OCT, NOV = PERIOD.months


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=STOCKHOLM)


class DataSet:
    def __init__(self, *, person, profile, unit, user):
        self.person, self.profile, self.unit, self.user = person, profile, unit, user

    def case(self, need_on: datetime.date, **fields) -> CoordinationCase:
        return CoordinationCase.objects.create(
            person=self.person,
            routine_profile=self.profile,
            initiator_kind=InitiatorKind.SCHOOL,
            need_noticed_on=need_on,
            convener=self.user,
            convener_unit=self.unit,
            **fields,
        )

    def meeting(self, case, when, *, kind=MeetingKind.SIP, code="", participation="") -> Meeting:
        return Meeting.objects.create(
            case=case,
            kind=kind,
            status=MeetingStatus.HELD,
            starts_at=when,
            held_at=when,
            sent_at=when - datetime.timedelta(days=7),
            place="Skolan",
            purpose="Stöd.",
            organiser=self.user,
            organiser_unit=self.unit,
            procedure_code=code,
            individual_participation=participation,
        )

    def version(self, meeting, created, *, number=1, replaces=None) -> PlanVersion:
        plan, _created = Plan.objects.get_or_create(case=meeting.case)
        return PlanVersion.objects.create(
            plan=plan, number=number, meeting=meeting, created_by=self.user, created_at=created, replaces=replaces
        )

    def invitation(self, meeting, due_on, *, answered_at=None) -> Invitation:
        return Invitation.objects.create(
            meeting=meeting,
            unit=self.unit,
            status=InvitationStatus.ACCEPTED if answered_at else InvitationStatus.SENT,
            received_at=datetime.datetime.combine(due_on, datetime.time(8), tzinfo=STOCKHOLM)
            - datetime.timedelta(days=1),
            answer_due_on=due_on,
            answered_at=answered_at,
        )


@pytest.fixture
def data_set(adult, profile, school_unit, convener):
    return DataSet(person=adult, profile=profile, unit=school_unit, user=convener)


@pytest.fixture
def fixed_data(data_set):
    d = data_set
    c1 = d.case(datetime.date(2026, 9, 1))
    c2 = d.case(datetime.date(2026, 9, 10))
    c3 = d.case(datetime.date(2026, 10, 1))
    d.case(datetime.date(2026, 11, 20))  # c4: 3 days, not judged yet
    d.case(datetime.date(2026, 10, 5))  # c5: 49 days without a meeting
    m1 = d.meeting(c1, at(2026, 9, 11), code=ProcedureCode.ESTABLISHED, participation=IndividualParticipation.PRESENT)
    m2 = d.meeting(c2, at(2026, 10, 9), code=ProcedureCode.ESTABLISHED, participation=IndividualParticipation.PART)
    m3 = d.meeting(c3, at(2026, 10, 15), code=ProcedureCode.ESTABLISHED, participation=IndividualParticipation.PRESENT)
    follow_up = d.meeting(c1, at(2026, 11, 20), kind=MeetingKind.FOLLOW_UP, code=ProcedureCode.FOLLOW_UP)
    v1 = d.version(m1, at(2026, 9, 14))  # due Tuesday 15 September: in time
    d.version(m2, at(2026, 10, 20))  # due Tuesday 13 October: late
    first = Goal.objects.create(version=v1, text="Gå i skolan")
    PlanVersion.objects.filter(pk=v1.pk).update(
        status=PlanStatus.SUPERSEDED, approved_at=at(2026, 9, 15), superseded_at=at(2026, 11, 21)
    )
    v2 = d.version(follow_up, at(2026, 11, 21), number=2, replaces=v1)  # due Tuesday 24 November: in time
    recorded = at(2026, 11, 20, 11)
    for index, code in enumerate((GoalAchievement.ACHIEVED, GoalAchievement.IMPROVING, GoalAchievement.NO_CHANGE)):
        Goal.objects.create(
            version=v2,
            text=f"Mål {index}",
            carried_from=first,
            achievement_status=code,
            achievement_recorded_at=recorded,
        )
    Goal.objects.create(version=v2, text="Bara överfört", carried_from=first)
    d.invitation(m1, datetime.date(2026, 9, 9), answered_at=at(2026, 9, 9, 15))
    d.invitation(m2, datetime.date(2026, 9, 9), answered_at=at(2026, 9, 10, 9))
    d.invitation(m3, datetime.date(2026, 10, 8))
    d.invitation(follow_up, datetime.date(2026, 11, 24))
    CoordinationCase.objects.filter(pk=c2.pk).update(
        status=Step.CLOSED, closed_at=at(2026, 11, 2), close_reason=CloseReason.GOALS_MET
    )
    for overall in (5, 4, 4, 3, 5):
        SurveyResponse.objects.create(
            county=d.profile, month=NOV, participation=4, listened_to=5, understood_plan=4, overall=overall
        )
    for overall in (1, 2):
        SurveyResponse.objects.create(
            county=d.profile, month=OCT, participation=1, listened_to=1, understood_plan=1, overall=overall
        )
    return d
