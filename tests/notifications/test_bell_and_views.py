"""The bell in the header, the notification list, marking read and who may see what."""

import pytest
from django.test import Client
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.notifications.models import EmailPreference, Notification, NotificationKind
from samordna.notifications.services import NO_EMAIL_ADDRESS, Target, notifications_create

pytestmark = pytest.mark.django_db

TARGET = Target(case_id=1, case_number="SIP-2026-00001", url="/arenden/1/")


def give(user, kind=NotificationKind.CASE_CLOSED, key="1", target=TARGET) -> Notification:
    notifications_create(kind=kind, recipient_ids=[user.pk], target=target, key=key)
    return Notification.objects.get(recipient=user, key=f"{kind}:{key}")


def bell_count(response) -> str:
    html = response.content.decode()
    start = html.index('class="bell-count">') + len('class="bell-count">')
    return html[start : html.index("<", start)]


def test_new_invitation_appears_in_the_other_units_bell(client, committed, draft_meeting, convener, actor_staff):
    """The school sends the invitation; BUP's staff see it in the bell at their next page, and in the list."""
    client.force_login(actor_staff)
    assert 'class="bell-count"' not in client.get(reverse("overview:home")).content.decode()
    convener_client = Client()
    convener_client.force_login(convener)
    with committed():
        sent = convener_client.post(reverse("meetings:send", args=[draft_meeting.case_id, draft_meeting.pk]))
    assert sent.status_code == 302
    # One reload later, the bell shows it.
    response = client.get(reverse("overview:home"))
    assert bell_count(response) == "1"
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Ny kallelse till din enhet" in listing
    assert draft_meeting.case.reference in listing
    # The sender's own bell stays quiet.
    assert 'class="bell-count"' not in convener_client.get(reverse("overview:home")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, actor_staff):
    notification = give(actor_staff)
    client.force_login(actor_staff)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/arenden/1/"
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_all_read_empties_the_bell(client, actor_staff):
    give(actor_staff, key="1")
    give(actor_staff, key="2")
    client.force_login(actor_staff)
    assert bell_count(client.get(reverse("notifications:list"))) == "2"
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=actor_staff, read_at__isnull=True).exists()
    assert 'class="bell-count"' not in client.get(reverse("notifications:list")).content.decode()


def test_a_user_sees_only_their_own_notifications(client, actor_staff, outsider):
    give(actor_staff, target=Target(case_id=7, case_number="SIP-2026-00777", url="/arenden/7/"))
    client.force_login(outsider)
    assert "SIP-2026-00777" not in client.get(reverse("notifications:list")).content.decode()


def test_marking_someone_elses_notification_returns_404(client, actor_staff, outsider):
    notification = give(actor_staff)
    client.force_login(outsider)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"}).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_marking_all_read_leaves_other_users_alone(client, actor_staff, outsider):
    notification = give(actor_staff)
    client.force_login(outsider)
    client.post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert not notification.is_read


@pytest.mark.parametrize(
    "name,args", [("list", []), ("read", [1]), ("read_all", []), ("settings", [])], ids=lambda v: str(v)
)
def test_anonymous_is_sent_to_login(client, name, args):
    response = client.post(reverse(f"notifications:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_marking_read_takes_only_post(client, actor_staff):
    notification = give(actor_staff)
    client.force_login(actor_staff)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_the_list_costs_the_same_queries_however_many_notifications(client, actor_staff, django_assert_num_queries):
    client.force_login(actor_staff)
    counts = []
    for total in (1, 20):
        for index in range(total):
            give(actor_staff, key=f"{total}-{index}")
        client.get(reverse("notifications:list"))
        with django_assert_num_queries(LIST_QUERIES) as captured:
            client.get(reverse("notifications:list"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


LIST_QUERIES = 5


def test_email_notice_can_be_switched_on_with_an_address_on_the_account(client, actor_staff):
    actor_staff.email = "actor@example.org"
    actor_staff.save()
    client.force_login(actor_staff)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "actor@example.org" in page
    response = client.post(reverse("notifications:settings"), {"email_enabled": "on"})
    assert response.status_code == 302
    assert EmailPreference.objects.get(user=actor_staff).email_enabled
    assert AuditEvent.objects.filter(user=actor_staff, summary="notification_email:on").exists()
    client.post(reverse("notifications:settings"), {})
    assert not EmailPreference.objects.get(user=actor_staff).email_enabled


def test_email_notice_needs_an_address(client, actor_staff):
    client.force_login(actor_staff)
    response = client.post(reverse("notifications:settings"), {"email_enabled": "on"})
    assert response.status_code == 200
    assert str(NO_EMAIL_ADDRESS) in response.content.decode()
    assert not EmailPreference.objects.filter(user=actor_staff, email_enabled=True).exists()


def test_pages_for_anonymous_users_have_no_bell(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'class="bell"' not in response.content.decode()
