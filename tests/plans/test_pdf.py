"""The plan as PDF: read back with pypdf, it holds the goals, the interventions and the lead; downloads are
audited as prints; a relative gets a copy only when the consent covers that relative."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.organizations.models import ContactRoute
from samordna.people.models import RelatedPerson
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def relative(consented_case) -> RelatedPerson:
    return RelatedPerson.objects.create(person=consented_case.person, name="Maja Mormor", relation="mormor")


def test_the_pdf_holds_goals_interventions_and_the_lead(client, actor_staff, approved, bup_unit):
    ContactRoute.objects.create(unit=bup_unit, phone="021-17 40 00", phone_hours="8-9", email="bup@example.org")
    client.force_login(actor_staff)
    text = pdf_text(client.get(reverse("plans:pdf", args=[approved.plan.case_id, approved.pk])))
    for expected in (
        "Att gå i skolan varje dag.",
        "Vara i skolan fyra dagar i veckan.",
        "Komma i tid till första lektionen.",
        "Anpassad studiegång med kortare dagar",
        "Samtalsstöd hos kurator på BUP",
        "Telefonkontakt varje vecka.",
        "Test Convener",
        "Testskolan elevhälsa",
        "Mormor skjutsar på måndagar.",
        "Godkänd",
        "Testkommun",
        "Region Test",
        "021-17 40 00",
        "bup@example.org",
    ):
        assert expected in text, expected


def test_downloading_the_pdf_is_audited_as_a_print(client, convener, approved):
    client.force_login(convener)
    client.get(reverse("plans:pdf", args=[approved.plan.case_id, approved.pk]))
    event = AuditEvent.objects.get(action=AuditAction.PRINT)
    assert (event.user, event.person_id, event.summary) == (convener, approved.plan.case.person_id, "plan_pdf")
    assert event.object_id == str(approved.pk)


def test_a_draft_pdf_says_it_is_a_draft(client, convener, filled):
    client.force_login(convener)
    text = pdf_text(client.get(reverse("plans:pdf", args=[filled.plan.case_id, filled.pk])))
    assert "Version 1: Utkast" in text


def test_relatives_copy_is_refused_when_the_consent_does_not_cover_them(client, convener, approved, relative):
    client.force_login(convener)
    url = reverse("plans:pdf_relative", args=[approved.plan.case_id, approved.pk, relative.pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.PRINT).exists()
    page = client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()
    assert url not in page


def test_relatives_copy_when_the_consent_covers_them(
    client, convener, approved, relative, school_unit, bup_unit, consented_case
):
    case_services.consent_record(
        case=consented_case,
        by=convener,
        decision="given",
        given_by="individual",
        form="written",
        valid_from=TODAY,
        units=[school_unit, bup_unit],
        related_persons=[relative],
    )
    client.force_login(convener)
    url = reverse("plans:pdf_relative", args=[approved.plan.case_id, approved.pk, relative.pk])
    page = client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()
    assert url in page
    text = pdf_text(client.get(url))
    assert "Kopia till närstående: Maja Mormor" in text
    assert "Anpassad studiegång med kortare dagar" in text
    assert AuditEvent.objects.get(action=AuditAction.PRINT).summary == f"plan_pdf_relative:{relative.pk}"
