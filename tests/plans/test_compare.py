"""Comparing versions side by side and the history of each section across versions."""

import pytest

from samordna.plans import services
from samordna.plans.models import PlanVersion
from samordna.plans.selectors import compare_versions, diff_words, section_history
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_word_level_changes_are_marked_on_each_side():
    old, new = diff_words("Gå till skolan tre dagar", "Gå till skolan fyra dagar i veckan")
    assert "<del>" in old and "tre" in old.split("<del>")[1]
    assert "<ins>" in new and "fyra" in new.split("<ins>")[1]
    assert "i veckan" in new
    assert "<ins>" not in old and "<del>" not in new


def test_unchanged_text_has_no_marks():
    old, new = diff_words("Samma text", "Samma text")
    assert old == new == "Samma text"


def test_user_text_is_escaped_before_changes_are_marked():
    """Only the tags the comparison builds are markup: user text can never inject HTML."""
    old, new = diff_words("Hej <b>där</b>", 'Hej <script>alert("x")</script>')
    assert "<script>" not in new and "<b>" not in old
    assert "&lt;script&gt;" in new
    assert "&lt;b&gt;" in old


def test_marks_carry_hidden_words_for_screen_readers():
    old, new = diff_words("ett", "två")
    assert 'class="visually-hidden">borttaget:' in old
    assert 'class="visually-hidden">tillagt:' in new


def test_comparison_marks_changed_sections_goals_and_interventions(approved, revised, convener):
    services.plan_version_update(
        version=revised, by=convener, long_term_goal="Att gå i skolan och ha fritidsaktiviteter."
    )
    goal = revised.goals.get(position=1)
    services.goal_update(goal=goal, by=convener, text="Vara i skolan fem dagar i veckan.")
    services.goal_add(version=revised, by=convener, text="Börja på fotboll.")
    services.intervention_remove(intervention=revised.interventions.get(unit__name="BUP Test"), by=convener)

    comparison = compare_versions(PlanVersion.objects.get(pk=revised.pk), PlanVersion.objects.get(pk=approved.pk))
    assert (comparison.old.number, comparison.new.number) == (1, 2), "older version on the left whatever the order"
    sections = {row.label: row for row in comparison.sections}
    assert sections["Långsiktigt mål"].changed
    assert "<ins>" in sections["Långsiktigt mål"].new_html
    assert not sections["Den enskildes önskemål"].changed
    goal_rows = comparison.goals
    changed_goal = next(row for row in goal_rows if "fem" in row.new_html)
    assert changed_goal.changed and "fyra" in changed_goal.old_html
    added = next(row for row in goal_rows if "fotboll" in row.new_html)
    assert added.old_html == "" and added.changed
    removed = next(row for row in comparison.interventions if "Samtalsstöd" in row.old_html)
    assert removed.new_html == "" and removed.changed
    assert comparison.has_changes


def test_versions_that_are_not_neighbours_pair_their_goals(
    approved, revised, convener, actor_staff, municipality, region, make_meeting
):
    """Version 1 against version 3: goals pair through the chain of carried_from."""
    services.plan_approve_part(version=revised, by=convener, principal=municipality)
    services.plan_approve_part(version=revised, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=revised, by=convener, how="oral", agreed_on=TODAY)
    v3 = services.plan_revise(version=revised, by=convener, meeting=make_meeting(kind="follow_up", days_ago=0))
    services.goal_update(goal=v3.goals.get(position=3), by=convener, text="Må bra på kvällarna och sova gott.")
    comparison = compare_versions(approved, v3)
    assert len(comparison.goals) == 3
    changed = [row for row in comparison.goals if row.changed]
    assert len(changed) == 1
    assert "sova" in changed[0].new_html


def test_identical_versions_have_no_changes(approved, revised):
    assert not compare_versions(approved, revised).has_changes


def test_section_history_shows_each_sections_value_per_version(approved, revised, convener):
    services.plan_version_update(version=revised, by=convener, disagreements="BUP och skolan är oense om schemat.")
    history = {section.name: section for section in section_history(approved.plan)}
    assert list(history) == list(PlanVersion.SECTION_FIELDS)
    disagreements = history["disagreements"].entries
    assert [(entry.version.number, entry.text, entry.changed) for entry in disagreements] == [
        (1, "", False),
        (2, "BUP och skolan är oense om schemat.", True),
    ]
    assert [entry.changed for entry in history["long_term_goal"].entries] == [False, False]
