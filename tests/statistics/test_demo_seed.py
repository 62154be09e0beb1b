"""The demo data gives the statistics something to show: a county coordinator, SIP-kollen answers and (when
switched on) months of past cases in units where no demo user works."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from samordna.accounts.models import User
from samordna.cases.models import CoordinationCase
from samordna.cases.policies import visible_cases
from samordna.organizations.models import Role
from samordna.plans.models import Goal
from samordna.statistics.policies import COUNTY, available_scopes
from samordna.statistics.selectors import Period, statistics_report
from samordna.surveys.models import MIN_GROUP_SIZE, SurveyResponse

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_county_coordinator_who_sees_the_county():
    seed()

    coordinator = User.objects.get(username="lan")
    assert coordinator.memberships.get().role == Role.COUNTY_COORDINATOR
    assert available_scopes(coordinator)[0].level == COUNTY


def test_the_last_six_months_have_enough_sip_kollen_answers_to_show():
    seed()

    months = Period.last_months(6).months
    counts = [SurveyResponse.objects.filter(month=month).count() for month in months]
    assert all(count >= MIN_GROUP_SIZE for count in counts)


@override_settings(SAMORDNA_DEMO_HISTORY_MONTHS=6)
def test_the_history_fills_the_charts_and_stays_out_of_the_demo_users_lists():
    seed()

    history = CoordinationCase.objects.filter(convener_unit__principal__name__in=["Fagersta kommun", "Sala kommun"])
    assert history.count() >= 10
    assert Goal.objects.filter(achievement_recorded_at__isnull=False).count() > 5
    for username in ("skola", "soc", "bup", "vc", "hab", "psyk", "soc.vasteras"):
        user = User.objects.get(username=username)
        assert not visible_cases(user).filter(convener_unit__principal__name__in=["Fagersta kommun", "Sala kommun"])
    scope = available_scopes(User.objects.get(username="lan"))[0]
    report = {table.key: table for table in statistics_report(scope=scope, period=Period.last_months(6)).tables}
    assert report["kva"].rows[0].total.value >= 10
    assert report["goals"].rows[0].total.value is not None
    deviations = report["deviations"]
    assert sum(row.total.value for row in deviations.rows) >= 10
    assert any(not row.total.suppressed and row.total.value >= 5 for row in deviations.rows)
