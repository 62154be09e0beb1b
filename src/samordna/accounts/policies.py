"""Who may change another account's login settings."""


def may_reset_second_factor(*, by, user) -> bool:
    """Administrators with the right to change user accounts; only a superuser resets a superuser's."""
    if not (by.is_active and by.has_perm("accounts.change_user")):
        return False
    return by.is_superuser or not user.is_superuser
