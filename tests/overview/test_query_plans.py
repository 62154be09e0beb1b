"""The overview and the unit inbox cost what the user's own work costs, not what the county holds: on
PostgreSQL, with a few thousand other cases in the county, none of their queries reads a county table whole."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.organizations.models import Role, Unit
from tests.conftest import make_user
from tests.query_plans import county_scans, fill_county

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def county(consented_case, municipality, region, convener, profile):
    """The consented case of the school and BUP, among 3,000 cases of twenty other units."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    units = [Unit.objects.create(principal=municipality if n % 2 else region, name=f"Enhet {n}") for n in range(20)]
    fill_county(units=units, convener=convener, profile=profile)
    return consented_case


def _scans_of(client, user, url) -> dict:
    client.force_login(user)
    client.get(url)  # the session and the first audit rows
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return county_scans(captured.captured_queries)


def test_the_overview_reads_no_county_table_whole(client, county, convener):
    assert _scans_of(client, convener, reverse("overview:home")) == {}


def test_the_overview_of_an_actors_staff_reads_no_county_table_whole(client, county, actor_staff):
    assert _scans_of(client, actor_staff, reverse("overview:home")) == {}


def test_the_unit_inbox_reads_no_county_table_whole(client, county, school_unit):
    assert _scans_of(client, make_user(school_unit, Role.MANAGER), reverse("overview:inbox")) == {}


def test_the_case_page_reads_no_county_table_whole(client, county, convener):
    assert _scans_of(client, convener, county.get_absolute_url()) == {}
