"""Message pages: who may open the case's threads, a thread and its attachments; writing through the pages;
receipts shown per unit; read-only once the case is closed; a fixed number of queries."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.messaging import services
from samordna.messaging.models import MessageRead, Thread
from tests.conftest import make_user
from tests.messaging.conftest import PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db


def urls(thread, attachment) -> dict[str, str]:
    case_pk = thread.case_id
    return {
        "list": reverse("messaging:list", args=[case_pk]),
        "start": reverse("messaging:start", args=[case_pk]),
        "thread": reverse("messaging:thread", args=[case_pk, thread.pk]),
        "attachment": reverse("messaging:attachment", args=[case_pk, thread.pk, attachment.pk]),
    }


def test_anonymous_visitors_are_sent_to_login(client, thread, attachment):
    for name, url in urls(thread, attachment).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_outsider_gets_404_for_threads_messages_and_attachments(client, outsider, thread, attachment):
    client.force_login(outsider)
    for name, url in urls(thread, attachment).items():
        assert client.get(url).status_code == 404, name
    response = client.post(urls(thread, attachment)["thread"], {"body": "Hej"})
    assert response.status_code == 404
    assert thread.messages.count() == 1


def test_a_unit_in_the_case_but_not_in_the_thread_gets_404(client, thread, attachment, consented_case, convener):
    from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver
    from samordna.organizations.models import Unit
    from tests.conftest import TODAY

    social = Unit.objects.create(principal=consented_case.convener_unit.principal, name="IFO", sector="social_services")
    case_services.consent_record(
        case=consented_case,
        by=convener,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.INDIVIDUAL,
        form=ConsentForm.ORAL,
        valid_from=TODAY,
        units=[consented_case.convener_unit, Unit.objects.get(name="BUP Test"), social],
    )
    case_services.case_add_actor(case=consented_case, by=convener, unit=social)
    client.force_login(make_user(social))
    pages = urls(thread, attachment)
    assert client.get(pages["list"]).status_code == 200
    assert thread.subject not in client.get(pages["list"]).content.decode()
    assert client.get(pages["thread"]).status_code == 404
    assert client.get(pages["attachment"]).status_code == 404


def test_attachment_of_another_thread_is_404_through_this_one(client, convener, thread, attachment, consented_case):
    other = services.thread_start(
        case=consented_case,
        by=convener,
        subject="Annat",
        body="Text",
        to_lead=False,
        units=[thread.units.exclude(pk=consented_case.convener_unit_id).get()],
    )
    client.force_login(convener)
    url = reverse("messaging:attachment", args=[consented_case.pk, other.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_the_attachment_is_served_with_its_checked_type_and_audited(client, actor_staff, thread, attachment):
    client.force_login(actor_staff)
    response = client.get(urls(thread, attachment)["attachment"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "bedomning.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(
        action="read",
        object_type="messaging.attachment",
        object_id=str(attachment.pk),
        user=actor_staff,
        person_id=thread.case.person_id,
    ).exists()


def test_uploads_live_outside_the_web_root_and_no_url_serves_them_directly(client, convener, attachment, settings):
    from pathlib import Path

    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    client.force_login(convener)
    direct = "/" + "/".join(part for part in (settings.MEDIA_URL.strip("/"), attachment.file.name) if part)
    assert client.get(direct).status_code == 404


def test_starting_a_thread_from_the_page(client, convener, consented_case, bup_unit):
    client.force_login(convener)
    page = client.get(reverse("messaging:start", args=[consented_case.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("messaging:start", args=[consented_case.pk]),
        {
            "subject": "Schema",
            "units": [bup_unit.pk],
            "body": "Här är schemat.",
            "files": [upload("schema.png", PNG_BYTES)],
        },
    )
    thread = Thread.objects.get(subject="Schema")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.messages.get().attachments.get().content_type == "image/png"


def test_a_wrong_file_is_shown_as_an_error_next_to_the_field(client, actor_staff, thread, attachment):
    client.force_login(actor_staff)
    response = client.post(
        urls(thread, attachment)["thread"],
        {"body": "Se bilaga.", "files": [upload("program.pdf", b"MZ\x90\x00 not a pdf")]},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "program.pdf är inte en PDF, PNG eller JPEG" in content
    assert thread.messages.count() == 1


def test_reading_the_thread_marks_it_read_for_the_unit_and_shows_receipts(
    client, convener, actor_staff, thread, attachment, bup_unit
):
    client.force_login(convener)
    content = client.get(urls(thread, attachment)["thread"]).content.decode()
    assert "BUP Test: inte läst" in content
    client.force_login(actor_staff)
    content = client.get(urls(thread, attachment)["thread"]).content.decode()
    assert "(ny)" in content  # unread for BUP when it opened the thread
    assert MessageRead.objects.filter(unit=bup_unit, read_by=actor_staff).count() == 1
    client.force_login(convener)
    content = client.get(urls(thread, attachment)["thread"]).content.decode()
    assert "BUP Test: läst 2026-11-23 12:00" in content
    assert AuditEvent.objects.filter(action="read", object_type="messaging.thread", user=actor_staff).exists()


def test_replying_from_the_thread_page(client, actor_staff, thread, attachment):
    client.force_login(actor_staff)
    response = client.post(urls(thread, attachment)["thread"], {"body": "Den kommer på mötet."})
    assert response.status_code == 302
    assert thread.messages.count() == 2


def test_a_closed_case_shows_its_messages_read_only(client, convener, actor_staff, thread, attachment):
    case_services.case_close(case=thread.case, by=convener, reason="goals_met")
    client.force_login(actor_staff)
    pages = urls(thread, attachment)
    content = client.get(pages["thread"]).content.decode()
    assert "Kan BUP ta med senaste bedömningen?" in content
    assert "Meddelandena kan bara läsas" in content
    assert 'id="reply-heading"' not in content
    assert reverse("messaging:start", args=[thread.case_id]) not in client.get(pages["list"]).content.decode()
    response = client.post(pages["thread"], {"body": "Ett sista ord."})
    assert response.status_code == 200
    assert "Ärendet är avslutat" in response.content.decode()
    assert thread.messages.count() == 1
    assert client.get(pages["attachment"]).status_code == 200


def test_the_case_page_links_to_messages_with_the_unread_count(client, actor_staff, thread):
    client.force_login(actor_staff)
    content = client.get(thread.case.get_absolute_url()).content.decode()
    assert reverse("messaging:list", args=[thread.case_id]) in content
    assert "1 oläst" in content


@pytest.mark.parametrize("count", [3, 30])
def test_thread_page_costs_the_same_queries_however_many_messages(
    client, convener, actor_staff, thread, attachment, count, django_assert_num_queries
):
    for index in range(count):
        services.message_send(
            thread=thread,
            by=actor_staff if index % 2 else convener,
            body=f"Meddelande {index}",
            files=[upload(f"bilaga{index}.pdf", PDF_BYTES)],
        )
    client.force_login(convener)
    url = urls(thread, attachment)["thread"]
    client.get(url)
    with django_assert_num_queries(THREAD_PAGE_QUERIES):
        assert client.get(url).status_code == 200


THREAD_PAGE_QUERIES = 18  # with the bell's unread count and the audit's units in the person's cases


@pytest.mark.parametrize("count", [3, 30])
def test_thread_list_costs_the_same_queries_however_many_threads(
    client, convener, bup_unit, consented_case, count, django_assert_num_queries
):
    for index in range(count):
        services.thread_start(case=consented_case, by=convener, subject=f"Ämne {index}", body="Text", units=[bup_unit])
    client.force_login(convener)
    url = reverse("messaging:list", args=[consented_case.pk])
    client.get(url)
    with django_assert_num_queries(THREAD_LIST_QUERIES):
        assert client.get(url).status_code == 200


THREAD_LIST_QUERIES = 16  # with the bell's unread count and the audit's units in the persons' cases
