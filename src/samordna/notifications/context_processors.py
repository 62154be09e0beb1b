"""The bell in the header: the unread count, read at most once per page (one query) and only when shown."""

from django.utils.functional import SimpleLazyObject

from samordna.notifications.selectors import unread_count


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
