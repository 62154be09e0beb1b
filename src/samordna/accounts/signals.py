"""Login bookkeeping that belongs to the account, not to the audit log (which has its own receivers)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from samordna.accounts.middleware import session_lifetime_start


@receiver(user_logged_in, dispatch_uid="samordna_session_lifetime_start")
def start_session_lifetime(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_lifetime_start(request.session)
