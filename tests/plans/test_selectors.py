"""The selectors other apps read: the current and approved version, the version made at a meeting, and the
events waiting for the lead."""

import pytest

from samordna.cases.models import CloseReason
from samordna.plans import services
from samordna.plans.selectors import (
    approved_version,
    current_version,
    unseen_events_for_lead,
    version_for_meeting,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_no_version_before_the_plan(consented_case):
    assert current_version(consented_case) is None
    assert approved_version(consented_case) is None


def test_current_and_approved_version_through_the_process(consented_case, filled, approved, revised):
    """While a follow-up's new version awaits approval, the old one is superseded: there is no approved version."""
    assert current_version(consented_case) == revised
    assert approved_version(consented_case) is None


def test_the_approved_version_is_current(consented_case, approved):
    assert current_version(consented_case) == approved == approved_version(consented_case)


def test_version_made_at_a_meeting(draft, sip_meeting, make_meeting):
    assert version_for_meeting(sip_meeting) == draft
    assert version_for_meeting(make_meeting(days_ago=0)) is None


def test_unseen_events_reach_the_lead_and_the_lead_unit(approved, consented_case, convener, actor_staff, school_unit):
    event = services.plan_event_report(case=consented_case, by=actor_staff, text="Något hände.")
    colleague = make_user(school_unit)
    assert list(unseen_events_for_lead(convener)) == [event]
    assert list(unseen_events_for_lead(colleague)) == [event]
    assert list(unseen_events_for_lead(actor_staff)) == []
    services.plan_events_mark_seen(case=consented_case, by=convener)
    assert list(unseen_events_for_lead(convener)) == []


def test_events_of_a_closed_case_are_not_waiting(approved, consented_case, convener, actor_staff, follow_up_meeting):
    services.plan_event_report(case=consented_case, by=actor_staff, text="Något hände.")
    services.plan_close_case(case=consented_case, by=convener, reason=CloseReason.GOALS_MET, note="Ring oss.")
    assert list(unseen_events_for_lead(convener)) == []
