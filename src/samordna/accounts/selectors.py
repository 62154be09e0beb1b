"""Reads about an account's login: whether it needs a second factor and which devices it has."""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def requires_second_factor(user) -> bool:
    """Staff accounts need a second factor: anyone placed in a unit, with admin access, or a superuser.

    `memberships` is the reverse relation of organizations.Membership; reading it through the user keeps
    accounts free of an import from the app above it."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.memberships.exists()


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0
