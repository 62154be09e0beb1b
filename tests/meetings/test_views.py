"""The meeting pages as the personas meet them: the convener calls, BUP answers, an outsider sees nothing."""

import datetime

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.common import clock
from samordna.meetings import services
from samordna.meetings.models import Answer, InvitationStatus, Meeting, MeetingStatus, ParticipantKind
from samordna.organizations.models import Sector, Unit
from tests.conftest import TODAY, make_user
from tests.meetings.conftest import MEETING_AT, PURPOSE, give_consent, propose

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def meeting_url(meeting, name="detail", *extra):
    return reverse(f"meetings:{name}", args=[meeting.case_id, meeting.pk, *extra])


def every_meeting_url(meeting):
    invitation = meeting.invitations.first()
    participant = meeting.participants.first()
    names = ["detail", "edit", "send", "move", "withdraw", "unit_add", "participant_add", "record", "ics"]
    urls = [meeting_url(meeting, name) for name in names]
    urls += [
        meeting_url(meeting, "invitation_pdf"),
        meeting_url(meeting, "unit_remove", invitation.pk),
        meeting_url(meeting, "answer", invitation.pk),
        meeting_url(meeting, "participant_remove", participant.pk),
        meeting_url(meeting, "participant_pdf", participant.pk),
        reverse("meetings:propose", args=[meeting.case_id]),
    ]
    return urls


@pytest.fixture
def external(sent_meeting, convener):
    return services.meeting_add_participant(
        meeting=sent_meeting,
        by=convener,
        kind=ParticipantKind.EXTERNAL,
        name="Eva Handläggare",
        organisation="Försäkringskassan",
        phone="0771-524 524",
    )


def test_outsider_gets_404_on_every_meeting_url(client, outsider, sent_meeting, external):
    """Staff of a unit that is neither invited nor an actor cannot tell that the meeting exists."""
    client.force_login(outsider)
    for url in every_meeting_url(sent_meeting):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_meeting_of_another_case_is_404(client, convener, sent_meeting, adult, school_unit):
    other = Meeting.objects.create(
        case=case_services.case_start(
            by=convener, person=adult, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
        ),
        starts_at=MEETING_AT,
        purpose="x",
        place="y",
        organiser=convener,
        organiser_unit=school_unit,
    )
    client.force_login(convener)
    assert client.get(reverse("meetings:detail", args=[sent_meeting.case_id, other.pk])).status_code == 404


def test_anonymous_user_is_sent_to_login(client, sent_meeting):
    response = client.get(meeting_url(sent_meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_actor_staff_sees_the_meeting_and_the_read_is_audited(client, actor_staff, sent_meeting):
    client.force_login(actor_staff)
    response = client.get(meeting_url(sent_meeting))
    content = response.content.decode()
    assert response.status_code == 200
    assert PURPOSE in content
    assert "Väntar på svar" in content
    assert meeting_url(sent_meeting, "answer", sent_meeting.invitations.get().pk) in content
    assert meeting_url(sent_meeting, "move") not in content
    event = AuditEvent.objects.filter(object_type="meetings.meeting").latest("id")
    assert (event.action, event.user, event.person_id, event.summary) == (
        "read",
        actor_staff,
        sent_meeting.case.person_id,
        "meeting_detail",
    )


def test_protected_identity_is_hidden_on_the_meeting_page(client, convener, sent_meeting):
    person = sent_meeting.case.person
    person.protected_identity = True
    person.save()
    client.force_login(convener)
    content = client.get(meeting_url(sent_meeting)).content.decode()
    assert "Tolvansson" not in content
    assert "Skyddad identitet" in content


def test_propose_form_shows_the_contact_directory_and_prefills_consent(
    client, convener, consented_case, bup_routes, school_unit, other_unit
):
    client.force_login(convener)
    content = client.get(reverse("meetings:propose", args=[consented_case.pk])).content.decode()
    for text in (
        "bup.test@example.org",
        "021-17 00 00",
        "mån–fre 8.30–9.30",
        "Kim Kontakt",
        "Omfattas inte av samtycket",
    ):
        assert text in content
    assert "Det som behövs för planen." in content
    assert f'value="{school_unit.pk}"' not in content  # the convener's own unit is not invited
    assert "Vårdcentralen Annanstans" in content  # in the directory, though not covered by consent


def test_propose_then_send_through_the_forms(client, convener, consented_case, bup_unit):
    client.force_login(convener)
    response = client.post(
        reverse("meetings:propose", args=[consented_case.pk]),
        {
            "kind": "sip",
            "starts_at": "2026-12-02T13:00",
            "duration_minutes": "90",
            "form": "physical",
            "place": "Testskolan",
            "purpose": PURPOSE,
            "units": [bup_unit.pk],
            "include_individual": "on",
        },
    )
    meeting = Meeting.objects.get(case=consented_case)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == MEETING_AT
    assert meeting.status == MeetingStatus.DRAFT
    response = client.post(meeting_url(meeting, "send"), {})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SENT
    assert meeting.invitations.get().answer_due_on == TODAY + DAY


def test_propose_errors_are_shown_next_to_the_fields_in_swedish(client, convener, consented_case):
    client.force_login(convener)
    response = client.post(
        reverse("meetings:propose", args=[consented_case.pk]),
        {
            "kind": "pre_meeting",
            "starts_at": "2026-12-02T13:00",
            "duration_minutes": "90",
            "form": "digital",
            "purpose": "Text som ska finnas kvar",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in content
    assert "Ange länken till det digitala mötet." in content
    assert "Text som ska finnas kvar" in content
    assert not Meeting.objects.exists()


def test_send_refused_for_unit_outside_consent_shows_the_message(client, convener, consented_case, other_unit):
    meeting = propose(consented_case, convener, units=[other_unit])
    client.force_login(convener)
    response = client.post(meeting_url(meeting, "send"), {})
    assert response.status_code == 200
    assert "Samtycket omfattar inte Vårdcentralen Annanstans" in response.content.decode()


def test_every_convener_form_opens_and_the_read_is_audited(client, convener, draft_meeting, social_unit):
    client.force_login(convener)
    names = ["edit", "send", "withdraw", "unit_add", "participant_add"]
    invitation, participant = draft_meeting.invitations.get(), draft_meeting.participants.get()
    urls = [meeting_url(draft_meeting, name) for name in names] + [
        meeting_url(draft_meeting, "unit_remove", invitation.pk),
        meeting_url(draft_meeting, "participant_remove", participant.pk),
    ]
    services.meeting_send(meeting=draft_meeting, by=convener)
    urls.append(meeting_url(draft_meeting, "move"))
    for url in urls:
        before = AuditEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Tolvan Tolvansson" in response.content.decode()
        event = AuditEvent.objects.latest("id")
        assert AuditEvent.objects.count() == before + 1
        assert (event.action, event.object_type, event.person_id) == (
            "read",
            "meetings.meeting",
            draft_meeting.case.person_id,
        )


def test_the_draft_is_edited_through_the_form(client, convener, draft_meeting):
    client.force_login(convener)
    response = client.post(
        meeting_url(draft_meeting, "edit"),
        {
            "kind": "sip",
            "starts_at": "2026-12-02T15:00",
            "duration_minutes": "60",
            "form": "digital",
            "digital_link": "https://mote.example.org/x",
            "purpose": "Nytt syfte",
        },
    )
    assert response.status_code == 302
    draft_meeting.refresh_from_db()
    assert (draft_meeting.form, draft_meeting.duration_minutes, draft_meeting.purpose) == ("digital", 60, "Nytt syfte")


@pytest.mark.parametrize("name", ["edit", "send", "move", "withdraw", "unit_add", "participant_add", "record"])
def test_actor_staff_cannot_use_the_convener_forms(client, actor_staff, sent_meeting, name):
    client.force_login(actor_staff)
    assert client.get(meeting_url(sent_meeting, name)).status_code == 403
    assert client.post(meeting_url(sent_meeting, name), {}).status_code == 403


def test_actor_staff_cannot_propose_a_meeting(client, actor_staff, consented_case):
    client.force_login(actor_staff)
    assert client.get(reverse("meetings:propose", args=[consented_case.pk])).status_code == 403


def test_convener_cannot_answer_for_the_invited_unit(client, convener, sent_meeting):
    client.force_login(convener)
    url = meeting_url(sent_meeting, "answer", sent_meeting.invitations.get().pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"answer": "accept", "attendee_names": "Någon"}).status_code == 403


def test_invited_unit_answers_through_the_form(client, actor_staff, sent_meeting, convener):
    invitation = sent_meeting.invitations.get()
    client.force_login(actor_staff)
    url = meeting_url(sent_meeting, "answer", invitation.pk)
    form = client.get(url).content.decode()
    assert "Test Actorstaff" in form
    response = client.post(url, {"answer": "accept", "attendees": [actor_staff.pk]})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    client.force_login(convener)
    page = client.get(meeting_url(sent_meeting)).content.decode()
    assert "Accepterad" in page
    assert "Test Actorstaff" in page
    assert "BUP Test svarade: Accepterad." in page


def test_answer_without_the_needed_detail_shows_the_error(client, actor_staff, sent_meeting):
    client.force_login(actor_staff)
    url = meeting_url(sent_meeting, "answer", sent_meeting.invitations.get().pk)
    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 200
    assert "Ange varför enheten inte kan delta." in response.content.decode()


def test_a_unit_that_returns_the_invitation_and_loses_access_goes_to_its_overview(
    client, convener, consented_case, school_unit, bup_unit, social_unit, social_staff
):
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    meeting = propose(consented_case, convener, units=[social_unit])
    services.meeting_send(meeting=meeting, by=convener)
    client.force_login(social_staff)
    url = meeting_url(meeting, "answer", meeting.invitations.get().pk)
    response = client.post(url, {"answer": "wrong_unit", "wrong_unit_note": "Vi har ingen kontakt."})
    assert response["Location"] == reverse("overview:home")
    assert client.get(meeting_url(meeting)).status_code == 404


def test_overdue_answer_is_marked_for_the_convener(client, convener, sent_meeting):
    client.force_login(convener)
    assert "Försenad" not in client.get(meeting_url(sent_meeting)).content.decode()
    with clock.frozen_clock(TODAY + 2 * DAY):
        assert "Försenad" in client.get(meeting_url(sent_meeting)).content.decode()


def test_move_through_the_form_shows_the_change_to_the_invited_unit(client, convener, actor_staff, sent_meeting):
    client.force_login(convener)
    response = client.post(
        meeting_url(sent_meeting, "move"),
        {"starts_at": "2026-12-03T09:00", "duration_minutes": "60", "form": "phone", "phone_details": "08-123 45"},
    )
    assert response.status_code == 302
    client.force_login(actor_staff)
    page = client.get(meeting_url(sent_meeting)).content.decode()
    assert "Mötet flyttat till 2026-12-03 09:00 (60 min), telefonmöte: 08-123 45." in page


def test_withdrawal_needs_the_confirmation_tick(client, convener, sent_meeting):
    client.force_login(convener)
    url = meeting_url(sent_meeting, "withdraw")
    assert client.post(url, {"reason": "Sjuk"}).status_code == 200
    sent_meeting.refresh_from_db()
    assert sent_meeting.status == MeetingStatus.SENT
    assert client.post(url, {"reason": "Sjuk", "confirm": "on"}).status_code == 302
    sent_meeting.refresh_from_db()
    assert sent_meeting.status == MeetingStatus.WITHDRAWN
    page = client.get(meeting_url(sent_meeting)).content.decode()
    assert "Mötet ställdes in" in page
    assert meeting_url(sent_meeting, "move") not in page


def test_units_and_participants_are_added_and_removed_through_the_forms(client, convener, draft_meeting, social_unit):
    client.force_login(convener)
    response = client.post(meeting_url(draft_meeting, "unit_add"), {"unit": social_unit.pk})
    assert response.status_code == 302
    invitation = draft_meeting.invitations.get(unit=social_unit)
    response = client.post(meeting_url(draft_meeting, "unit_remove", invitation.pk), {"confirm": "on"})
    assert response.status_code == 302
    assert not draft_meeting.invitations.filter(unit=social_unit).exists()
    response = client.post(
        meeting_url(draft_meeting, "participant_add"),
        {"kind": "external", "organisation": "Arbetsförmedlingen", "email": "af@example.org"},
    )
    assert response.status_code == 302
    participant = draft_meeting.participants.get(kind="external")
    response = client.post(meeting_url(draft_meeting, "participant_remove", participant.pk), {"confirm": "on"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.removed_at is not None


def test_external_participant_without_contact_details_shows_the_error(client, convener, draft_meeting):
    client.force_login(convener)
    response = client.post(meeting_url(draft_meeting, "participant_add"), {"kind": "external", "name": "Eva"})
    assert "Ange minst ett sätt att nå deltagaren" in response.content.decode()


def test_record_form_prefills_the_kva_code_and_records_the_meeting(
    client, convener, actor_staff, sent_meeting, consented_case
):
    invitation = sent_meeting.invitations.get()
    services.invitation_answer(invitation=invitation, by=actor_staff, answer=Answer.ACCEPT, attendees=[actor_staff])
    client.force_login(convener)
    with clock.frozen_clock(MEETING_AT + datetime.timedelta(hours=2)):
        form = client.get(meeting_url(sent_meeting, "record")).content.decode()
        assert 'value="AU124" selected' in form
        response = client.post(
            meeting_url(sent_meeting, "record"),
            {
                "chair_kind": "staff",
                "secretary": actor_staff.pk,
                "present_units": [invitation.pk],
                "present_participants": [sent_meeting.participants.get().pk],
                "individual_participation": "present",
                "consent_checked": "on",
                "secrecy_reminded": "on",
                "situation_notes": "Tolvan berättade först.",
                "procedure_code": "AU124",
            },
        )
        assert response.status_code == 302
    sent_meeting.refresh_from_db()
    assert sent_meeting.is_held
    assert sent_meeting.chair == convener
    invitation.refresh_from_db()
    assert invitation.attended is True
    page = client.get(meeting_url(sent_meeting)).content.decode()
    assert "Tolvan berättade först." in page
    assert "AU124" in page


def test_record_form_of_a_pre_meeting_says_no_decisions_and_has_no_kva(client, convener, consented_case, bup_unit):
    meeting = propose(consented_case, convener, kind="pre_meeting", pre_meeting_consented=True, units=[bup_unit])
    services.meeting_send(meeting=meeting, by=convener)
    client.force_login(convener)
    with clock.frozen_clock(MEETING_AT + datetime.timedelta(hours=2)):
        content = client.get(meeting_url(meeting, "record")).content.decode()
    assert "fattar inga beslut" in content
    assert 'name="procedure_code"' not in content
    assert 'name="individual_participation"' not in content


def test_record_link_appears_only_after_the_start(client, convener, sent_meeting):
    client.force_login(convener)
    assert meeting_url(sent_meeting, "record") not in client.get(meeting_url(sent_meeting)).content.decode()
    with clock.frozen_clock(MEETING_AT + datetime.timedelta(minutes=5)):
        assert meeting_url(sent_meeting, "record") in client.get(meeting_url(sent_meeting)).content.decode()


def test_calendar_download_is_audited(client, actor_staff, sent_meeting):
    client.force_login(actor_staff)
    response = client.get(meeting_url(sent_meeting, "ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.summary, event.user) == ("export", "meeting_ics", actor_staff)


def invite_many(case, convener, region, count):
    units = [
        Unit.objects.create(principal=region, name=f"Enhet {index:02d}", sector=Sector.HEALTH_CARE)
        for index in range(count)
    ]
    give_consent(case, convener, [case.convener_unit, *units])
    meeting = propose(case, convener, units=units, include_individual=True)
    services.meeting_send(meeting=meeting, by=convener)
    for unit in units[:2]:
        staff = make_user(unit)
        services.invitation_answer(
            invitation=meeting.invitations.get(unit=unit), by=staff, answer=Answer.ACCEPT, attendees=[staff]
        )
    return meeting


@pytest.mark.parametrize("count", [3, 30])
def test_meeting_page_query_count_does_not_grow_with_invitations(
    client, convener, consented_case, region, count, django_assert_num_queries
):
    meeting = invite_many(consented_case, convener, region, count)
    client.force_login(convener)
    url = meeting_url(meeting)
    client.get(url)
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        assert client.get(url).status_code == 200


MEETING_PAGE_QUERIES = 15  # with the bell's unread count and the audit's units in the person's cases
