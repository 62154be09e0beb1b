"""Demo: `skola` and `bup` have asked for e-mail notices, so `make run` shows in its console what such a notice
says (only that there is something new, and the login page)."""

from samordna.notifications.models import EmailPreference

EMAIL_NOTICE_USERS = ("skola", "bup")


def enable_email_notices(users: dict) -> None:
    for username in EMAIL_NOTICE_USERS:
        EmailPreference.objects.create(user=users[username], email_enabled=True)
