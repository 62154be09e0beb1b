"""Each statistic on the small fixed data set (tests/statistics/conftest.py), for the school's unit."""

import pytest

from samordna.deviations.models import Deviation, DeviationCategory, DeviationStatus
from samordna.organizations.models import Role
from samordna.statistics.policies import PRINCIPAL, UNIT, Scope
from samordna.statistics.selectors import statistics_report
from tests.conftest import make_user
from tests.statistics.conftest import PERIOD, at


@pytest.fixture
def report(fixed_data, school_unit, profile):
    scope = Scope(UNIT, school_unit.pk, "Enhet", profile, True)
    return {table.key: table for table in statistics_report(scope=scope, period=PERIOD).tables}


def shown(row) -> list[str]:
    return [cell.shown for cell in row.cells] + [row.total.shown]


def row(table, label):
    return next(item for item in table.rows if item.label == label)


def test_needs_noticed_per_month(report):
    assert shown(report["needs"].rows[0]) == ["2", "2", "1", "5"]


def test_sips_per_kva_code(report):
    assert shown(row(report["kva"], "AU124 Upprättande av samordnad individuell plan")) == ["1", "2", "0", "3"]
    assert shown(row(report["kva"], "AW010 Uppföljning av samordnad individuell plan")) == ["0", "0", "1", "1"]
    assert shown(row(report["kva"], "AU125 Samordnad individuell plan vid utskrivning")) == ["0", "0", "0", "0"]


def test_closed_cases_per_reason(report):
    assert shown(row(report["closed"], "Målen är uppnådda")) == ["0", "0", "1", "1"]
    assert row(report["closed"], "Annat").total.value == 0


def test_median_days_from_need_to_first_meeting(report):
    median, _share = report["first_meeting"].rows
    assert [cell.value for cell in median.cells] == [19.5, 14, None]
    assert median.total.value == 14


def test_share_with_a_first_meeting_within_the_profiles_limit(report):
    _median, share = report["first_meeting"].rows
    assert shown(share) == ["50 %", "50 %", "–", "50 %"]


def test_share_of_invitations_answered_in_time(report):
    share, counts = report["invitations"].rows
    assert shown(share) == ["50 %", "0 %", "–", "33 %"]
    assert shown(counts) == ["2", "1", "0", "3"]


def test_share_of_plans_documented_in_time(report):
    share, counts = report["plans"].rows
    assert shown(share) == ["100 %", "0 %", "100 %", "50 %"]
    assert shown(counts) == ["1", "2", "1", "4"]


def test_how_the_individual_took_part(report):
    assert row(report["participation"], "Deltog hela mötet").total.value == 2
    assert row(report["participation"], "Deltog i delar av mötet").total.value == 1
    assert row(report["participation"], "Inte dokumenterat").total.value == 1


def test_goal_outcomes_count_achieved_or_improving(report):
    goals = report["goals"]
    assert shown(goals.rows[0]) == ["–", "–", "67 %", "67 %"]
    assert row(goals, "Uppnått").total.value == 1
    assert row(goals, "Förbättras").total.value == 1
    assert row(goals, "Ingen förändring").total.value == 1
    assert sum(item.total.value for item in goals.rows[1:]) == 3  # the goal only carried over is not counted


def test_sip_kollen_averages_only_for_five_answers(report):
    survey = report["survey"]
    overall = row(survey, "Helhetsbetyg")
    assert shown(overall) == ["–", "<5", "4,2", "3,4"]
    assert shown(row(survey, "Antal svar")) == ["0", "<5", "5", "7"]


@pytest.fixture
def deviations_about_the_school(fixed_data, school_unit, bup_unit):
    """Four deviations about the school in the period (two still reported, one received, one closed), one before
    the period, and one the school reported about BUP."""
    reporter = make_user(bup_unit, Role.STAFF, username="bupreporter")

    def deviation(when, category=DeviationCategory.ACTOR_ABSENT, *, concerned=school_unit, reporting=bup_unit, **steps):
        return Deviation.objects.create(
            category=category,
            description="Uteblev från mötet.",
            occurred_on=when.date(),
            reporting_unit=reporting,
            concerned_unit=concerned,
            reported_by=reporter,
            reported_at=when,
            **steps,
        )

    deviation(at(2026, 9, 3))
    deviation(at(2026, 9, 30, 23))
    deviation(at(2026, 11, 2), status=DeviationStatus.RECEIVED, received_at=at(2026, 11, 3))
    deviation(
        at(2026, 10, 1, 0),
        DeviationCategory.NO_AGREEMENT,
        status=DeviationStatus.CLOSED,
        received_at=at(2026, 10, 2),
        resolving_at=at(2026, 10, 5),
        answered_at=at(2026, 10, 9),
        answer_cause="Oklart ansvar.",
        answer_actions="Ny överenskommelse.",
        closed_at=at(2026, 10, 12),
    )
    deviation(at(2026, 8, 31, 23))
    deviation(at(2026, 10, 10), concerned=bup_unit, reporting=school_unit)


def test_deviations_by_category_and_status(deviations_about_the_school, school_unit, profile):
    scope = Scope(UNIT, school_unit.pk, "Enhet", profile, True)
    table = next(t for t in statistics_report(scope=scope, period=PERIOD).tables if t.key == "deviations")

    assert table.columns == ["Rapporterad", "Mottagen", "Hanteras", "Besvarad", "Avslutad"]
    assert shown(row(table, "Aktör uteblir systematiskt från möten")) == ["2", "1", "0", "0", "0", "3"]
    assert shown(row(table, "Aktörerna kommer inte överens")) == ["0", "0", "0", "0", "1", "1"]
    assert sum(item.total.value for item in table.rows) == 4
    assert len(table.rows) == len(DeviationCategory)


def test_deviations_beyond_the_unit_hide_groups_under_five(deviations_about_the_school, school_unit, profile):
    scope = Scope(PRINCIPAL, school_unit.principal_id, "Huvudman", profile, True)
    table = next(t for t in statistics_report(scope=scope, period=PERIOD).tables if t.key == "deviations")

    assert shown(row(table, "Aktör uteblir systematiskt från möten")) == ["<5", "<5", "0", "0", "0", "<5"]
    assert shown(row(table, "Annat")) == ["0", "0", "0", "0", "0", "0"]
