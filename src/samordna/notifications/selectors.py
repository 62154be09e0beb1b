"""Reads: a user's own notifications only."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from samordna.notifications.models import EmailPreference, Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def get_own_notification(user, pk) -> Notification:
    """The user's notification `pk`; 404 when it is someone else's or does not exist."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def email_preference_for(user) -> EmailPreference:
    """The user's e-mail setting; off (unsaved) when never set."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)
