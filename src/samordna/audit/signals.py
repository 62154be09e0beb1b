"""Logins, logouts, failed logins and lockouts go to the audit log (HSLF-FS 2016:40 4 kap. 9 §).

Django's auth signals and django-axes' lockout signal are the single place these events are noticed, so
every way in (the login page, the admin's login, a future identity provider) is logged the same way.

What is never written: the password (Django replaces it in the failed-login credentials, and only the
username is read here anyway) and a personnummer typed as a username, which is replaced by
`REDACTED_USERNAME`, so a mistyped login can't put an identity number into the log.
"""

import re

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record

# Why the user was logged out when it was not their own choice; set on the request by whoever calls
# django.contrib.auth.logout (the session-lifetime middleware in accounts) and written as the summary.
LOGOUT_REASON_ATTRIBUTE = "samordna_logout_reason"
LOGIN_SUMMARY = "password"
# How the user logged in when it was not with the password (accounts' OIDC login sets "oidc" on the request).
LOGIN_METHOD_ATTRIBUTE = "samordna_login_method"
REDACTED_USERNAME = "[personnummer]"
# 10 or 12 digits, with or without the - or + separator: a personnummer or samordningsnummer, whoever's.
IDENTITY_NUMBER_LIKE = re.compile(r"(?<!\d)(?:\d{6}|\d{8})[-+]?\d{4}(?!\d)")


def attempted_username(raw) -> str:
    """The username as typed, safe to store: no identity numbers, at most 150 characters."""
    text = str(raw or "").strip()
    if IDENTITY_NUMBER_LIKE.search(re.sub(r"\s", "", text)):
        return REDACTED_USERNAME
    return text[:150]


def _account_named(username: str):
    """The account with that username, so the attempt shows up when an auditor looks that user up."""
    if not username or username == REDACTED_USERNAME:
        return None
    user_model = get_user_model()
    return user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="samordna_audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(user=user, action=AuditAction.LOGIN, summary=getattr(request, LOGIN_METHOD_ATTRIBUTE, LOGIN_SUMMARY))


@receiver(user_logged_out, dispatch_uid="samordna_audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # logging out without being logged in
        return
    reason = getattr(request, LOGOUT_REASON_ATTRIBUTE, "") if request is not None else ""
    audit_record(user=user, action=AuditAction.LOGOUT, summary=reason)


@receiver(user_login_failed, dispatch_uid="samordna_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = attempted_username(credentials.get(get_user_model().USERNAME_FIELD))
    audit_record(user=_account_named(username), username=username, action=AuditAction.LOGIN_FAILED)


@receiver(user_locked_out, dispatch_uid="samordna_audit_lockout")
def audit_lockout(sender, request, username, ip_address, **kwargs) -> None:
    username = attempted_username(username)
    audit_record(user=_account_named(username), username=username, action=AuditAction.LOCKOUT)
