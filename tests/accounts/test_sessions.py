"""Sessions: a new id at login, an idle timeout, an absolute lifetime, and a logout that ends it on the server.

Session times are wall-clock times stored in the session; the tests move them back instead of waiting.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from samordna.accounts.middleware import LAST_SEEN_SESSION_KEY, LOGIN_AT_SESSION_KEY
from samordna.audit.models import AuditAction, AuditEvent
from samordna.common import clock
from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db

HOME = reverse("overview:home")
LOGIN = reverse("login")


def age_session(client, *, login_ago: datetime.timedelta, idle_for: datetime.timedelta) -> None:
    session = client.session
    now = datetime.datetime.now(datetime.UTC).timestamp()
    session[LOGIN_AT_SESSION_KEY] = now - login_ago.total_seconds()
    session[LAST_SEEN_SESSION_KEY] = now - idle_for.total_seconds()
    session.save()


def test_login_issues_a_new_session_id_and_drops_the_old_one(client, convener):
    anonymous_session = client.session
    anonymous_session["before_login"] = True
    anonymous_session.save()
    old_key = anonymous_session.session_key

    log_in(client, "convener")

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.get(HOME).status_code == 200


def test_a_session_idle_for_thirty_minutes_is_logged_out_with_a_message(client, convener):
    log_in(client, "convener")
    age_session(client, login_ago=datetime.timedelta(hours=1), idle_for=datetime.timedelta(minutes=30))

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/"
    page = client.get(response.url).content.decode()
    assert "inte har varit aktiv på en stund" in page
    assert client.get(HOME).status_code == 302
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT).get()
    assert (event.user, event.summary) == (convener, "idle_timeout")


def test_a_session_idle_for_less_than_the_timeout_goes_on_and_counts_as_activity(client, convener):
    log_in(client, "convener")
    age_session(client, login_ago=datetime.timedelta(hours=1), idle_for=datetime.timedelta(minutes=29))

    assert client.get(HOME).status_code == 200

    last_seen = client.session[LAST_SEEN_SESSION_KEY]
    assert datetime.datetime.now(datetime.UTC).timestamp() - last_seen < 60


def test_a_session_ends_ten_hours_after_login_however_active(client, convener):
    log_in(client, "convener")
    age_session(client, login_ago=datetime.timedelta(hours=10), idle_for=datetime.timedelta(minutes=1))

    response = client.get(HOME)

    assert response.url == f"{LOGIN}?next=/"
    assert "har varit inloggad länge" in client.get(response.url).content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT).get()
    assert (event.user, event.summary) == (convener, "max_lifetime")


def test_the_timeouts_come_from_the_settings(client, convener, settings):
    settings.SAMORDNA_SESSION_IDLE_MINUTES = 5
    settings.SAMORDNA_SESSION_MAX_HOURS = 2
    log_in(client, "convener")
    age_session(client, login_ago=datetime.timedelta(hours=1), idle_for=datetime.timedelta(minutes=6))

    assert client.get(HOME).status_code == 302

    log_in(client, "convener")
    age_session(client, login_ago=datetime.timedelta(hours=2), idle_for=datetime.timedelta(minutes=1))

    assert client.get(HOME).status_code == 302


def test_the_process_clock_moving_days_ahead_does_not_log_anyone_out(client, convener):
    """The injectable clock is "which day it is" in the SIP process, not the session's wall clock."""
    client.force_login(convener)
    with clock.frozen_clock(datetime.date(2027, 1, 15)):
        assert client.get(HOME).status_code == 200


def test_logout_needs_a_post(client, convener):
    client.force_login(convener)

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(HOME).status_code == 200


def test_logout_deletes_the_session_on_the_server(client, convener):
    client.force_login(convener)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("logout"))

    assert response.url == LOGIN
    assert not Session.objects.filter(session_key=session_key).exists()
    event = AuditEvent.objects.filter(action=AuditAction.LOGOUT).get()
    assert (event.user, event.summary) == (convener, "")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert client.get(HOME).status_code == 302, "the old cookie opens nothing"
