"""Reads for the pages above the meetings app: the case's meetings and the invitations awaiting an answer."""

import datetime

import pytest

from samordna.common import clock
from samordna.meetings import services
from samordna.meetings.models import Answer
from samordna.meetings.selectors import (
    invitations_awaiting_answer,
    invitations_overdue,
    meetings_for_case,
)
from samordna.organizations.models import Role
from tests.conftest import TODAY, make_user
from tests.meetings.conftest import MEETING_AT, propose

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_meetings_for_case_lists_them_by_time_with_their_invitations(
    consented_case, convener, bup_unit, sent_meeting, django_assert_num_queries
):
    later = propose(consented_case, convener, starts_at=MEETING_AT + 7 * DAY, kind="follow_up")
    with django_assert_num_queries(2):
        meetings = list(meetings_for_case(consented_case))
        assert meetings == [sent_meeting, later]
        assert [inv.unit for inv in meetings[0].invitations.all()] == [bup_unit]
        assert meetings[0].organiser_unit.name == "Testskolan elevhälsa"


def test_invitations_awaiting_answer_are_those_to_my_units(sent_meeting, actor_staff, convener, outsider):
    [invitation] = invitations_awaiting_answer(actor_staff)
    assert invitation.meeting == sent_meeting
    assert list(invitations_awaiting_answer(convener)) == []
    assert list(invitations_awaiting_answer(outsider)) == []


def test_an_answered_invitation_no_longer_awaits(sent_meeting, bup_invitation, actor_staff):
    services.invitation_answer(invitation=bup_invitation, by=actor_staff, answer=Answer.ACCEPT, attendees=[actor_staff])
    assert list(invitations_awaiting_answer(actor_staff)) == []


def test_a_draft_awaits_nothing(draft_meeting, actor_staff):
    assert list(invitations_awaiting_answer(actor_staff)) == []


def test_a_withdrawn_meeting_awaits_nothing(sent_meeting, actor_staff, convener):
    services.meeting_withdraw(meeting=sent_meeting, by=convener)
    assert list(invitations_awaiting_answer(actor_staff)) == []


def test_awaiting_invitations_cost_the_same_queries_however_many(sent_meeting, actor_staff, django_assert_num_queries):
    """One query for the user's units, one for the rows with their meeting, case and person."""
    with django_assert_num_queries(2):
        rows = list(invitations_awaiting_answer(actor_staff))
        assert rows[0].meeting.case.person.first_name == "Tolvan"
        assert rows[0].unit.name == "BUP Test"


def test_overdue_invitations_show_for_the_convener_and_the_invited_units_manager(
    sent_meeting, bup_unit, convener, actor_staff, outsider
):
    bup_manager = make_user(bup_unit, Role.MANAGER)
    assert list(invitations_overdue(convener)) == []
    with clock.frozen_clock(TODAY + 2 * DAY):
        for user in (convener, actor_staff, bup_manager):
            assert [inv.unit for inv in invitations_overdue(user)] == [bup_unit], user
        assert list(invitations_overdue(outsider)) == []
