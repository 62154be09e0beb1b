"""Background work of the notifications app, run by the database task worker (`manage.py db_worker`)."""

from django_tasks import task

from samordna.notifications.services import email_notices_send


@task()
def deliver_email_notices() -> int:
    """Send the pending e-mail notices (one per user); returns how many were sent."""
    return email_notices_send()
