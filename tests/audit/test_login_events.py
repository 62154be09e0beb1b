"""Every login, logout, failed login and lockout is in the audit log, and no password ever is."""

from collections import Counter

import pytest
from django.urls import reverse

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.signals import REDACTED_USERNAME, attempted_username
from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "Hemligt-lösen-som-aldrig-loggas"


def all_audit_text() -> str:
    fields = ("username", "action", "object_type", "object_id", "summary", "reason")
    return "\n".join(" ".join(str(value) for value in row) for row in AuditEvent.objects.values_list(*fields))


def test_a_login_is_audited_with_the_user(client, convener):
    log_in(client, "convener")

    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username, event.summary) == (
        AuditAction.LOGIN,
        convener,
        "convener",
        "password",
    )


def test_a_logout_is_audited(client, convener):
    log_in(client, "convener")

    client.post(reverse("logout"))

    event = AuditEvent.objects.latest("id")
    assert (event.action, event.user) == (AuditAction.LOGOUT, convener)


def test_a_logout_without_a_login_writes_nothing(client, db):
    client.post(reverse("logout"))

    assert not AuditEvent.objects.exists()


def test_a_failed_login_is_audited_with_the_username_but_not_the_password(client, convener):
    log_in(client, "convener", WRONG_PASSWORD)

    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username) == (AuditAction.LOGIN_FAILED, convener, "convener")
    assert WRONG_PASSWORD not in all_audit_text()


def test_a_failed_login_with_an_unknown_username_keeps_what_was_typed(client, db):
    log_in(client, "okand.person", WRONG_PASSWORD)

    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username) == (AuditAction.LOGIN_FAILED, None, "okand.person")


def test_a_personnummer_typed_as_username_is_not_logged(client, db):
    log_in(client, "19121212-1212", WRONG_PASSWORD)

    event = AuditEvent.objects.get()
    assert event.username == REDACTED_USERNAME
    assert "1212" not in all_audit_text()


@pytest.mark.parametrize(
    "typed", ["191212121212", "19121212-1212", "121212-1212", "121212+1212", "1212121212", " 1912 1212-1212 "]
)
def test_every_way_of_writing_a_personnummer_is_redacted(typed):
    assert attempted_username(typed) == REDACTED_USERNAME


@pytest.mark.parametrize("typed", ["skola.chef", "anna1985", "user2024-01"])
def test_ordinary_usernames_are_kept(typed):
    assert attempted_username(typed) == typed


def test_a_lockout_is_audited_and_every_attempt_too(client, convener):
    for _attempt in range(5):
        log_in(client, "convener", WRONG_PASSWORD)
    log_in(client, "convener")

    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {AuditAction.LOGIN_FAILED: 6, AuditAction.LOCKOUT: 2}, "the fifth failure and the refused sixth"
    lockout = AuditEvent.objects.filter(action=AuditAction.LOCKOUT).first()
    assert (lockout.user, lockout.username) == (convener, "convener")
    assert WRONG_PASSWORD not in all_audit_text()
    assert "test-password-123" not in all_audit_text()
