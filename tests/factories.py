"""Small builders for test data that must be valid: identity numbers with a correct check digit."""

import datetime

from samordna.common import clock
from samordna.meetings.models import Invitation, InvitationStatus, Meeting, MeetingKind, MeetingStatus


def luhn_check_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def identity_number(birth: datetime.date, serial: int, *, coordination: bool = False) -> str:
    """A valid 12-digit personnummer (or samordningsnummer: day + 60) for `birth` and a 3-digit serial."""
    day = birth.day + (60 if coordination else 0)
    short = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth:%Y}"[:2] + short + str(luhn_check_digit(short))


def sent_meeting(case, *, convener, school_unit, bup_unit):
    """A sent SIP meeting with an unanswered invitation to BUP, made on the models directly."""
    meeting = Meeting.objects.create(
        case=case,
        kind=MeetingKind.SIP,
        status=MeetingStatus.SENT,
        starts_at=clock.now() + datetime.timedelta(days=7),
        place="Skolan",
        purpose="Samordna stödet.",
        organiser=convener,
        organiser_unit=school_unit,
        sent_at=clock.now(),
    )
    Invitation.objects.create(
        meeting=meeting,
        unit=bup_unit,
        status=InvitationStatus.SENT,
        received_at=clock.now(),
        answer_due_on=clock.today() + datetime.timedelta(days=1),
    )
    return meeting
