"""The deadlines a case has, step by step, computed from the routine profile on Swedish working days."""

import datetime
import zoneinfo

import pytest

from samordna.cases import services as case_services
from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.deadlines.rules import case_deadlines, plan_documentation_due
from samordna.deadlines.selectors import with_deadline_data
from samordna.meetings.models import InvitationStatus, Meeting, MeetingKind, MeetingStatus
from samordna.organizations.models import Sector, Unit
from samordna.plans import services as plan_services
from tests.conftest import TODAY, make_user
from tests.factories import sent_meeting

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def deadlines_of(case) -> dict[str, datetime.date]:
    loaded = with_deadline_data(CoordinationCase.objects.filter(pk=case.pk)).get()
    return {deadline.kind: deadline.due_on for deadline in case_deadlines(loaded)}


def held_meeting(case, *, convener, unit, on: datetime.date, kind=MeetingKind.SIP) -> Meeting:
    starts_at = datetime.datetime.combine(on, datetime.time(10), tzinfo=STOCKHOLM)
    return Meeting.objects.create(
        case=case,
        kind=kind,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        place="Skolan",
        purpose="Planera.",
        organiser=convener,
        organiser_unit=unit,
        sent_at=starts_at - datetime.timedelta(days=7),
        held_at=starts_at,
    )


def test_new_case_must_have_its_meeting_within_three_weeks_of_the_need(case):
    """Västmanland: the SIP meeting within 21 days of the date the need was noticed."""
    assert deadlines_of(case) == {"meeting_within": case.need_noticed_on + datetime.timedelta(days=21)}


def test_the_meeting_deadline_ends_when_the_sip_meeting_is_held(consented_case, convener, school_unit):
    held_meeting(consented_case, convener=convener, unit=school_unit, on=TODAY - datetime.timedelta(days=1))
    assert "meeting_within" not in deadlines_of(consented_case)


def test_unanswered_invitation_is_a_deadline_for_the_invited_unit(consented_case, convener, school_unit, bup_unit):
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    loaded = with_deadline_data(CoordinationCase.objects.filter(pk=consented_case.pk)).get()
    answer = next(d for d in case_deadlines(loaded) if d.kind == "invitation_answer")
    assert (answer.due_on, answer.unit_id) == (TODAY + datetime.timedelta(days=1), bup_unit.pk)
    assert "BUP Test" in answer.label


def test_an_answered_invitation_is_no_longer_a_deadline(consented_case, convener, school_unit, bup_unit):
    meeting = sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    meeting.invitations.update(status=InvitationStatus.ACCEPTED)
    assert "invitation_answer" not in deadlines_of(consented_case)


@pytest.mark.parametrize(
    ("held_on", "due_on"),
    [
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 25)),  # Monday -> Wednesday
        (datetime.date(2026, 11, 26), datetime.date(2026, 11, 30)),  # Thursday -> Monday
        (datetime.date(2027, 3, 24), datetime.date(2027, 3, 30)),  # before Easter -> Tuesday after Easter Monday
        (datetime.date(2026, 12, 23), datetime.date(2026, 12, 29)),  # Christmas Eve and the two holidays skipped
        (datetime.date(2027, 6, 23), datetime.date(2027, 6, 28)),  # Midsummer Eve skipped
    ],
)
def test_plan_is_documented_two_working_days_after_the_meeting(consented_case, convener, school_unit, held_on, due_on):
    """The routine: a documented plan within two working days, counted on Swedish working days."""
    meeting = held_meeting(consented_case, convener=convener, unit=school_unit, on=held_on)
    assert plan_documentation_due(consented_case, meeting) == due_on


def test_plan_documentation_deadline_ends_when_a_version_is_made(consented_case, convener, school_unit):
    meeting = held_meeting(consented_case, convener=convener, unit=school_unit, on=TODAY - datetime.timedelta(days=3))
    assert deadlines_of(consented_case)["plan_documentation"] == datetime.date(2026, 11, 24)  # Fri -> Tue
    plan_services.plan_version_create(case=consented_case, by=convener, meeting=meeting)
    assert "plan_documentation" not in deadlines_of(consented_case)


def test_an_overdue_plan_documentation_is_the_next_deadline_and_marked_overdue(consented_case, convener, school_unit):
    held_meeting(consented_case, convener=convener, unit=school_unit, on=TODAY - datetime.timedelta(days=7))
    loaded = with_deadline_data(CoordinationCase.objects.filter(pk=consented_case.pk)).get()
    deadline = case_deadlines(loaded)[0]
    assert deadline.kind == "plan_documentation"
    assert deadline.is_overdue


def test_consent_expiring_within_thirty_days_is_a_deadline(consented_case):
    consent = consented_case.consents.get(status="active")
    with clock.frozen_clock(consent.valid_to - datetime.timedelta(days=30)):
        assert deadlines_of(consented_case)["consent_expiry"] == consent.valid_to
    with clock.frozen_clock(consent.valid_to - datetime.timedelta(days=31)):
        assert "consent_expiry" not in deadlines_of(consented_case)


def test_discharge_invitation_is_due_three_days_after_the_notice_until_one_is_sent(adult, region, profile):
    ward = Unit.objects.create(principal=region, name="Avd 7", sector=Sector.HEALTH_CARE, is_inpatient_ward=True)
    centre = Unit.objects.create(principal=region, name="Vårdcentralen Väst", sector=Sector.HEALTH_CARE)
    contact = make_user(centre)
    case = case_services.case_start(
        by=contact,
        person=adult,
        unit=centre,
        initiator_kind="regional_health_care",
        need_noticed_on=TODAY,
        discharge_ward=ward,
        discharge_sent_at=clock.now(),
        expected_discharge_on=TODAY + datetime.timedelta(days=2),
    )
    assert deadlines_of(case)["discharge_invitation"] == TODAY + datetime.timedelta(days=3)
    Meeting.objects.create(
        case=case,
        starts_at=clock.now() + datetime.timedelta(days=2),
        place="Vårdcentralen",
        purpose="Utskrivning",
        organiser=contact,
        organiser_unit=centre,
        status=MeetingStatus.SENT,
        sent_at=clock.now(),
    )
    assert "discharge_invitation" not in deadlines_of(case)


def test_a_closed_case_has_no_deadlines(consented_case, convener):
    case_services.case_close(case=consented_case, by=convener, reason="goals_met", note="Klart.")
    assert deadlines_of(consented_case) == {}


def test_withdrawn_meeting_sets_no_deadlines(consented_case, convener, school_unit, bup_unit):
    meeting = sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.WITHDRAWN, withdrawn_at=clock.now())
    assert "invitation_answer" not in deadlines_of(consented_case)
