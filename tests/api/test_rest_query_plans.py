"""The REST case list costs what the unit's own cases cost: on PostgreSQL, with a few thousand other cases in
the county, none of its queries reads a county table whole, whether paged by offset or after an id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.api.models import TokenScope
from samordna.api.services import api_token_create
from samordna.organizations.models import Unit
from tests.query_plans import county_scans, fill_county

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def token(consented_case, admin, school_unit, municipality, region, convener, profile) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    units = [Unit.objects.create(principal=municipality if n % 2 else region, name=f"Enhet {n}") for n in range(20)]
    fill_county(units=units, convener=convener, profile=profile)
    return api_token_create(by=admin, unit=school_unit, name="Elevhälsosystemet", scope=TokenScope.WRITE)[1]


@pytest.mark.parametrize("query", ["limit=50", "after=0&limit=50", "offset=0&limit=50"])
def test_the_case_list_reads_no_county_table_whole(client, token, consented_case, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/cases?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [consented_case.pk]
    assert county_scans(captured.captured_queries) == {}
