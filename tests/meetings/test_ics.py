"""The calendar file: one event per meeting, UID kept and SEQUENCE raised when it moves, CANCEL when it is
withdrawn, and no personal data in it. Each file is parsed back with icalendar."""

import datetime

import pytest
from icalendar import Calendar

from samordna.meetings import services
from samordna.meetings.ics import meeting_ics
from samordna.meetings.models import MeetingForm
from tests.meetings.conftest import MEETING_AT, propose

pytestmark = pytest.mark.django_db


def parse(meeting):
    meeting.refresh_from_db()
    calendar = Calendar.from_ical(meeting_ics(meeting))
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_event_carries_uid_sequence_and_utc_times(sent_meeting):
    calendar, event = parse(sent_meeting)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{sent_meeting.ical_uid}@samordna"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == MEETING_AT.astimezone(datetime.UTC)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == (MEETING_AT + datetime.timedelta(minutes=90)).astimezone(datetime.UTC)
    assert str(event["SUMMARY"]) == f"SIP-möte {sent_meeting.case.reference}"
    assert str(event["LOCATION"]) == "Testskolan, konferensrum 2"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence(sent_meeting, convener):
    _, before = parse(sent_meeting)
    new_time = MEETING_AT + datetime.timedelta(days=1, hours=1)
    services.meeting_move(meeting=sent_meeting, by=convener, starts_at=new_time)
    _, after = parse(sent_meeting)
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == new_time.astimezone(datetime.UTC)
    services.meeting_move(meeting=sent_meeting, by=convener, starts_at=new_time, place="BUP")
    _, again = parse(sent_meeting)
    assert again["SEQUENCE"] == before["SEQUENCE"] + 2


def test_a_withdrawn_meeting_is_a_cancel(sent_meeting, convener):
    _, before = parse(sent_meeting)
    services.meeting_withdraw(meeting=sent_meeting, by=convener, reason="Sjuk")
    calendar, event = parse(sent_meeting)
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == before["UID"]
    assert event["SEQUENCE"] > before["SEQUENCE"]


def test_the_calendar_file_holds_no_personal_data(sent_meeting):
    """Calendars sync to phones and mail servers: no name, no identity number, no purpose."""
    person = sent_meeting.case.person
    text = meeting_ics(sent_meeting).decode()
    for secret in (
        person.first_name,
        person.last_name,
        person.personal_identity_number,
        person.formatted_identity_number,
        person.personal_identity_number[2:8],
        sent_meeting.purpose,
    ):
        assert secret not in text, secret


def test_a_digital_meeting_gives_link_as_url_and_location(consented_case, convener):
    meeting = propose(consented_case, convener, form=MeetingForm.DIGITAL, digital_link="https://mote.example.org/abc")
    _, event = parse(meeting)
    assert str(event["URL"]) == "https://mote.example.org/abc"
    assert str(event["LOCATION"]) == "https://mote.example.org/abc"


def test_a_phone_meeting_gives_the_number_as_location(consented_case, convener):
    meeting = propose(consented_case, convener, form=MeetingForm.PHONE, phone_details="08-123 456, kod 99")
    _, event = parse(meeting)
    assert str(event["LOCATION"]) == "Telefonmöte: 08-123 456, kod 99"
    assert "URL" not in event


def test_the_summary_names_a_follow_up_and_a_pre_meeting(consented_case, convener):
    follow_up = propose(consented_case, convener, kind="follow_up")
    pre = propose(consented_case, convener, kind="pre_meeting", pre_meeting_consented=True)
    assert str(parse(follow_up)[1]["SUMMARY"]).startswith("Uppföljningsmöte SIP SIP-")
    assert str(parse(pre)[1]["SUMMARY"]).startswith("Förmöte SIP SIP-")
