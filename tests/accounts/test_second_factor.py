"""The second factor at login: set-up with a QR code, verification with the app or a recovery code."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import services
from samordna.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import RECOVERY_CODES, current_code, enrol, log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]

HOME = reverse("overview:home")
VERIFY = reverse("accounts:second_factor_verify")
ENROL = reverse("accounts:second_factor_enrol")


def test_staff_without_an_authenticator_is_sent_to_set_one_up_after_the_password(client, convener):
    response = log_in(client, "convener")
    assert response.status_code == 302

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{ENROL}?next=%2F"


def test_staff_with_an_authenticator_is_sent_to_verification_with_the_page_they_asked_for(
    client, convener, consented_case
):
    enrol(convener)
    log_in(client, "convener")

    response = client.get(consented_case.get_absolute_url())

    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Farenden%2F{consented_case.pk}%2F"


def test_nothing_but_the_second_factor_pages_answers_before_verification(client, admin, adult):
    enrol(admin)
    log_in(client, "localadmin")

    for url in (HOME, reverse("people:search"), reverse("admin:index"), reverse("people:detail", args=[adult.pk])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url
    assert client.get(VERIFY).status_code == 200


def test_a_post_before_verification_is_refused_and_not_carried_over(client, convener):
    enrol(convener)
    log_in(client, "convener")

    response = client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})

    assert response.status_code == 302
    assert response.url == VERIFY


def test_the_setting_off_lets_the_password_alone_through(client, convener, settings):
    settings.SAMORDNA_REQUIRE_SECOND_FACTOR = False
    log_in(client, "convener")

    assert client.get(HOME).status_code == 200


def test_an_account_without_unit_or_admin_access_needs_no_second_factor(client, django_user_model):
    django_user_model.objects.create_user(username="medborgare", password="test-password-123")
    log_in(client, "medborgare")

    assert client.get(HOME).status_code == 200


def test_enrolment_shows_the_qr_code_inline_and_the_key_in_text(client, convener):
    log_in(client, "convener")

    content = client.get(ENROL).content.decode()

    device = TOTPDevice.objects.get(user=convener)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in content
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', content).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert "Samordna: convener" in content
    assert "http://" not in content.split("<main", 1)[1]
    assert client.get(ENROL).content.decode().count(secret) == 1, "a reload shows the same key"
    assert TOTPDevice.objects.filter(user=convener).count() == 1


def test_enrolment_confirms_with_a_real_code_and_shows_ten_recovery_codes_once(client, convener):
    log_in(client, "convener")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=convener)

    response = client.post(ENROL, {"code": current_code(device), "next": "/"})

    assert response.status_code == 200
    content = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", content)
    assert len(codes) == settings.SAMORDNA_RECOVERY_CODE_COUNT == 10
    assert set(StaticToken.objects.filter(device__user=convener).values_list("token", flat=True)) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200, "the user is verified by the first code"
    again = client.get(ENROL)
    assert again.status_code == 302, "the codes are never shown again"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, user=convener, object_id=str(convener.pk), summary="second_factor_enrolled"
    ).exists()


def test_a_wrong_code_at_enrolment_keeps_the_authenticator_unconfirmed(client, convener):
    log_in(client, "convener")
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert not TOTPDevice.objects.get(user=convener).confirmed
    assert not StaticDevice.objects.filter(user=convener).exists()
    assert client.get(HOME).status_code == 302


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, convener):
    """Otherwise anyone with the password could set up their own phone."""
    device = enrol(convener)
    log_in(client, "convener")

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=convener)) == [device]


def test_verification_with_the_app_code_lets_the_user_in_and_is_audited(client, convener):
    device = enrol(convener)
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": current_code(device), "next": "/personer/"})

    assert response.status_code == 302
    assert response.url == "/personer/"
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, user=convener, summary="second_factor").exists()


def test_verification_rotates_the_session_id(client, convener):
    device = enrol(convener)
    log_in(client, "convener")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(VERIFY, {"code": current_code(device)})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_an_app_code_works_only_once(client, convener):
    device = enrol(convener)
    code = current_code(device)
    log_in(client, "convener")
    client.post(VERIFY, {"code": code})
    client.post(reverse("logout"))
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_a_recovery_code_works_once(client, convener):
    enrol(convener)
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": "AAAA 2222"}, follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assert "Du har 2 reservkoder kvar" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, user=convener, summary="recovery_code").exists()
    client.post(reverse("logout"))
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": RECOVERY_CODES[0]})

    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_wrong_code_is_audited_and_makes_the_next_try_wait(client, convener, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = enrol(convener)
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": "000000"})

    assert "Koden stämmer inte" in response.content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).get()
    assert (event.user, event.summary) == (convener, "second_factor")
    response = client.post(VERIFY, {"code": current_code(device)})
    assert "För många felaktiga koder" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_verification_ignores_a_next_address_on_another_site(client, convener):
    device = enrol(convener)
    log_in(client, "convener")

    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})

    assert response.url == HOME


def test_a_verified_user_going_to_verification_goes_on(client, convener):
    device = enrol(convener)
    log_in(client, "convener")
    client.post(VERIFY, {"code": current_code(device)})

    assert client.get(VERIFY).url == HOME


def test_logout_and_language_switch_work_before_verification(client, convener):
    enrol(convener)
    log_in(client, "convener")

    assert client.post(reverse("set_language"), {"language": "en", "next": VERIFY}).url == VERIFY
    assert client.post(reverse("logout")).url == reverse("login")
    assert client.get(HOME).url.startswith(reverse("login"))


def test_service_refuses_enrolment_when_an_authenticator_exists(convener):
    enrol(convener)

    with pytest.raises(services.PermissionDenied):
        services.second_factor_enrolment_device(user=convener)
