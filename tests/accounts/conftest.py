"""Fixtures for login tests: the second factor switched on, and staff who have set up an authenticator.

The personas come from tests/conftest.py; `make_user` gives them the password PASSWORD.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "test-password-123"
RECOVERY_CODES = ["aaaa2222", "bbbb3333", "cccc4444"]


@pytest.fixture(autouse=True)
def swedish():
    """Swedish, the source language, whatever an earlier test's request left active in this thread."""
    with translation.override("sv"):
        yield


@pytest.fixture
def second_factor_required(settings):
    """As in production and `make run`; the test settings switch it off for the rest of the suite."""
    settings.SAMORDNA_REQUIRE_SECOND_FACTOR = True


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows right now for the device's key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator and the recovery codes RECOVERY_CODES, as if the user had set them up."""
    device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Reservkoder", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in RECOVERY_CODES)
    return device


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)
