"""The second factor (TOTP, django-otp): enrolment, verification at login, recovery codes and reset.

A staff account has at most one confirmed TOTP device (an authenticator app) and one static device
holding its unused recovery codes. Verifying a code counts a failure on the device it was checked
against, and django-otp makes each further try wait twice as long; the failure is committed even though
the caller gets an error, so throttling can't be undone by a rollback.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import device_classes
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.policies import may_reset_second_factor
from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record

INVALID_CODE = _("Koden stämmer inte. Skriv koden som visas i appen just nu, eller en av dina reservkoder.")
INVALID_ENROLMENT_CODE = _(
    "Koden stämmer inte. Kontrollera att du lade till rätt konto i appen och att telefonens klocka går rätt."
)
TOO_MANY_ATTEMPTS = _("För många felaktiga koder i rad. Vänta en minut och försök igen.")
ALREADY_ENROLLED = _("Tvåstegsverifiering är redan aktiverad för kontot.")

AUTHENTICATOR_NAME = "Autentiseringsapp"
RECOVERY_CODES_NAME = "Reservkoder"
TOTP_CODE = re.compile(r"^\d{6}$")


def normalize_code(code: str) -> str:
    """People type codes with spaces or dashes, and recovery codes in capitals; none of that matters."""
    return re.sub(r"[\s-]", "", code).lower()


def second_factor_enrolment_device(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator the user is setting up. The same one until it is confirmed, so
    reloading the page shows the same QR code."""
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise PermissionDenied(ALREADY_ENROLLED)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def second_factor_enrol(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with its first code and hand out new recovery codes.

    Returns the recovery codes in clear text: the only time they are shown. Raises ValidationError when
    the code is wrong (or too many were), PermissionDenied when the account already has a second factor
    (a new one is set up only after an administrator's reset)."""
    codes: list[str] = []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed or TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            raise PermissionDenied(ALREADY_ENROLLED)
        allowed, _details = device.verify_is_allowed()
        verified = allowed and device.verify_token(normalize_code(code))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _replace_recovery_codes(user)
            audit_record(user=user, action=AuditAction.UPDATE, obj=user, summary="second_factor_enrolled")
    if not verified:
        raise ValidationError(INVALID_ENROLMENT_CODE if allowed else TOO_MANY_ATTEMPTS, code="invalid")
    return codes


def second_factor_verify(*, user, code: str) -> Device:
    """Check a code from the authenticator or an unused recovery code; returns the device that accepted it.

    A six-digit code is checked against the authenticator, anything else against the recovery codes, so a
    typo counts against one device only. A recovery code works once. Success and failure are audited."""
    code = normalize_code(code)
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("-id").first()
        allowed = device is not None and device.verify_is_allowed()[0]
        verified = allowed and device.verify_token(code)
        if verified:
            summary = "second_factor" if model is TOTPDevice else "recovery_code"
            audit_record(user=user, action=AuditAction.LOGIN, summary=summary)
        else:
            audit_record(user=user, action=AuditAction.LOGIN_FAILED, summary="second_factor")
    if not verified:
        throttled = device is not None and not allowed
        raise ValidationError(TOO_MANY_ATTEMPTS if throttled else INVALID_CODE, code="invalid")
    return device


@transaction.atomic
def second_factor_reset(*, user, by) -> None:
    """Remove the user's authenticator and recovery codes (a lost phone). At their next login they set up a
    new authenticator; a session they still have is sent to set-up at its next request."""
    if not may_reset_second_factor(by=by, user=user):
        raise PermissionDenied
    second_factor_remove(user=user, by=by)


def second_factor_remove(*, user, by) -> None:
    """The reset itself, for callers that have checked the right to do it under their own rule (a local
    administrator's scope lives in organizations, above this app)."""
    for model in device_classes():
        model.objects.filter(user=user).delete()
    audit_record(user=by, action=AuditAction.UPDATE, obj=user, summary="second_factor_reset")


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(settings.SAMORDNA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
