"""Lockout after repeated failed logins (django-axes): five failures lock the username for 30 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db


def fail(client, username: str, times: int, **extra) -> None:
    for _attempt in range(times):
        response = log_in(client, username, "wrong-password", **extra)
        assert response.status_code == 200


def test_the_defaults_are_five_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.SAMORDNA_LOCKOUT_MINUTES == 30
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_five_failures_lock_the_username_even_with_the_right_password(client, convener):
    fail(client, "convener", 4)
    response = log_in(client, "convener", "wrong-password")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in content
    assert "30 minuter" in content

    response = log_in(client, "convener")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_still_let_the_right_password_in(client, convener):
    fail(client, "convener", 4)

    response = log_in(client, "convener")

    assert response.status_code == 302
    assert client.get(reverse("overview:home")).status_code == 200


def test_a_successful_login_starts_the_count_again(client, convener):
    fail(client, "convener", 4)
    log_in(client, "convener")
    client.post(reverse("logout"))

    fail(client, "convener", 4)

    assert log_in(client, "convener").status_code == 302


def test_failures_from_different_addresses_count_together(client, convener):
    for number in range(5):
        log_in(client, "convener", "wrong-password", REMOTE_ADDR=f"10.0.0.{number + 1}")

    assert log_in(client, "convener", REMOTE_ADDR="10.0.0.99").status_code == 429


def test_a_lockout_of_one_username_leaves_others_alone(client, convener, actor_staff):
    fail(client, "convener", 4)
    log_in(client, "convener", "wrong-password")

    assert log_in(client, "actorstaff").status_code == 302


def test_the_lockout_ends_after_thirty_minutes(client, convener):
    fail(client, "convener", 4)
    log_in(client, "convener", "wrong-password")
    assert log_in(client, "convener").status_code == 429

    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31))

    assert log_in(client, "convener").status_code == 302


def test_the_admin_login_is_locked_out_too(client, admin):
    for _attempt in range(5):
        client.post(reverse("admin:login"), {"username": "localadmin", "password": "wrong-password"})

    response = client.post(reverse("admin:login"), {"username": "localadmin", "password": "test-password-123"})

    assert response.status_code == 429


def test_the_attempt_record_keeps_no_password(client, convener):
    fail(client, "convener", 2)

    attempt = AccessAttempt.objects.get()
    assert "wrong-password" not in attempt.post_data
    assert "wrong-password" not in attempt.get_data
