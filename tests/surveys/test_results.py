"""SIP-kollen results are shown only for groups of at least five answers."""

import datetime

import pytest

from samordna.surveys.models import SurveyResponse
from samordna.surveys.selectors import survey_comments, survey_results

NOVEMBER = datetime.date(2026, 11, 1)
OCTOBER = datetime.date(2026, 10, 1)


def answer(profile, month, overall, comment=""):
    return SurveyResponse.objects.create(
        county=profile,
        month=month,
        participation=overall,
        listened_to=5,
        understood_plan=4,
        overall=overall,
        comment=comment,
    )


@pytest.fixture
def answers(profile):
    for overall in (1, 2, 3, 4):
        answer(profile, OCTOBER, overall, comment="Bra")
    for overall in (5, 4, 4, 3, 5):
        answer(profile, NOVEMBER, overall)


def test_a_month_with_four_answers_shows_only_the_count(answers, profile):
    months, _total = survey_results(county=profile, start=OCTOBER, end=NOVEMBER)

    october, november = months
    assert (october.answers, october.is_shown, october.averages) == (4, False, {})
    assert november.is_shown
    assert november.averages == {"participation": 4.2, "listened_to": 5.0, "understood_plan": 4.0, "overall": 4.2}


def test_the_period_adds_the_months_together(answers, profile):
    _months, total = survey_results(county=profile, start=OCTOBER, end=NOVEMBER)

    assert total.answers == 9
    assert total.averages["overall"] == round(31 / 9, 1)


def test_free_text_only_for_a_group_of_five(answers, profile):
    assert survey_comments(county=profile, start=OCTOBER, end=OCTOBER) == []
    assert survey_comments(county=profile, start=OCTOBER, end=NOVEMBER) == ["Bra", "Bra", "Bra", "Bra"]
