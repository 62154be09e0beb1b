"""Goal outcomes: at every follow-up each goal carried over records its achievement (FHIR goal-achievement), and
the plan's history shows it per goal and version."""

import pytest
from django.urls import reverse

from samordna.plans import services
from samordna.plans.forms import GoalForm
from samordna.plans.models import (
    FHIR_GOAL_ACHIEVEMENT_DISPLAY,
    FHIR_GOAL_ACHIEVEMENT_SYSTEM,
    GoalAchievement,
    fhir_goal_achievement,
)
from samordna.plans.selectors import goal_outcome_history


def test_every_goal_achievement_code_has_its_fhir_display():
    assert set(FHIR_GOAL_ACHIEVEMENT_DISPLAY) == set(GoalAchievement)
    assert fhir_goal_achievement("improving") == {
        "system": FHIR_GOAL_ACHIEVEMENT_SYSTEM,
        "code": "improving",
        "display": "Improving",
    }


def test_a_code_outside_the_value_set_is_refused():
    with pytest.raises(ValueError):
        fhir_goal_achievement("almost")


def test_a_carried_goal_is_not_assessed_until_the_follow_up_records_it(revised):
    assert all(goal.achievement_recorded_at is None for goal in revised.goals.all())


def test_the_follow_up_records_the_achievement_with_its_time(revised, convener, fixed_today):
    goal = revised.goals.filter(parent__isnull=True).first()

    services.goal_update(goal=goal, by=convener, achievement_status=GoalAchievement.IMPROVING)

    goal.refresh_from_db()
    assert goal.achievement_status == "improving"
    assert goal.achievement_recorded_at.date() == fixed_today


def test_changing_a_goal_in_the_first_version_records_no_outcome(filled, convener):
    goal = filled.goals.first()

    services.goal_update(goal=goal, by=convener, achievement_status=GoalAchievement.ACHIEVED)

    goal.refresh_from_db()
    assert goal.achievement_recorded_at is None


def test_the_follow_up_form_asks_for_the_achievement_at_this_follow_up(revised):
    goal = revised.goals.first()

    form = GoalForm(instance=goal, version=revised)

    assert form.fields["achievement_status"].label == "Måluppfyllelse vid den här uppföljningen"


def test_history_lists_each_goal_with_its_achievement_per_version(approved, revised, convener):
    goal = revised.goals.filter(parent__isnull=True).order_by("position").first()
    services.goal_update(goal=goal, by=convener, achievement_status=GoalAchievement.ACHIEVED)

    history = {item.text: item for item in goal_outcome_history(approved.plan)}

    entries = history[goal.text].entries
    assert [entry.version.number for entry in entries] == [1, 2]
    assert [entry.goal.achievement_status for entry in entries] == ["in-progress", "achieved"]
    assert [entry.is_recorded for entry in entries] == [False, True]


def test_history_page_shows_the_recorded_outcome(client, approved, revised, convener):
    goal = revised.goals.filter(parent__isnull=True).order_by("position").first()
    services.goal_update(goal=goal, by=convener, achievement_status=GoalAchievement.IMPROVING)
    client.force_login(convener)

    response = client.get(reverse("plans:history", args=[approved.plan.case_id]))

    assert response.status_code == 200
    assert "Måluppfyllelse vid uppföljningarna" in response.content.decode()
    assert "Förbättras" in response.content.decode()
    assert "bedömd vid uppföljningen" in response.content.decode()
