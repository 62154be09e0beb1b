"""Reservrutin: a unit prints its open cases, their approved plans and the coming meetings before downtime."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import InitiatorKind
from samordna.common import clock
from samordna.organizations.models import Role
from samordna.people.models import Person
from tests.conftest import TODAY, make_user
from tests.factories import identity_number, sent_meeting

pytestmark = pytest.mark.django_db

URL = reverse("overview:downtime")


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_staff_print_their_units_cases_approved_plans_and_coming_meetings(
    client,
    actor_staff,
    approved,
    bup_unit,
    convener,
    school_unit,
):
    case = approved.plan.case
    sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(actor_staff)

    text = text_of(client.get(URL, {"unit": bup_unit.pk, "days": 14}))

    assert "Reservutskrift: BUP Test" in text
    assert case.reference in text and case.person.full_name in text
    assert "Samordnad individuell plan (SIP)" in text  # the approved plan follows the cover
    assert "Vara i skolan fyra dagar i veckan." in text
    assert "Kallade möten de kommande 14 dagarna (1)" in text
    event = AuditEvent.objects.get(action=AuditAction.PRINT, summary="downtime_pdf")
    assert (event.user, event.person_id, event.object_id) == (actor_staff, case.person_id, str(case.pk))


def test_a_case_the_unit_takes_no_part_in_is_left_out(client, convener, case, other_unit, outsider):
    client.force_login(outsider)

    text = text_of(client.get(URL, {"unit": other_unit.pk, "days": 14}))

    assert case.reference not in text and case.person.full_name not in text
    assert "Enheten deltar inte i några pågående ärenden" in text
    assert not AuditEvent.objects.filter(summary="downtime_pdf").exists()


def test_a_meeting_beyond_the_chosen_days_is_left_out(client, convener, consented_case, school_unit, bup_unit):
    meeting = sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    meeting.starts_at = clock.now() + datetime.timedelta(days=20)
    meeting.save()
    client.force_login(convener)

    text = text_of(client.get(URL, {"unit": school_unit.pk, "days": 14}))

    assert "Kallade möten de kommande 14 dagarna (0)" in text
    assert "Inga kallade möten under perioden." in text


def test_a_protected_identity_is_printed_without_name_or_number(client, convener, consented_case, school_unit):
    person = consented_case.person
    person.protected_identity = True
    person.save()
    client.force_login(convener)

    text = text_of(client.get(URL, {"unit": school_unit.pk, "days": 14}))

    assert "Skyddad identitet" in text
    assert person.first_name not in text and person.last_name not in text and "1212" not in text


def test_a_unit_of_someone_else_cannot_be_chosen(client, convener, bup_unit):
    client.force_login(convener)

    response = client.get(URL, {"unit": bup_unit.pk, "days": 14})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "unit" in response.context["form"].errors
    assert not AuditEvent.objects.filter(summary="downtime_pdf").exists()


def test_days_out_of_range_are_refused_with_a_message(client, convener, school_unit):
    client.force_login(convener)

    response = client.get(URL, {"unit": school_unit.pk, "days": 365})

    assert response.context["form"].errors["days"]


def test_roles_without_cases_get_403_and_the_overview_links_the_page(client, auditor, convener):
    client.force_login(auditor)
    assert client.get(URL).status_code == 403
    client.force_login(convener)
    assert URL in client.get(reverse("overview:home")).content.decode()
    assert "Reservutskrift inför driftstopp" in client.get(URL).content.decode()


def test_a_manager_prints_for_the_unit_they_manage(client, school_unit, consented_case):
    manager = make_user(school_unit, Role.MANAGER, username="chef2")
    client.force_login(manager)

    text = text_of(client.get(URL, {"unit": school_unit.pk, "days": 7}))

    assert consented_case.reference in text
    assert "Utskriven 2026-11-23" in text and "Test Chef2" in text


def start_cases(count: int, *, convener, school_unit) -> None:
    for index in range(count):
        person = Person.objects.create(
            personal_identity_number=identity_number(datetime.date(1995, 1, 1) + datetime.timedelta(days=index), 300),
            first_name="Test",
            last_name=f"Nr{index}",
        )
        case_services.case_start(
            by=convener, person=person, unit=school_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
        )


def print_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as captured:
        text_of(client.get(URL, {"unit": unit.pk, "days": 14}))
    return len(captured.captured_queries)


def test_the_print_costs_the_same_queries_for_few_and_many_cases(client, approved, convener, school_unit):
    """Cases, plans with their content, meetings and the audit events are fetched and written in a fixed number
    of queries; only the approved plan adds one, for its units' contact routes, however many cases there are."""
    client.force_login(convener)
    few = print_queries(client, school_unit)
    start_cases(10, convener=convener, school_unit=school_unit)

    assert print_queries(client, school_unit) == few
