"""The individual's log extract (PDL 8 kap. 5 §): every access to their data with time, unit and principal,
as PDF or CSV, taken out by staff on their behalf and itself logged as an export."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.models import AuditAction, AuditEvent
from tests.logreview.conftest import moment, read_at

pytestmark = pytest.mark.django_db


def extract(client, person, **data):
    return client.post(
        reverse("logreview:person_extract", args=[person.pk]), {"requested_by": "individual", "format": "pdf", **data}
    )


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def accesses(consented_case, actor_staff, outsider, child):
    """BUP and an unrelated health centre read the adult's data; someone reads the child's."""
    read_at(moment(20, 9), user=actor_staff, person=consented_case.person)
    read_at(moment(21, 14), user=outsider, person=consented_case.person)
    read_at(moment(21, 15), user=outsider, person=child)
    return consented_case.person


def test_the_person_page_links_to_the_extract(client, convener, consented_case, adult):
    client.force_login(convener)

    page = client.get(adult.get_absolute_url()).content.decode()

    assert reverse("logreview:person_extract", args=[adult.pk]) in page


def test_the_page_tells_how_many_events_there_are_and_is_logged(client, convener, accesses):
    client.force_login(convener)
    before = AuditEvent.objects.filter(person_id=accesses.pk).count()

    response = client.get(reverse("logreview:person_extract", args=[accesses.pk]))

    assert response.context["event_count"] == before
    assert AuditEvent.objects.filter(user=convener, summary="log_extract_page", person_id=accesses.pk).exists()


def test_the_pdf_lists_every_access_with_time_unit_and_principal(client, convener, accesses):
    client.force_login(convener)

    response = extract(client, accesses)

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "1212" not in response["Content-Disposition"]
    text = pdf_text(response)
    assert "Loggutdrag" in text
    assert "2026-11-20 09:00:00" in text and "BUP Test" in text and "Region Test" in text
    assert "2026-11-21 14:00:00" in text and "Vårdcentralen Annanstans" in text
    assert "2026-11-21 15:00:00" not in text, "the child's event belongs to the child's extract"
    assert "Den enskilde" in text


def test_the_csv_lists_the_same_and_nothing_about_anyone_else(client, convener, accesses):
    client.force_login(convener)

    response = extract(client, accesses, format="csv", requested_by="guardian")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Tidpunkt;Händelse;Uppgifter;Enhet;Huvudman"
    assert "2026-11-20 09:00:00;Läsning;Person;BUP Test;Region Test" in lines
    assert "2026-11-21 14:00:00;Läsning;Person;Vårdcentralen Annanstans;Region Test" in lines
    assert not [line for line in lines if line.startswith("2026-11-21 15:00")]
    assert not [line for line in lines if "outsider" in line or "actorstaff" in line], "no staff names"


def test_taking_out_the_extract_is_logged_as_an_export(client, convener, accesses):
    client.force_login(convener)

    extract(client, accesses, format="csv", requested_by="representative")

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, user=convener)
    assert (event.object_type, event.object_id, event.person_id) == ("people.person", str(accesses.pk), accesses.pk)
    assert event.summary.startswith("log_extract csv requested_by=representative events=")
    assert event.unit_name == "Testskolan elevhälsa"


def test_a_missing_choice_shows_the_form_again(client, convener, accesses):
    client.force_login(convener)

    response = client.post(reverse("logreview:person_extract", args=[accesses.pk]), {"format": "pdf"})

    assert response.status_code == 200
    assert "Formuläret innehåller fel" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# Session, user, the user's units, the person, the count, the page's own read event.
EXTRACT_PAGE_QUERIES = 8  # with the bell's unread count and the audit's units in the person's cases


@pytest.mark.parametrize("count", [3, 30])
def test_the_extract_page_costs_the_same_queries_however_long_the_log(
    client, convener, consented_case, outsider, count, django_assert_num_queries
):
    for minute in range(count):
        read_at(moment(20) + datetime.timedelta(minutes=minute), user=outsider, person=consented_case.person)
    client.force_login(convener)

    with django_assert_num_queries(EXTRACT_PAGE_QUERIES):
        response = client.get(reverse("logreview:person_extract", args=[consented_case.person.pk]))

    assert response.context["event_count"] >= count
