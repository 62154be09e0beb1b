"""The roles a user had at login, kept in the session so the menu can offer the role pages (log follow-up,
county pages, statistics) without a database query on every page.

Only the menu reads this. Every role page checks the user's memberships itself, so a role removed during
a session hides nothing that should be hidden; the link just stays until the next login.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_ROLES_KEY = "samordna_roles"


@receiver(user_logged_in, dispatch_uid="samordna_session_roles")
def remember_roles(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    roles = user.memberships.filter(unit__is_active=True).values_list("role", flat=True).distinct()
    request.session[SESSION_ROLES_KEY] = sorted(set(roles))
