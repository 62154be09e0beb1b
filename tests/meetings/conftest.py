"""Fixtures for meetings: a proposed and a sent SIP meeting in the consented case, and a discharge case.

The shared personas and `consented_case` come from tests/conftest.py: the convener works at the school,
`actor_staff` at BUP (an actor in the case), `outsider` at a health centre of the same region that takes
no part in the case.
"""

import datetime
import zoneinfo

import pytest

from samordna.cases import services as case_services
from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.meetings import services
from samordna.meetings.models import MeetingForm, MeetingKind
from samordna.organizations.models import ContactRoute, Sector, Unit
from tests.conftest import TODAY, make_user

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PURPOSE = "Att Tolvan ska klara skolan och må bättre."


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment in Swedish time."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


MEETING_AT = at(datetime.date(2026, 12, 2), 13, 0)


def propose(case, by, **overrides):
    fields = {
        "kind": MeetingKind.SIP,
        "starts_at": MEETING_AT,
        "duration_minutes": 90,
        "form": MeetingForm.PHYSICAL,
        "place": "Testskolan, konferensrum 2",
        "purpose": PURPOSE,
        "questions": "Hur ser skoldagen ut? Vad kan BUP bidra med?",
    }
    fields.update(overrides)
    return services.meeting_propose(case=case, by=by, **fields)


def give_consent(case, by, units, **overrides):
    """A new consent (replacing the one in force) covering `units`."""
    fields = {
        "decision": ConsentDecision.GIVEN,
        "given_by": ConsentGiver.INDIVIDUAL,
        "form": ConsentForm.WRITTEN,
        "valid_from": TODAY,
        "units": units,
        "information_scope": "Det som behövs för planen.",
    }
    fields.update(overrides)
    return case_services.consent_record(case=case, by=by, **fields)


@pytest.fixture
def draft_meeting(consented_case, convener, bup_unit):
    """A proposed SIP meeting inviting BUP, with the individual taking part; not sent yet."""
    return propose(consented_case, convener, units=[bup_unit], include_individual=True)


@pytest.fixture
def sent_meeting(draft_meeting, convener):
    return services.meeting_send(meeting=draft_meeting, by=convener)


@pytest.fixture
def bup_invitation(sent_meeting, bup_unit):
    return sent_meeting.invitations.get(unit=bup_unit)


@pytest.fixture
def social_staff(social_unit):
    return make_user(social_unit, username="socialstaff")


@pytest.fixture
def bup_routes(bup_unit):
    return ContactRoute.objects.create(
        unit=bup_unit,
        label="Mottagningen",
        email="bup.test@example.org",
        phone="021-17 00 00",
        phone_hours="mån–fre 8.30–9.30",
        contact_person="Kim Kontakt",
    )


@pytest.fixture
def ward(region):
    return Unit.objects.create(principal=region, name="Avdelning 12", sector=Sector.HEALTH_CARE, is_inpatient_ward=True)


@pytest.fixture
def care_centre(region):
    return Unit.objects.create(principal=region, name="Vårdcentralen Centrum", sector=Sector.HEALTH_CARE)


@pytest.fixture
def care_contact(care_centre):
    return make_user(care_centre, username="carecontact")


def discharge_case(care_contact, care_centre, ward, person, units, *, notice_sent_at):
    case = case_services.case_start(
        by=care_contact,
        person=person,
        unit=care_centre,
        initiator_kind=InitiatorKind.REGIONAL_HEALTH_CARE,
        need_noticed_on=TODAY,
        discharge_ward=ward,
        discharge_sent_at=notice_sent_at,
        expected_discharge_on=TODAY + datetime.timedelta(days=3),
    )
    give_consent(case, care_contact, [care_centre, *units])
    return case
