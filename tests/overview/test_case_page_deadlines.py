"""The case page lists the case's deadlines from the stored rows, worked out again as soon as a change marks the
case: what it shows is what the rules say right after the change."""

import pytest

from samordna.cases.models import CoordinationCase
from samordna.deadlines.rules import case_deadlines
from samordna.deadlines.selectors import with_deadline_data
from tests.factories import sent_meeting

pytestmark = pytest.mark.django_db


def labels_by_the_rules(case) -> list[str]:
    loaded = with_deadline_data(CoordinationCase.objects.filter(pk=case.pk)).get()
    return [f"{deadline.label} {deadline.due_on:%Y-%m-%d}" for deadline in case_deadlines(loaded)]


def test_the_case_page_shows_an_invitations_answer_deadline_right_after_it_is_sent(
    client, convener, consented_case, school_unit, bup_unit
):
    client.force_login(convener)
    before = client.get(consented_case.get_absolute_url()).content.decode()
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)

    after = client.get(consented_case.get_absolute_url()).content.decode()

    assert "Svar på kallelse från" not in before
    for label in labels_by_the_rules(consented_case):
        assert label in after
    assert "Svar på kallelse från BUP Test senast" in after
