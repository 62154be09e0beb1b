"""The meeting as an iCalendar file (RFC 5545) for the participants' calendars.

A calendar file leaves Samordna's protection (it is synced to phones and mail servers), so it carries no
personal data: the summary names the kind of meeting and the case number only, never the person, and the
purpose, questions and participants stay in Samordna. A moved meeting keeps its UID with a higher
SEQUENCE, so calendars update the event; a withdrawn one is sent with METHOD:CANCEL.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from samordna.common import clock
from samordna.meetings.models import Meeting, MeetingForm, MeetingKind

PRODUCT_ID = "-//Samordna//SIP//SV"
SUMMARY_LABELS = {
    MeetingKind.SIP: gettext_lazy("SIP-möte"),
    MeetingKind.FOLLOW_UP: gettext_lazy("Uppföljningsmöte SIP"),
    MeetingKind.PRE_MEETING: gettext_lazy("Förmöte SIP"),
}


def meeting_ics(meeting: Meeting) -> bytes:
    """The calendar file for `meeting`: METHOD:REQUEST, or METHOD:CANCEL once the meeting is withdrawn."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.is_withdrawn else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.ical_uid}@samordna")
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", clock.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{SUMMARY_LABELS[meeting.kind]} {meeting.case.reference}")
    event.add("location", _location(meeting))
    event.add(
        "description",
        _("Syfte, frågeställningar och deltagare finns i Samordna under ärende %(reference)s.")
        % {"reference": meeting.case.reference},
    )
    if meeting.form == MeetingForm.DIGITAL and meeting.digital_link:
        event.add("url", meeting.digital_link)
    event.add("status", "CANCELLED" if meeting.is_withdrawn else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def _location(meeting: Meeting) -> str:
    if meeting.form == MeetingForm.DIGITAL:
        return meeting.digital_link
    if meeting.form == MeetingForm.PHONE:
        return _("Telefonmöte: %(details)s") % {"details": meeting.phone_details}
    return meeting.place
