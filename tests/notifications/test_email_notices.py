"""E-mail notices: only "something new in Samordna" and the login page, never anything about a person or a
case, for every kind of notification; never for a person with protected identity."""

import re
from unittest import mock

import pytest
from django.core import mail

from samordna.demo.seed import PERSONS, seed_demo
from samordna.meetings import services as meeting_services
from samordna.notifications.models import EmailPreference, EmailStatus, Notification, NotificationKind
from samordna.notifications.services import Target, email_notices_send, notifications_create
from samordna.people.models import Person
from tests.conftest import ADULT_NUMBER, CHILD_NUMBER

pytestmark = pytest.mark.django_db


def wants_email(user, address="staff@example.org"):
    user.email = address
    user.save()
    EmailPreference.objects.create(user=user, email_enabled=True)
    return user


def personal_data(*persons) -> set[str]:
    """Every name and number that must never be in a notice: the demo seed's people and their circles, and
    the test persons, with their numbers in every written form."""
    words = set()
    for seed in PERSONS:
        words |= {seed.first_name, seed.last_name, seed.representative}
        words |= {name for name, _female in seed.guardians} | {name for name, _relation in seed.related}
    for person in persons:
        words |= {person.first_name, person.last_name, person.full_name}
    for number in (ADULT_NUMBER, CHILD_NUMBER, *(person.personal_identity_number for person in persons)):
        digits = re.sub(r"\D", "", number)
        words |= {digits, digits[2:], f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}-{digits[8:]}"}
    return {word for word in words if word}


def sent_text() -> str:
    return "\n".join(f"{message.subject}\n{message.body}" for message in mail.outbox)


@pytest.mark.parametrize("kind", NotificationKind.values)
def test_no_notice_of_any_kind_carries_personal_data_or_case_content(committed, kind, consented_case, actor_staff):
    case = consented_case
    wants_email(actor_staff)
    with committed():
        notifications_create(
            kind=kind,
            recipient_ids=[actor_staff.pk],
            target=Target.for_case(case),
            key="privacy",
            # Even a careless detail never reaches the e-mail.
            detail=f"{case.person.full_name} {case.need_description}",
        )
    assert len(mail.outbox) == 1
    text = sent_text()
    assert "Samordna" in text
    assert "http://127.0.0.1:8000/logga-in/" in text
    for word in personal_data(case.person):
        assert word not in text, word
    for content in (case.reference, case.need_description, case.get_absolute_url()):
        assert content not in text, content
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.SENT


def test_a_real_invitation_sends_a_notice_without_the_persons_name(committed, draft_meeting, convener, actor_staff):
    wants_email(actor_staff)
    with committed():
        meeting_services.meeting_send(meeting=draft_meeting, by=convener)
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]
    for word in personal_data(draft_meeting.case.person):
        assert word not in sent_text()
    assert draft_meeting.purpose not in sent_text()


def test_protected_identity_never_produces_email(committed, consented_case, actor_staff):
    person = consented_case.person
    person.protected_identity = True
    person.save()
    wants_email(actor_staff)
    with committed():
        notifications_create(
            kind=NotificationKind.CASE_CLOSED,
            recipient_ids=[actor_staff.pk],
            target=Target.for_case(consented_case),
            key="protected",
        )
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=actor_staff)
    assert notification.email_status == EmailStatus.NONE
    email_notices_send()
    assert mail.outbox == []


def test_no_email_without_the_setting(committed, actor_staff):
    actor_staff.email = "staff@example.org"
    actor_staff.save()
    with committed():
        notifications_create(
            kind=NotificationKind.CASE_CLOSED, recipient_ids=[actor_staff.pk], target=Target(), key="off"
        )
    assert mail.outbox == []
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.NONE


def test_several_new_notifications_make_one_notice(actor_staff):
    wants_email(actor_staff)
    for key in ("1", "2", "3"):
        notifications_create(
            kind=NotificationKind.CASE_CLOSED, recipient_ids=[actor_staff.pk], target=Target(), key=key
        )
    assert email_notices_send() == 1
    assert len(mail.outbox) == 1
    assert email_notices_send() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_the_notice_waiting_for_the_next_run(actor_staff):
    wants_email(actor_staff)
    notifications_create(kind=NotificationKind.CASE_CLOSED, recipient_ids=[actor_staff.pk], target=Target(), key="x")
    mail_server_down = mock.patch("samordna.notifications.services.send_mail", side_effect=OSError("down"))
    with mail_server_down, pytest.raises(OSError):
        email_notices_send()
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.PENDING
    assert email_notices_send() == 1
    assert Notification.objects.get(recipient=actor_staff).email_status == EmailStatus.SENT


def test_switching_email_off_drops_waiting_notices(actor_staff):
    from samordna.notifications.services import email_preference_set

    wants_email(actor_staff)
    notifications_create(kind=NotificationKind.CASE_CLOSED, recipient_ids=[actor_staff.pk], target=Target(), key="x")
    email_preference_set(user=actor_staff, email_enabled=False)
    assert email_notices_send() == 0
    assert mail.outbox == []


def test_the_demo_notices_go_out_without_any_demo_persons_data(committed):
    """The demo's `skola` and `bup` want e-mail: loading the demo sends them notices that name nobody."""
    with committed():
        seed_demo()
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        EmailPreference.objects.filter(email_enabled=True).values_list("user__email", flat=True)
    )
    text = sent_text()
    for word in personal_data():
        assert word not in text, word
    for person in Person.objects.all():
        assert person.last_name not in text
        assert person.personal_identity_number not in text
