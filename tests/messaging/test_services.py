"""Writing messages: threads between the case's units, replies, attachments checked by their bytes, read receipts
per unit, a closed case read-only, and an audit row for each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.messaging import services
from samordna.messaging.attachments import ATTACHMENT_NAME_MISMATCH, ATTACHMENT_TOO_LARGE, ATTACHMENT_WRONG_TYPE
from samordna.messaging.models import Attachment, MessageRead, Thread
from samordna.messaging.policies import visible_threads
from samordna.messaging.services import NO_RECIPIENTS, RECIPIENT_NOT_IN_CASE
from tests.messaging.conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db


def test_a_thread_is_between_the_writers_unit_and_the_chosen_units(thread, consented_case, school_unit, bup_unit):
    assert set(thread.units.all()) == {school_unit, bup_unit}
    assert thread.started_by_unit == school_unit
    message = thread.messages.get()
    assert message.author_unit == school_unit
    assert AuditEvent.objects.filter(
        action="create", object_type="messaging.thread", person_id=consented_case.person_id
    ).exists()
    assert AuditEvent.objects.filter(action="create", object_type="messaging.message").exists()
    assert AuditEvent.objects.filter(action="create", object_type="messaging.attachment").exists()


def test_to_the_lead_goes_to_the_leads_unit(consented_case, actor_staff, convener, school_unit, bup_unit):
    """Until a lead is named the convener's unit receives messages to the lead."""
    thread = services.thread_start(
        case=consented_case, by=actor_staff, subject="Händelse", body="Hen har flyttat.", to_lead=True
    )
    assert set(thread.units.all()) == {bup_unit, school_unit}
    assert thread.to_lead


def test_a_thread_needs_someone_to_write_to(consented_case, convener, school_unit):
    with pytest.raises(ValidationError) as error:
        services.thread_start(case=consented_case, by=convener, subject="Ämne", body="Text", units=[school_unit])
    assert error.value.message_dict["units"] == [str(NO_RECIPIENTS)]


def test_only_units_in_the_case_can_be_written_to(consented_case, convener, other_unit):
    with pytest.raises(ValidationError) as error:
        services.thread_start(case=consented_case, by=convener, subject="Ämne", body="Text", units=[other_unit])
    assert error.value.message_dict["units"] == [str(RECIPIENT_NOT_IN_CASE)]


def test_an_outsider_cannot_write_in_the_case(consented_case, outsider, bup_unit):
    with pytest.raises(PermissionDenied):
        services.thread_start(case=consented_case, by=outsider, subject="Ämne", body="Text", units=[bup_unit])


def test_nothing_is_written_before_consent(case, convener, school_unit):
    """Without a consent in force nothing may be shared, so no messages either."""
    with pytest.raises(ValidationError):
        services.thread_start(case=case, by=convener, subject="Ämne", body="Text", to_lead=True)
    assert not Thread.objects.exists()


def test_units_outside_the_thread_do_not_see_it(thread, consented_case, convener, social_unit, bup_unit):
    """A third unit in the case that the thread was not addressed to does not see it."""
    from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver
    from tests.conftest import TODAY, make_user

    case_services.consent_record(
        case=consented_case,
        by=convener,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.INDIVIDUAL,
        form=ConsentForm.ORAL,
        valid_from=TODAY,
        units=[consented_case.convener_unit, bup_unit, social_unit],
    )
    case_services.case_add_actor(case=consented_case, by=convener, unit=social_unit)
    social_staff = make_user(social_unit)
    assert not visible_threads(social_staff, consented_case).exists()
    assert visible_threads(convener, consented_case).get() == thread


def test_a_reply_is_written_for_the_users_unit_in_the_thread(thread, actor_staff, bup_unit):
    message = services.message_send(thread=thread, by=actor_staff, body="Ja, den kommer.")
    assert message.author_unit == bup_unit
    thread.refresh_from_db()
    assert thread.last_message_at == message.sent_at


def test_an_empty_message_is_refused(thread, actor_staff):
    with pytest.raises(ValidationError):
        services.message_send(thread=thread, by=actor_staff, body="   ")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("intyg.pdf", PDF_BYTES, "application/pdf"),
        ("bild.png", PNG_BYTES, "image/png"),
        ("foto.JPG", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_with_the_type_their_bytes_show(thread, actor_staff, name, content, content_type):
    # The client claims text/plain: what counts is the file's first bytes.
    message = services.message_send(
        thread=thread, by=actor_staff, body="Bifogat.", files=[upload(name, content, "text/plain")]
    )
    attachment = message.attachments.get()
    assert (attachment.content_type, attachment.filename, attachment.size) == (content_type, name, len(content))
    assert attachment.file.name.startswith("messages/")
    assert name.lower() not in attachment.file.name  # the stored path says nothing about the content


@override_settings(MESSAGE_ATTACHMENT_MAX_BYTES=len(PDF_BYTES) - 1)
def test_an_attachment_over_the_maximum_size_is_refused(thread, actor_staff):
    with pytest.raises(ValidationError) as error:
        services.message_send(thread=thread, by=actor_staff, body="Stor fil.", files=[upload("stor.pdf", PDF_BYTES)])
    assert error.value.error_dict["files"][0].code == "attachment_too_large"
    assert error.value.messages[0].startswith("stor.pdf är för stor")
    assert str(ATTACHMENT_TOO_LARGE).startswith("%(name)s är för stor")
    assert thread.messages.count() == 1  # nothing of the refused message was kept


def test_a_file_whose_bytes_are_not_pdf_png_or_jpeg_is_refused_whatever_the_client_says(thread, actor_staff):
    html = upload("intyg.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.message_send(thread=thread, by=actor_staff, body="Fil.", files=[html])
    assert error.value.error_dict["files"][0].code == "attachment_wrong_type"
    assert str(ATTACHMENT_WRONG_TYPE).replace("%(name)s", "intyg.pdf") == error.value.messages[0]
    assert not Attachment.objects.filter(filename="intyg.pdf", message__author=actor_staff).exists()


def test_a_disguised_file_is_refused(thread, actor_staff):
    """A PDF named as a picture (or the other way round) is refused: the name must match the bytes."""
    disguised = upload("semesterbild.png", PDF_BYTES, "image/png")
    with pytest.raises(ValidationError) as error:
        services.message_send(thread=thread, by=actor_staff, body="Bild.", files=[disguised])
    assert error.value.error_dict["files"][0].code == "attachment_name_mismatch"
    assert "PDF" in error.value.messages[0]
    assert str(ATTACHMENT_NAME_MISMATCH).split("%")[0] in error.value.messages[0]


def test_at_most_five_attachments(thread, actor_staff):
    files = [upload(f"fil{index}.pdf", PDF_BYTES) for index in range(6)]
    with pytest.raises(ValidationError):
        services.message_send(thread=thread, by=actor_staff, body="Många.", files=files)


def test_opening_a_thread_records_a_read_receipt_for_the_readers_unit(
    thread, actor_staff, convener, bup_unit, school_unit
):
    message = thread.messages.get()
    assert list(MessageRead.objects.filter(message=message).values_list("unit_id", flat=True)) == [school_unit.pk]
    loaded = _loaded(thread, actor_staff)
    assert services.thread_mark_read(thread=loaded, by=actor_staff) == 1
    receipt = MessageRead.objects.get(message=message, unit=bup_unit)
    assert receipt.read_by == actor_staff
    # A second look, or a colleague's, makes no new receipt: it is per unit.
    assert services.thread_mark_read(thread=_loaded(thread, actor_staff), by=actor_staff) == 0


def test_a_closed_case_makes_its_messages_read_only(thread, convener, actor_staff):
    case_services.case_close(case=thread.case, by=convener, reason="goals_met")
    thread.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.message_send(thread=thread, by=actor_staff, body="Ett sista ord.")
    assert error.value.code == "case_closed"
    with pytest.raises(ValidationError):
        services.thread_start(case=thread.case, by=convener, subject="Ny", body="Text", to_lead=True)
    assert services.thread_mark_read(thread=_loaded(thread, actor_staff), by=actor_staff) == 0


def _loaded(thread, user):
    from samordna.messaging.selectors import thread_for_page

    return thread_for_page(user, thread.case, thread.pk)
