"""Resetting a user's second factor from the admin (a lost phone), as a superuser."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import services
from samordna.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import enrol

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


def reset(client, *users):
    return client.post(
        CHANGELIST, {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]}, follow=True
    )


def test_superuser_resets_a_users_second_factor_and_it_is_audited(admin_client, admin_user, convener, actor_staff):
    enrol(convener)
    enrol(actor_staff)

    response = reset(admin_client, convener)

    assert response.status_code == 200
    assert "återställdes för 1 användare" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=convener).exists()
    assert not StaticDevice.objects.filter(user=convener).exists()
    assert TOTPDevice.objects.filter(user=actor_staff).exists()
    event = AuditEvent.objects.get(summary="second_factor_reset")
    assert (event.action, event.user, event.object_type, event.object_id) == (
        AuditAction.UPDATE,
        admin_user,
        "accounts.user",
        str(convener.pk),
    )


def test_the_user_list_shows_who_has_a_second_factor(admin_client, convener, actor_staff):
    enrol(convener)

    rows = {user.username: user.second_factor for user in admin_client.get(CHANGELIST).context["cl"].result_list}

    assert rows["convener"] is True
    assert rows["actorstaff"] is False


def test_after_a_reset_the_user_sets_up_a_new_authenticator_at_next_login(client, admin_user, convener, settings):
    settings.SAMORDNA_REQUIRE_SECOND_FACTOR = True
    enrol(convener)
    services.second_factor_reset(user=convener, by=admin_user)

    client.post(reverse("login"), {"username": "convener", "password": "test-password-123"})

    assert client.get(reverse("overview:home")).url.startswith(reverse("accounts:second_factor_enrol"))


def test_a_user_administrator_who_is_not_superuser_cannot_reset_a_superuser(client, convener, admin_user):
    convener.is_staff = True
    convener.save()
    convener.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"], content_type__app_label="accounts")
    )
    enrol(admin_user)
    client.force_login(convener)

    response = reset(client, admin_user)

    assert "hoppades över" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    assert not AuditEvent.objects.filter(summary="second_factor_reset").exists()


def test_staff_without_the_right_to_change_users_may_not_reset(convener, actor_staff):
    convener.is_staff = True
    enrol(actor_staff)

    with pytest.raises(services.PermissionDenied):
        services.second_factor_reset(user=actor_staff, by=convener)
    assert TOTPDevice.objects.filter(user=actor_staff).exists()
