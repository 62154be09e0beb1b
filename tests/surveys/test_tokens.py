"""Staff hand out SIP-kollen after a held meeting: one-time codes, printed, of which only hashes are stored."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.meetings.models import MeetingStatus
from samordna.surveys import services
from samordna.surveys.models import SurveyToken


def test_codes_are_stored_only_as_hashes_with_county_and_month(held_meeting, convener, profile):
    codes = services.survey_tokens_create(meeting=held_meeting, by=convener, count=3)

    assert len(set(codes)) == 3
    tokens = list(SurveyToken.objects.all())
    assert {token.token_hash for token in tokens} == {services.token_hash(code) for code in codes}
    assert all(code not in token.token_hash for code in codes for token in tokens)
    assert {(token.county_id, token.month) for token in tokens} == {(profile.pk, datetime.date(2026, 11, 1))}


def test_the_audit_log_says_how_many_codes_but_never_the_codes(held_meeting, convener):
    codes = services.survey_tokens_create(meeting=held_meeting, by=convener, count=2)

    event = AuditEvent.objects.get(summary__startswith="survey_tokens_create")
    assert event.summary == "survey_tokens_create:2"
    assert event.object_id == str(held_meeting.pk)
    assert not any(code in event.summary for code in codes)


def test_codes_only_after_a_held_meeting(held_meeting, convener):
    held_meeting.status = MeetingStatus.SENT
    held_meeting.save()

    with pytest.raises(ValidationError) as error:
        services.survey_tokens_create(meeting=held_meeting, by=convener, count=1)
    assert str(services.MEETING_NOT_HELD) in error.value.messages


def test_a_unit_outside_the_case_cannot_make_codes(held_meeting, outsider):
    with pytest.raises(PermissionDenied):
        services.survey_tokens_create(meeting=held_meeting, by=outsider, count=1)


def test_codes_are_printed_once_as_a_page_with_link_and_qr_code(client, held_meeting, convener):
    client.force_login(convener)
    url = reverse("survey_codes:codes", args=[held_meeting.case_id, held_meeting.pk])

    response = client.post(url, {"count": "2", "format": "html"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = response.content.decode()
    assert content.count('class="survey-code"') == 2
    assert "http://testserver/sip-kollen/" in content
    assert "data:image/svg+xml;base64," in content
    assert SurveyToken.objects.count() == 2


def test_codes_can_be_printed_as_pdf(client, held_meeting, convener):
    client.force_login(convener)
    url = reverse("survey_codes:codes", args=[held_meeting.case_id, held_meeting.pk])

    response = client.post(url, {"count": "1", "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_meeting_page_links_to_sip_kollen_once_held(client, held_meeting, convener):
    client.force_login(convener)

    response = client.get(reverse("meetings:detail", args=[held_meeting.case_id, held_meeting.pk]))

    assert reverse("survey_codes:codes", args=[held_meeting.case_id, held_meeting.pk]) in response.content.decode()


def test_outsider_gets_404_for_the_codes_page(client, held_meeting, outsider):
    client.force_login(outsider)

    response = client.get(reverse("survey_codes:codes", args=[held_meeting.case_id, held_meeting.pk]))

    assert response.status_code == 404


def test_anonymous_is_sent_to_login_from_the_codes_page(client, held_meeting):
    url = reverse("survey_codes:codes", args=[held_meeting.case_id, held_meeting.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
