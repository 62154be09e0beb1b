"""Plan fixtures: held meetings made directly on the model (the meetings services are not needed here), and a
plan in each state: draft, filled draft (goals, sub-goal, one intervention each by the school and BUP, lead,
contact person) and approved by both principals and the individual."""

import datetime

import pytest

from samordna.common import clock
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus
from samordna.plans import services
from samordna.plans.models import AgreementKind, PlanVersion
from tests.conftest import TODAY


@pytest.fixture
def make_meeting(consented_case, convener, school_unit):
    """A meeting in the consented case, held `days_ago` days ago unless another status is asked for."""

    def make(*, kind=MeetingKind.SIP, status=MeetingStatus.HELD, case=None, days_ago=1) -> Meeting:
        starts_at = clock.now() - datetime.timedelta(days=days_ago)
        return Meeting.objects.create(
            case=case or consented_case,
            kind=kind,
            status=status,
            starts_at=starts_at,
            place="Testskolan, rum 12",
            purpose="Planera stödet tillsammans.",
            organiser=convener,
            organiser_unit=school_unit,
            pre_meeting_consented=kind == MeetingKind.PRE_MEETING,
            sent_at=None if status == MeetingStatus.DRAFT else starts_at - datetime.timedelta(days=10),
            held_at=starts_at if status == MeetingStatus.HELD else None,
            withdrawn_at=starts_at if status == MeetingStatus.WITHDRAWN else None,
        )

    return make


@pytest.fixture
def sip_meeting(make_meeting) -> Meeting:
    return make_meeting()


@pytest.fixture
def follow_up_meeting(make_meeting) -> Meeting:
    return make_meeting(kind=MeetingKind.FOLLOW_UP, days_ago=0)


@pytest.fixture
def draft(consented_case, convener, sip_meeting) -> PlanVersion:
    return services.plan_version_create(
        case=consented_case,
        by=convener,
        meeting=sip_meeting,
        individual_wishes="Jag vill ha en kompis i klassen.",
        long_term_goal="Att gå i skolan varje dag.",
        own_contribution="Gå och lägga mig före elva.",
        relatives_contribution="Mormor skjutsar på måndagar.",
    )


@pytest.fixture
def filled(draft, convener, actor_staff, school_unit, bup_unit) -> PlanVersion:
    goal = services.goal_add(version=draft, by=convener, text="Vara i skolan fyra dagar i veckan.")
    services.goal_add(version=draft, by=convener, text="Komma i tid till första lektionen.", parent=goal)
    services.goal_add(version=draft, by=convener, text="Må bättre på kvällarna.")
    services.intervention_add(
        version=draft,
        by=convener,
        what="Anpassad studiegång med kortare dagar",
        unit=school_unit,
        goal=goal,
        start_on=TODAY,
        frequency="Varje skoldag",
        place="Testskolan",
    )
    services.intervention_add(
        version=draft,
        by=convener,
        what="Samtalsstöd hos kurator på BUP",
        unit=bup_unit,
        frequency="Varannan vecka",
        place="BUP Test",
        pending_decision=True,
        meanwhile="Telefonkontakt varje vecka.",
    )
    services.plan_set_lead(version=draft, by=convener, lead=convener, lead_unit=school_unit)
    services.contact_person_set(version=draft, by=convener, unit=bup_unit, user=actor_staff, phone="021-17 30 00")
    draft.refresh_from_db()
    return draft


@pytest.fixture
def approved(filled, convener, actor_staff, municipality, region) -> PlanVersion:
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    services.plan_approve_part(version=filled, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=filled, by=convener, how=AgreementKind.ORAL, agreed_on=TODAY)
    filled.refresh_from_db()
    return filled


@pytest.fixture
def revised(approved, convener, follow_up_meeting) -> PlanVersion:
    """Version 2, a draft started from the approved version at a held follow-up."""
    return services.plan_revise(version=approved, by=convener, meeting=follow_up_meeting)
