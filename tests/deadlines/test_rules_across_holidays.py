"""Each deadline rule of the routine profile, on Swedish working days across Easter, Midsummer, Christmas and
New Year, with who must act and when it becomes something to act on. The clock is fixed, never slept on."""

import datetime
import zoneinfo

import pytest

from samordna.cases import services as case_services
from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.deadlines.rules import (
    FOLLOW_UP_NOTICE_DAYS,
    DeadlineAction,
    case_deadlines,
    plan_documentation_due,
)
from samordna.deadlines.selectors import with_deadline_data
from samordna.meetings.models import Invitation, InvitationStatus, Meeting, MeetingStatus
from samordna.meetings.services.rules import invitation_answer_due
from samordna.organizations.models import Sector, Unit
from samordna.plans import services as plan_services
from tests.conftest import TODAY, make_user
from tests.factories import sent_meeting

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def loaded(case) -> CoordinationCase:
    return with_deadline_data(CoordinationCase.objects.filter(pk=case.pk)).get()


def deadlines_by_kind(case) -> dict:
    result = {}
    for deadline in case_deadlines(loaded(case)):
        result.setdefault(deadline.kind, []).append(deadline)
    return result


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (datetime.date(2027, 3, 25), datetime.date(2027, 3, 30)),  # Maundy Thursday -> Tuesday after Easter Monday
        (datetime.date(2027, 6, 24), datetime.date(2027, 6, 28)),  # Thursday -> Midsummer Eve skipped -> Monday
        (datetime.date(2026, 12, 23), datetime.date(2026, 12, 28)),  # Christmas Eve and Christmas Day skipped
        (datetime.date(2026, 12, 30), datetime.date(2027, 1, 4)),  # New Year's Eve and Day skipped
        (datetime.date(2026, 11, 27), datetime.date(2026, 11, 30)),  # Friday -> Monday
    ],
)
def test_invitation_is_answered_one_working_day_after_it_was_received(
    consented_case, convener, school_unit, bup_unit, received_on, due_on
):
    """The invited unit answers within one working day of receipt; the deadline names BUP as who must act."""
    meeting = Meeting.objects.create(
        case=consented_case,
        status=MeetingStatus.SENT,
        starts_at=at(received_on + datetime.timedelta(days=14)),
        place="Skolan",
        purpose="Planera.",
        organiser=convener,
        organiser_unit=school_unit,
        sent_at=at(received_on),
    )
    Invitation.objects.create(
        meeting=meeting,
        unit=bup_unit,
        status=InvitationStatus.SENT,
        received_at=at(received_on),
        answer_due_on=invitation_answer_due(consented_case, at(received_on)),
    )
    (answer,) = deadlines_by_kind(consented_case)["invitation_answer"]
    assert answer.due_on == due_on
    assert answer.action == DeadlineAction.ANSWER_INVITATION
    assert answer.unit_ids == {bup_unit.pk}
    assert answer.meeting == meeting


def test_an_invitation_answer_is_overdue_the_day_after_its_due_working_day(consented_case, convener, school_unit):
    bup_unit = Unit.objects.get(name="BUP Test")
    received = datetime.date(2026, 12, 23)
    with clock.frozen_clock(at(received)):
        meeting = Meeting.objects.create(
            case=consented_case,
            status=MeetingStatus.SENT,
            starts_at=at(datetime.date(2027, 1, 12)),
            place="Skolan",
            purpose="Planera.",
            organiser=convener,
            organiser_unit=school_unit,
            sent_at=clock.now(),
        )
        Invitation.objects.create(
            meeting=meeting,
            unit=bup_unit,
            received_at=clock.now(),
            answer_due_on=invitation_answer_due(consented_case, clock.now()),
        )
    with clock.frozen_clock(datetime.date(2026, 12, 28)):
        assert not deadlines_by_kind(consented_case)["invitation_answer"][0].is_overdue
    with clock.frozen_clock(datetime.date(2026, 12, 29)):
        assert deadlines_by_kind(consented_case)["invitation_answer"][0].is_overdue


@pytest.mark.parametrize(
    ("noticed_on", "due_on"),
    [
        (datetime.date(2026, 12, 10), datetime.date(2026, 12, 31)),  # three weeks, New Year's Eve or not
        (datetime.date(2027, 3, 8), datetime.date(2027, 3, 29)),  # Easter Monday: calendar days, as the routine
        (datetime.date(2027, 6, 4), datetime.date(2027, 6, 25)),  # Midsummer Eve
    ],
)
def test_meeting_is_due_three_weeks_after_the_need_was_noticed(case, noticed_on, due_on):
    """Västmanland: 'inom tre veckor' counts calendar days from the day the need was noticed; the convener's
    unit must call the meeting."""
    CoordinationCase.objects.filter(pk=case.pk).update(need_noticed_on=noticed_on)
    (meeting_within,) = deadlines_by_kind(case)["meeting_within"]
    assert meeting_within.due_on == due_on
    assert meeting_within.action == DeadlineAction.CALL_MEETING
    assert meeting_within.unit_ids == {case.convener_unit_id}


def test_meeting_within_follows_the_routine_profile(case, profile):
    profile.meeting_within_days = 14
    profile.save()
    assert deadlines_by_kind(case)["meeting_within"][0].due_on == case.need_noticed_on + datetime.timedelta(days=14)


@pytest.mark.parametrize(
    ("held_on", "due_on"),
    [
        (datetime.date(2027, 3, 24), datetime.date(2027, 3, 30)),  # Easter
        (datetime.date(2027, 6, 23), datetime.date(2027, 6, 28)),  # Midsummer Eve
        (datetime.date(2026, 12, 23), datetime.date(2026, 12, 29)),  # Christmas
        (datetime.date(2026, 12, 30), datetime.date(2027, 1, 5)),  # New Year
    ],
)
def test_plan_is_documented_two_working_days_after_the_held_meeting(
    consented_case, convener, school_unit, held_on, due_on
):
    meeting = Meeting.objects.create(
        case=consented_case,
        status=MeetingStatus.HELD,
        starts_at=at(held_on),
        held_at=at(held_on),
        sent_at=at(held_on - datetime.timedelta(days=7)),
        place="Skolan",
        purpose="Planera.",
        organiser=convener,
        organiser_unit=school_unit,
    )
    assert plan_documentation_due(consented_case, meeting) == due_on
    (documentation,) = deadlines_by_kind(consented_case)["plan_documentation"]
    assert (documentation.due_on, documentation.action) == (due_on, DeadlineAction.DOCUMENT_PLAN)
    assert documentation.unit_ids == {school_unit.pk}


def test_plan_documentation_follows_the_routine_profile(consented_case, convener, school_unit, profile):
    profile.plan_documentation_working_days = 5
    profile.save()
    held_on = datetime.date(2027, 3, 24)  # Wednesday before Easter: Thu, Tue, Wed, Thu, Fri after it
    Meeting.objects.create(
        case=consented_case,
        status=MeetingStatus.HELD,
        starts_at=at(held_on),
        held_at=at(held_on),
        sent_at=at(held_on),
        place="Skolan",
        purpose="Planera.",
        organiser=convener,
        organiser_unit=school_unit,
    )
    assert deadlines_by_kind(consented_case)["plan_documentation"][0].due_on == datetime.date(2027, 4, 2)


@pytest.mark.parametrize(
    ("notice_on", "due_on"),
    [
        (datetime.date(2027, 3, 25), datetime.date(2027, 3, 28)),  # over Easter: the law counts calendar days
        (datetime.date(2026, 12, 22), datetime.date(2026, 12, 25)),  # Christmas Day
    ],
)
def test_discharge_invitation_is_due_three_days_after_the_notice(adult, region, profile, notice_on, due_on):
    ward = Unit.objects.create(principal=region, name="Avd 7", sector=Sector.HEALTH_CARE, is_inpatient_ward=True)
    centre = Unit.objects.create(principal=region, name="Vårdcentralen Väst", sector=Sector.HEALTH_CARE)
    contact = make_user(centre)
    with clock.frozen_clock(at(notice_on, 14)):
        case = case_services.case_start(
            by=contact,
            person=adult,
            unit=centre,
            initiator_kind="regional_health_care",
            need_noticed_on=notice_on,
            discharge_ward=ward,
            discharge_sent_at=clock.now(),
            expected_discharge_on=notice_on + datetime.timedelta(days=2),
        )
        (discharge,) = deadlines_by_kind(case)["discharge_invitation"]
    assert (discharge.due_on, discharge.action, discharge.unit_ids) == (
        due_on,
        DeadlineAction.CALL_MEETING,
        {centre.pk},
    )


def test_consent_expiring_within_thirty_days_asks_the_convener_to_renew_it(consented_case):
    consent = consented_case.consents.get(status="active")
    with clock.frozen_clock(consent.valid_to - datetime.timedelta(days=30)):
        (expiry,) = deadlines_by_kind(consented_case)["consent_expiry"]
        assert expiry.action == DeadlineAction.RENEW_CONSENT
        assert expiry.unit_ids == {consented_case.convener_unit_id}
        assert expiry.is_current and expiry.is_approaching
    with clock.frozen_clock(consent.valid_to + datetime.timedelta(days=1)):
        # The day after the last valid day the consent has run out; the deadline shows as passed.
        (expiry,) = deadlines_by_kind(consented_case)["consent_expiry"]
        assert expiry.is_overdue


def test_every_principal_with_interventions_must_approve_its_part(filled, sip_meeting, municipality, region):
    """The school's and BUP's principals each sign off by the day the plan must be documented."""
    case = filled.plan.case
    approvals = deadlines_by_kind(case)["plan_approval"]
    assert {deadline.principal_id for deadline in approvals} == {municipality.pk, region.pk}
    bup = Unit.objects.get(name="BUP Test")
    by_principal = {deadline.principal_id: deadline for deadline in approvals}
    assert by_principal[region.pk].unit_ids == {bup.pk}
    assert by_principal[municipality.pk].unit_ids == {case.convener_unit_id}
    assert all(deadline.due_on == plan_documentation_due(case, sip_meeting) for deadline in approvals)
    assert all(deadline.action == DeadlineAction.APPROVE_PLAN for deadline in approvals)


def test_a_principal_that_approved_has_no_approval_deadline(filled, convener, municipality, region):
    plan_services.plan_approve_part(version=filled, by=convener, principal=municipality)
    approvals = deadlines_by_kind(filled.plan.case)["plan_approval"]
    assert [deadline.principal_id for deadline in approvals] == [region.pk]


def test_an_approved_plan_has_no_approval_deadlines(approved):
    assert "plan_approval" not in deadlines_by_kind(approved.plan.case)


@pytest.mark.parametrize(
    "follow_up_on",
    [datetime.date(2027, 4, 1), datetime.date(2027, 6, 25), datetime.date(2026, 12, 24), datetime.date(2027, 1, 1)],
)
def test_follow_up_is_approaching_in_the_last_two_weeks_and_passed_after_the_date(approved, follow_up_on):
    """The lead's unit prepares the follow-up; it is on the overview from two weeks before, overdue after."""
    from samordna.plans.models import PlanVersion

    PlanVersion._base_manager.filter(pk=approved.pk).update(follow_up_on=follow_up_on)
    case = approved.plan.case
    with clock.frozen_clock(follow_up_on - datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS + 1)):
        (follow_up,) = deadlines_by_kind(case)["follow_up"]
        assert not follow_up.is_current
    with clock.frozen_clock(follow_up_on - datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS)):
        (follow_up,) = deadlines_by_kind(case)["follow_up"]
        assert follow_up.is_approaching
        assert follow_up.action == DeadlineAction.PREPARE_FOLLOW_UP
        assert follow_up.unit_ids == {case.lead_unit_id or case.convener_unit_id}
    with clock.frozen_clock(follow_up_on):
        assert not deadlines_by_kind(case)["follow_up"][0].is_overdue
    with clock.frozen_clock(follow_up_on + datetime.timedelta(days=1)):
        (follow_up,) = deadlines_by_kind(case)["follow_up"]
        assert follow_up.is_overdue and not follow_up.is_approaching


@pytest.mark.parametrize("extra", [0, 20])
def test_deadlines_of_many_cases_cost_a_fixed_number_of_queries(
    consented_case, convener, school_unit, bup_unit, adult, extra, django_assert_num_queries
):
    for _index in range(extra):
        case = case_services.case_start(
            by=convener, person=adult, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
        )
        Meeting.objects.create(
            case=case,
            status=MeetingStatus.DRAFT,
            starts_at=clock.now(),
            place="Skolan",
            purpose="P",
            organiser=convener,
            organiser_unit=school_unit,
        )
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    cases = with_deadline_data(CoordinationCase.objects.all())
    with django_assert_num_queries(DEADLINE_DATA_QUERIES):
        for case in cases:
            case_deadlines(case)


DEADLINE_DATA_QUERIES = 5  # cases (with profile, notice, plan, units), consents, actors, meetings, invitations
