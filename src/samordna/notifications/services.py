"""Writes: create notifications (once per recipient and key), mark them read, the e-mail setting, and the
e-mail notices themselves.

Domain services call `notify(...)` inside their transaction; the notifications are created only when that
transaction commits (`transaction.on_commit`), so a rolled-back change never tells anyone anything. The
caller decides who is told (it knows its units and cases); this app only knows user ids and a `Target`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.common import clock
from samordna.notifications.models import EmailPreference, EmailStatus, Notification, NotificationKind

NO_EMAIL_ADDRESS = _("Ditt konto har ingen e-postadress. Be din administratör lägga till den först.")
NOT_YOUR_NOTIFICATION = _("Notisen är inte din.")

# The whole e-mail notice: nothing about the case, the person or even the kind of notification.
EMAIL_SUBJECT = _("Nytt i Samordna")
EMAIL_BODY = _(
    "Hej!\n\n"
    "Det finns något nytt för dig i Samordna. Logga in för att se det:\n"
    "%(login_url)s\n\n"
    "Av sekretesskäl står inget mer i det här meddelandet.\n"
    "Du kan stänga av e-postaviseringar under Notiser, Inställningar i Samordna.\n"
)


@dataclass(frozen=True)
class Target:
    """What a notification points at, by generic reference only."""

    case_id: int | None = None
    case_number: str = ""
    url: str = ""
    protected_identity: bool = False

    @classmethod
    def for_case(cls, case, *, url: str | None = None) -> "Target":
        """From any case-like object (`pk`, `reference`, `get_absolute_url()`, `person.protected_identity`);
        duck-typed so that this app never imports the cases app. `url=""` for no link."""
        return cls(
            case_id=case.pk,
            case_number=case.reference,
            url=case.get_absolute_url() if url is None else url,
            protected_identity=bool(case.person.protected_identity),
        )


def _recipient_ids(recipients: Iterable, exclude=None) -> list[int]:
    """User ids from users, ids or a user queryset; without the acting user, who knows already."""
    if isinstance(recipients, models.QuerySet):
        ids = set(recipients.values_list("pk", flat=True))
    else:
        ids = {getattr(recipient, "pk", recipient) for recipient in recipients}
    ids.discard(None)
    if exclude is not None:
        ids.discard(getattr(exclude, "pk", exclude))
    return sorted(ids)


def notify(
    *, kind: NotificationKind, recipients: Iterable, target: Target, key: str, by=None, detail: str = ""
) -> None:
    """Tell `recipients` (users, ids or a user queryset, read now) about `target` once the surrounding
    transaction commits. `key` names the occurrence (e.g. "invitation:12"): the same key never reaches the
    same user twice. The acting user `by` is left out."""
    recipient_ids = _recipient_ids(recipients, exclude=by)
    if not recipient_ids:
        return
    transaction.on_commit(
        partial(notifications_create, kind=kind, recipient_ids=recipient_ids, target=target, key=key, detail=detail)
    )


def notify_assigned(*, assignee, target: Target, key: str, by=None) -> None:
    """A case or an invitation was assigned to `assignee` (for the unit inbox's assignment service)."""
    notify(kind=NotificationKind.ASSIGNED, recipients=[assignee], target=target, key=key, by=by)


@transaction.atomic
def notifications_create(
    *, kind: NotificationKind, recipient_ids: Iterable[int], target: Target, key: str, detail: str = ""
) -> None:
    """Create the notifications now, at most one per recipient and key (a repeat is ignored by the unique
    constraint, so a rerun after a crash creates only what is missing). Recipients who asked for e-mail get
    a notice from the worker, never for a person with protected identity."""
    recipient_ids = list(recipient_ids)
    email_ids = set() if target.protected_identity else _email_recipient_ids(recipient_ids)
    now = clock.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                case_id=target.case_id,
                case_number=target.case_number[:40],
                url=target.url[:255],
                detail=str(detail)[:255],
                key=f"{kind}:{key}"[:200],
                created_at=now,
                email_status=EmailStatus.PENDING if recipient_id in email_ids else EmailStatus.NONE,
            )
            for recipient_id in recipient_ids
        ],
        ignore_conflicts=True,
    )
    if email_ids:
        transaction.on_commit(_enqueue_email_delivery)


def _email_recipient_ids(recipient_ids: list[int]) -> set[int]:
    return set(
        EmailPreference.objects.filter(user_id__in=recipient_ids, email_enabled=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )


def email_notices_enqueue_waiting() -> bool:
    """Queue a delivery when notices are still waiting, e.g. after a worker was killed while sending; the
    periodic sweep calls this, so nothing waits longer than one sweep interval. True when one was queued."""
    if not Notification.objects.filter(email_status=EmailStatus.PENDING).exists():
        return False
    _enqueue_email_delivery()
    return True


def _enqueue_email_delivery() -> None:
    from samordna.notifications.tasks import deliver_email_notices

    deliver_email_notices.enqueue()


@transaction.atomic
def notification_mark_read(*, notification: Notification, by) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionDenied(NOT_YOUR_NOTIFICATION)
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by) -> int:
    """Mark every unread notification of `by` read; returns how many there were."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def email_preference_set(*, user, email_enabled: bool) -> EmailPreference:
    """Turn the e-mail notice on or off for `user`. On needs an address on the account."""
    if email_enabled and not user.email:
        raise ValidationError({"email_enabled": NO_EMAIL_ADDRESS})
    preference, _created = EmailPreference.objects.select_for_update().get_or_create(user=user)
    preference.email_enabled = email_enabled
    preference.full_clean()
    preference.save()
    if not email_enabled:
        Notification.objects.filter(recipient=user, email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.NONE
        )
    audit_record(
        user=user,
        action=AuditAction.UPDATE,
        obj=preference,
        summary=f"notification_email:{'on' if email_enabled else 'off'}",
    )
    return preference


def email_notice_text() -> tuple[str, str]:
    """Subject and body of the notice, in the installation's language: only that there is something new,
    and the login page."""
    login_url = settings.SAMORDNA_BASE_URL + reverse("login")
    with translation.override(settings.LANGUAGE_CODE):
        return str(EMAIL_SUBJECT), str(EMAIL_BODY) % {"login_url": login_url}


def email_notices_send() -> int:
    """Send one notice to each user with pending notifications; returns how many were sent.

    Each user's pending rows are claimed by a conditional update (still pending -> sent) in the same
    transaction as the sending, so two workers never both send, and a failed send leaves them pending."""
    subject, body = email_notice_text()
    sent = 0
    user_ids = set(Notification.objects.filter(email_status=EmailStatus.PENDING).values_list("recipient_id", flat=True))
    for user in get_user_model().objects.filter(pk__in=user_ids).select_related("notification_email_preference"):
        pending = Notification.objects.filter(recipient=user, email_status=EmailStatus.PENDING)
        preference = getattr(user, "notification_email_preference", None)
        with transaction.atomic():
            if not (user.is_active and user.email and preference and preference.email_enabled):
                pending.update(email_status=EmailStatus.NONE)
                continue
            if not pending.update(email_status=EmailStatus.SENT, email_sent_at=clock.now()):
                continue
            send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
