"""The organisations admin as a local administrator (the `admin` persona, local administrator of the
municipality) and as a superuser sees it."""

import pytest
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse

from samordna.organizations.models import ContactRoute, Membership, Principal, Role, RoutineProfile, Unit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"admin:organizations_{name}", args=args)


@pytest.fixture
def admin_session(client, admin):
    client.force_login(admin)
    return client


def test_local_admin_sees_their_municipalitys_units_only(admin_session, school_unit, social_unit, bup_unit):
    """The unit list holds the municipality's units and none of the region's."""
    response = admin_session.get(url("unit_changelist"))

    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == {school_unit, social_unit}


def test_local_admin_is_sent_away_from_a_region_units_change_page(admin_session, bup_unit):
    """Django admin answers a unit outside the scope as if it did not exist: a redirect to the admin index."""
    response = admin_session.get(url("unit_change", bup_unit.pk))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_local_admin_cannot_change_a_region_unit_by_posting(admin_session, bup_unit, municipality):
    response = admin_session.post(
        url("unit_change", bup_unit.pk),
        {"principal": municipality.pk, "name": "Kapad", "sector": "school", "is_active": "on"},
    )

    assert response.status_code == 302
    bup_unit.refresh_from_db()
    assert bup_unit.name == "BUP Test"


def test_local_admin_changes_a_unit_of_their_municipality(admin_session, social_unit, municipality):
    response = admin_session.post(
        url("unit_change", social_unit.pk),
        {
            "principal": municipality.pk,
            "name": "Socialtjänsten, mottagningen",
            "sector": "social_services",
            "is_active": "on",
            "contact_routes-TOTAL_FORMS": "1",
            "contact_routes-INITIAL_FORMS": "0",
            "contact_routes-0-label": "När handläggare inte är känd",
            "contact_routes-0-phone": "0221-000 00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    social_unit.refresh_from_db()
    assert social_unit.name == "Socialtjänsten, mottagningen"
    assert social_unit.contact_routes.get().label == "När handläggare inte är känd"


def test_local_admin_can_only_choose_their_own_principal_for_a_new_unit(admin_session, municipality, region):
    response = admin_session.get(url("unit_add"))

    assert list(response.context["adminform"].form.fields["principal"].queryset) == [municipality]

    response = admin_session.post(url("unit_add"), {"principal": region.pk, "name": "Ny enhet", "sector": "other"})

    assert response.status_code == 200
    assert "principal" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(name="Ny enhet").exists()


def test_local_admin_cannot_pick_another_principals_unit_in_the_membership_form(
    admin_session, school_unit, social_unit, bup_unit, convener
):
    response = admin_session.get(url("membership_add"))

    offered = set(response.context["adminform"].form.fields["unit"].queryset)
    assert offered == {school_unit, social_unit}

    response = admin_session.post(url("membership_add"), {"user": convener.pk, "unit": bup_unit.pk, "role": Role.STAFF})

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(unit=bup_unit, user=convener).exists()


def test_local_admin_adds_a_membership_in_their_municipality(admin_session, social_unit, convener):
    response = admin_session.post(
        url("membership_add"), {"user": convener.pk, "unit": social_unit.pk, "role": Role.MANAGER}
    )

    assert response.status_code == 302
    assert Membership.objects.filter(unit=social_unit, user=convener, role=Role.MANAGER).exists()


def test_membership_user_choices_are_the_municipalitys_staff_and_unplaced_accounts(
    admin_session, admin, convener, actor_staff, django_user_model
):
    """Staff who work only for the region are not offered; neither are superusers."""
    unplaced = django_user_model.objects.create_user(username="nyanstalld", password="x-password-123")
    django_user_model.objects.create_superuser(username="root", password="x-password-123")

    response = admin_session.get(url("membership_add"))

    field = response.context["adminform"].form.fields["user"]
    assert set(field.queryset) == {admin, convener, unplaced}
    assert field.label_from_instance(convener) == "Test Convener (convener)"


def test_local_admin_sees_only_memberships_and_contact_routes_of_their_municipality(
    admin_session, school_unit, bup_unit, convener, actor_staff
):
    ContactRoute.objects.create(unit=school_unit, phone="0221-000 01")
    ContactRoute.objects.create(unit=bup_unit, phone="021-000 02")

    memberships = admin_session.get(url("membership_changelist")).context["cl"].queryset
    routes = admin_session.get(url("contactroute_changelist")).context["cl"].queryset

    assert {membership.unit for membership in memberships} == {school_unit}
    assert [route.unit for route in routes] == [school_unit]


def test_local_admin_cannot_add_a_contact_route_to_a_region_unit(admin_session, bup_unit):
    response = admin_session.post(url("contactroute_add"), {"unit": bup_unit.pk, "phone": "021-000 03"})

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not ContactRoute.objects.exists()


def test_local_admin_views_but_cannot_change_their_principal(admin_session, municipality, region):
    response = admin_session.get(url("principal_change", municipality.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False

    response = admin_session.post(url("principal_change", municipality.pk), {"name": "Ny", "kind": "region"})

    assert response.status_code == 403
    municipality.refresh_from_db()
    assert (municipality.name, municipality.kind) == ("Testkommun", "municipality")
    assert admin_session.get(url("principal_change", region.pk)).status_code == 302
    assert admin_session.get(url("principal_add")).status_code == 403


def test_local_admin_may_only_read_routine_profiles(admin_session, profile):
    assert admin_session.get(url("routineprofile_change", profile.pk)).status_code == 200

    response = admin_session.post(url("routineprofile_change", profile.pk), {"name": "Ändrad"})

    assert response.status_code == 403
    assert RoutineProfile.objects.get(pk=profile.pk).name == profile.name
    assert admin_session.get(url("routineprofile_add")).status_code == 403


def test_local_admin_cannot_delete(admin_session, social_unit):
    """Units are deactivated, not deleted; memberships are moved or changed by a superuser."""
    membership = Membership.objects.get(user__username="localadmin")

    assert admin_session.get(url("unit_delete", social_unit.pk)).status_code == 403
    assert admin_session.get(url("membership_delete", membership.pk)).status_code == 403


def test_local_admin_sees_nothing_outside_organisations_and_escalation_levels(admin_session, admin):
    assert admin_session.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert admin_session.get(reverse("admin:accounts_user_change", args=[admin.pk])).status_code == 403
    assert admin_session.get(reverse("admin:audit_auditevent_changelist")).status_code == 403

    apps = admin_session.get(reverse("admin:index")).context["app_list"]

    assert [app["app_label"] for app in apps] == ["deviations", "organizations"]
    assert [model["object_name"] for model in apps[0]["models"]] == ["EscalationLevel"]


def test_staff_user_without_the_local_admin_role_gets_no_organisations(client, convener):
    convener.is_staff = True
    convener.save()
    client.force_login(convener)

    assert client.get(url("unit_changelist")).status_code == 403
    assert client.get(reverse("admin:index")).context["app_list"] == []


def test_local_admin_of_a_deactivated_unit_loses_the_admin(admin_session, school_unit):
    school_unit.is_active = False
    school_unit.save()

    assert admin_session.get(url("unit_changelist")).status_code == 403


def test_superuser_sees_all_units_and_principals(admin_client, school_unit, social_unit, bup_unit, other_unit):
    units = admin_client.get(url("unit_changelist")).context["cl"].queryset
    principals = admin_client.get(url("principal_changelist")).context["cl"].queryset

    assert set(units) == {school_unit, social_unit, bup_unit, other_unit}
    assert set(principals) == set(Principal.objects.all())
    assert admin_client.get(url("unit_change", bup_unit.pk)).status_code == 200


def test_superuser_picks_the_user_with_autocomplete(admin_client):
    response = admin_client.get(url("membership_add"))

    assert isinstance(response.context["adminform"].form.fields["user"].widget.widget, AutocompleteSelect)


def test_local_admin_picks_the_user_from_a_list(admin_session):
    """The autocomplete endpoint needs view permission on users, which a local administrator lacks."""
    response = admin_session.get(url("membership_add"))

    assert not isinstance(response.context["adminform"].form.fields["user"].widget.widget, AutocompleteSelect)


def test_local_admin_of_two_principals_manages_both(admin_session, region, django_user_model):
    """A local administrator of two principals manages both."""
    region_unit = Unit.objects.create(principal=region, name="Regionkansliet", sector="other")
    localadmin = django_user_model.objects.get(username="localadmin")
    Membership.objects.create(user=localadmin, unit=region_unit, role=Role.LOCAL_ADMIN)
    other = make_user(region_unit)

    response = admin_session.get(url("membership_changelist"))

    assert other in {membership.user for membership in response.context["cl"].queryset}


def _enrol(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def test_local_admin_resets_the_second_factor_of_own_staff_and_it_is_audited(admin_session, social_unit):
    """A lost phone: the local administrator resets it from the membership list; the audit log records it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samordna.audit.models import AuditEvent

    staff = make_user(social_unit)
    _enrol(staff)
    membership = Membership.objects.get(user=staff)
    response = admin_session.post(
        url("membership_changelist"), {"action": "reset_second_factor", "_selected_action": [membership.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(object_id=str(staff.pk), summary="second_factor_reset").exists()


def test_local_admin_cannot_reset_staff_who_also_work_for_another_principal(admin, social_unit, bup_unit):
    """Someone placed in the region too is outside the municipality's administrator's reach."""
    from django.core.exceptions import PermissionDenied

    from samordna.organizations.services import staff_second_factor_reset

    staff = make_user(social_unit)
    Membership.objects.create(user=staff, unit=bup_unit, role=Role.STAFF)
    _enrol(staff)
    with pytest.raises(PermissionDenied):
        staff_second_factor_reset(user=staff, by=admin)
    assert staff.totpdevice_set.exists()
