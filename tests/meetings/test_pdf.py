"""The printable invitation (PDF) for the individual and for participants without access, read back with pypdf."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.models import AuditEvent
from samordna.meetings import services
from samordna.meetings.models import ParticipantKind
from samordna.organizations.models import ContactRoute
from tests.meetings.conftest import PURPOSE

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


@pytest.fixture
def convener_with_phone(convener):
    convener.phone = "021-39 00 01"
    convener.email = "convener@testskolan.example.org"
    convener.title = "Kurator"
    convener.save()
    return convener


def test_the_individuals_invitation_has_purpose_time_place_and_the_conveners_contact(
    client, convener_with_phone, sent_meeting, school_unit
):
    ContactRoute.objects.create(
        unit=school_unit, label="Elevhälsans expedition", phone="021-39 00 00", phone_hours="vardagar 8–9"
    )
    client.force_login(convener_with_phone)
    response = client.get(reverse("meetings:invitation_pdf", args=[sent_meeting.case_id, sent_meeting.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response)
    for expected in (
        PURPOSE,
        "2 december 2026",
        "13:00–14:30",
        "90 minuter",
        "Testskolan, konferensrum 2",
        "Tolvan Tolvansson",
        "BUP Test",
        "Test Convener",
        "Kurator",
        "Testskolan elevhälsa",
        "021-39 00 01",
        "convener@testskolan.example.org",
        "Det som behövs för planen.",
        "Elevhälsans expedition",
        "021-39 00 00 (vardagar 8–9)",
    ):
        assert expected in text, expected


def test_the_download_is_audited_as_a_print(client, convener, sent_meeting):
    client.force_login(convener)
    client.get(reverse("meetings:invitation_pdf", args=[sent_meeting.case_id, sent_meeting.pk]))
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.summary, event.person_id) == ("print", "invitation_pdf", sent_meeting.case.person_id)


def test_an_external_participant_gets_an_invitation_addressed_to_them(client, convener_with_phone, sent_meeting):
    participant = services.meeting_add_participant(
        meeting=sent_meeting,
        by=convener_with_phone,
        kind=ParticipantKind.EXTERNAL,
        name="Eva Handläggare",
        organisation="Försäkringskassan",
        postal_address="Box 1\n123 45 Staden",
    )
    client.force_login(convener_with_phone)
    response = client.get(
        reverse("meetings:participant_pdf", args=[sent_meeting.case_id, sent_meeting.pk, participant.pk])
    )
    text = pdf_text(response)
    assert "Eva Handläggare" in text
    assert "Försäkringskassan" in text
    assert "123 45 Staden" in text
    assert "021-39 00 01" in text
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.object_id) == ("print", "meetings.participant", str(participant.pk))


def test_a_removed_participant_has_no_invitation(client, convener, sent_meeting):
    participant = sent_meeting.participants.get()
    services.meeting_remove_participant(participant=participant, by=convener)
    client.force_login(convener)
    url = reverse("meetings:participant_pdf", args=[sent_meeting.case_id, sent_meeting.pk, participant.pk])
    assert client.get(url).status_code == 404


def test_a_withdrawn_meeting_prints_as_called_off(client, convener, sent_meeting):
    services.meeting_withdraw(meeting=sent_meeting, by=convener, reason="Den enskilde är sjuk")
    client.force_login(convener)
    text = pdf_text(client.get(reverse("meetings:invitation_pdf", args=[sent_meeting.case_id, sent_meeting.pk])))
    assert "MÖTET ÄR INSTÄLLT" in text


def test_an_outsider_cannot_print_the_invitation(client, outsider, sent_meeting):
    client.force_login(outsider)
    assert (
        client.get(reverse("meetings:invitation_pdf", args=[sent_meeting.case_id, sent_meeting.pk])).status_code == 404
    )
