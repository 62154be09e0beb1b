"""The statistics page and its exports: who may read what, suppression of small groups beyond the unit, and a
page that costs the same number of queries however many cases there are."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samordna.cases.models import CoordinationCase, InitiatorKind
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus, ProcedureCode
from samordna.surveys.models import SurveyResponse
from tests.statistics.conftest import at

PERIOD = {"start": "2026-09", "end": "2026-11"}


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("statistics:page"), params)


def test_a_manager_sees_charts_with_their_numbers_beside_them(client, manager, fixed_data, school_unit):
    response = page(client, manager, scope=f"unit:{school_unit.pk}", **PERIOD)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('<svg class="chart') == 10
    assert '<title id="chart-needs-title">' in content
    assert '<desc id="chart-needs-desc">' in content
    assert 'aria-labelledby="chart-needs-title chart-needs-desc"' in content
    assert content.count('<table class="statistics-table">') == 10


def test_the_manager_can_read_their_principal_but_not_the_county(client, manager, municipality, profile, db):
    assert page(client, manager, scope=f"principal:{municipality.pk}", **PERIOD).status_code == 200
    assert page(client, manager, scope=f"county:{profile.pk}", **PERIOD).status_code == 404


def test_a_manager_gets_404_for_another_units_statistics(client, manager, bup_unit):
    assert page(client, manager, scope=f"unit:{bup_unit.pk}", **PERIOD).status_code == 404


def test_a_county_coordinator_sees_the_county_first(client, county_coordinator, profile, school_unit):
    response = page(client, county_coordinator)

    assert response.status_code == 200
    assert f'value="county:{profile.pk}" selected' in response.content.decode()
    assert page(client, county_coordinator, scope=f"unit:{school_unit.pk}", **PERIOD).status_code == 200


@pytest.mark.parametrize("persona", ["convener", "actor_staff", "outsider", "admin", "auditor"])
def test_staff_without_a_statistics_role_get_404(client, persona, request):
    user = request.getfixturevalue(persona)

    assert page(client, user).status_code == 404
    assert client.get(reverse("statistics:csv")).status_code == 404
    assert client.get(reverse("statistics:xlsx")).status_code == 404


@pytest.mark.parametrize("name", ["statistics:page", "statistics:csv", "statistics:xlsx"])
def test_anonymous_is_sent_to_login(client, name, db):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_end_before_the_start_is_refused(client, manager, school_unit):
    response = page(client, manager, scope=f"unit:{school_unit.pk}", start="2026-11", end="2026-09")

    assert response.status_code == 400
    assert "Slutmånaden kan inte ligga före startmånaden." in response.content.decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def needs_row(rows):
    return next(row for row in rows if row and row[0] == "Uppmärksammade behov")


def test_the_unit_sees_its_own_small_numbers(client, manager, fixed_data, school_unit):
    client.force_login(manager)

    response = client.get(reverse("statistics:csv"), {"scope": f"unit:{school_unit.pk}", **PERIOD})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert needs_row(csv_rows(response)) == ["Uppmärksammade behov", "Ärenden", "2", "2", "1", "5"]


def test_groups_under_five_are_suppressed_beyond_the_unit(client, manager, fixed_data, municipality):
    client.force_login(manager)

    response = client.get(reverse("statistics:csv"), {"scope": f"principal:{municipality.pk}", **PERIOD})

    rows = csv_rows(response)
    assert needs_row(rows) == ["Uppmärksammade behov", "Ärenden", "<5", "<5", "<5", "5"]
    shares = next(row for row in rows if row[:2] == ["Kallelser besvarade i tid", "Andel i tid"])
    assert shares[2:] == ["<5", "<5", "", "<5"]
    assert any("färre än fem" in " ".join(row) for row in rows)


def test_the_page_suppresses_too_beyond_the_unit(client, manager, fixed_data, municipality):
    response = page(client, manager, scope=f"principal:{municipality.pk}", **PERIOD)

    assert "&lt;5" in response.content.decode()


def test_excel_export_holds_the_same_cells(client, manager, fixed_data, school_unit):
    client.force_login(manager)

    response = client.get(reverse("statistics:xlsx"), {"scope": f"unit:{school_unit.pk}", **PERIOD})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [trimmed(row) for row in sheet.iter_rows(values_only=True)]
    assert ["Mått", "Rad", "2026-09", "2026-10", "2026-11", "Hela perioden"] in rows
    assert ["Uppmärksammade behov", "Ärenden", 2, 2, 1, 5] in rows
    # Deviations have a column per status instead of per month, announced by a header row of their own.
    deviations = "Avvikelser per kategori och status"
    assert [deviations, None, "Rapporterad", "Mottagen", "Hanteras", "Besvarad", "Avslutad", "Hela perioden"] in rows
    assert [deviations, "Annat", 0, 0, 0, 0, 0, 0] in rows


def trimmed(row) -> list:
    """A sheet row without the empty cells that pad it to the widest row."""
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return values


def add_cases(data_set, count: int) -> None:
    """`count` cases, each with a held SIP meeting coded AU124, made in bulk."""
    cases = CoordinationCase.objects.bulk_create(
        CoordinationCase(
            person=data_set.person,
            routine_profile=data_set.profile,
            initiator_kind=InitiatorKind.SCHOOL,
            need_noticed_on=datetime.date(2026, 10, 1) + datetime.timedelta(days=index % 20),
            convener=data_set.user,
            convener_unit=data_set.unit,
        )
        for index in range(count)
    )
    Meeting.objects.bulk_create(
        Meeting(
            case=case,
            kind=MeetingKind.SIP,
            status=MeetingStatus.HELD,
            starts_at=at(2026, 10, 26),
            held_at=at(2026, 10, 26),
            sent_at=at(2026, 10, 20),
            place="Skolan",
            purpose="Stöd.",
            organiser=data_set.user,
            organiser_unit=data_set.unit,
            procedure_code=ProcedureCode.ESTABLISHED,
        )
        for case in cases
    )


def queries_for_page(client, user, scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("statistics:page"), {"scope": scope, **PERIOD})
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_10_and_200_cases(client, manager, data_set, school_unit):
    client.force_login(manager)
    scope = f"unit:{school_unit.pk}"
    add_cases(data_set, 10)
    few = queries_for_page(client, manager, scope)

    add_cases(data_set, 190)
    many = queries_for_page(client, manager, scope)

    assert few == many
    rows = csv_rows(client.get(reverse("statistics:csv"), {"scope": scope, **PERIOD}))
    assert needs_row(rows)[-1] == "200"


def test_a_refused_user_gets_404_for_a_post_too_and_a_reader_405(client, outsider, manager):
    client.force_login(outsider)
    assert client.post(reverse("statistics:page")).status_code == 404

    client.force_login(manager)
    assert client.post(reverse("statistics:page")).status_code == 405


def test_the_county_sees_sip_kollens_free_texts_when_five_answered(client, county_coordinator, fixed_data, profile):
    SurveyResponse.objects.filter(overall=5).update(comment="Bra att alla kom.")

    response = page(client, county_coordinator, scope=f"county:{profile.pk}", **PERIOD)

    assert "Bra att alla kom." in response.content.decode()
    assert (
        "Bra att alla kom."
        not in page(
            client, county_coordinator, scope=f"county:{profile.pk}", start="2026-10", end="2026-10"
        ).content.decode()
    )


def test_a_manager_sees_their_own_unit_first(client, manager, school_unit):
    response = page(client, manager)

    assert f'value="unit:{school_unit.pk}" selected' in response.content.decode()


def test_the_menu_offers_statistics_to_managers_and_county_coordinators_only(
    client, manager, county_coordinator, convener, auditor
):
    for user, offered in ((manager, True), (county_coordinator, True), (convener, False), (auditor, False)):
        client.force_login(user)
        home = client.get(reverse("overview:home")).content.decode()
        assert (reverse("statistics:page") in home) is offered, user.username
