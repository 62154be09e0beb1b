import datetime

import pytest

from samordna.common import clock
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus


@pytest.fixture
def held_meeting(consented_case, convener, school_unit) -> Meeting:
    """A SIP meeting in the consented case, held yesterday."""
    starts_at = clock.now() - datetime.timedelta(days=1)
    return Meeting.objects.create(
        case=consented_case,
        kind=MeetingKind.SIP,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        place="Testskolan",
        purpose="Planera stödet.",
        organiser=convener,
        organiser_unit=school_unit,
        sent_at=starts_at - datetime.timedelta(days=10),
        held_at=starts_at,
    )
