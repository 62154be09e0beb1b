"""County coordinators read the routine profiles and the county's contact directory, and nothing of any case."""

import pytest
from django.urls import reverse

from samordna.organizations.models import ContactRoute, Principal, PrincipalKind, RoutineProfile, Sector, Unit

pytestmark = pytest.mark.django_db

NOT_A_COORDINATOR = ["convener", "actor_staff", "outsider", "manager", "admin", "auditor"]


def county_urls(profile) -> list[str]:
    return [
        reverse("county:profiles"),
        reverse("county:profile_detail", args=[profile.pk]),
        reverse("county:contacts"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, profile):
    for url in county_urls(profile):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", NOT_A_COORDINATOR)
def test_other_roles_are_refused(client, request, profile, persona):
    client.force_login(request.getfixturevalue(persona))

    assert [client.get(url).status_code for url in county_urls(profile)] == [403, 403, 403]
    assert [client.post(url).status_code for url in county_urls(profile)] == [403, 403, 403]


def test_a_county_coordinator_opens_every_page(client, county_coordinator, profile):
    client.force_login(county_coordinator)

    assert [client.get(url).status_code for url in county_urls(profile)] == [200, 200, 200]


def test_the_pages_are_read_only(client, county_coordinator, profile):
    client.force_login(county_coordinator)

    assert [client.post(url).status_code for url in county_urls(profile)] == [405, 405, 405]


def test_a_missing_profile_is_404(client, county_coordinator, db):
    client.force_login(county_coordinator)

    assert client.get(reverse("county:profile_detail", args=[999999])).status_code == 404


def test_no_case_or_person_is_open_to_a_county_coordinator(client, county_coordinator, consented_case, adult):
    client.force_login(county_coordinator)

    assert client.get(consented_case.get_absolute_url()).status_code == 404
    assert client.get(adult.get_absolute_url()).status_code == 404
    assert client.get(reverse("logreview:person_extract", args=[adult.pk])).status_code == 404


class TestRoutineProfiles:
    def test_the_list_names_every_profile_and_marks_the_default(self, client, county_coordinator, municipality):
        dalarna = RoutineProfile.objects.get(code="dalarna")
        municipality.routine_profile = dalarna
        municipality.save()
        client.force_login(county_coordinator)

        content = client.get(reverse("county:profiles")).content.decode()

        for profile in RoutineProfile.objects.all():
            assert profile.name in content
        assert "(förvald)" in content
        assert "Testkommun" in content

    def test_a_profile_shows_its_rules_and_who_follows_it(
        self, client, county_coordinator, profile, municipality, region
    ):
        client.force_login(county_coordinator)

        response = client.get(reverse("county:profile_detail", args=[profile.pk]))

        facts = dict(response.context["facts"])
        assert facts["samtyckets förvalda giltighet (dagar)"] == profile.consent_default_validity_days
        assert facts["dokumentation vid återkallat samtycke"] == profile.get_withdrawn_documentation_display()
        assert set(response.context["principals"]) == {municipality, region}, "no own profile: the default applies"

    def test_a_principal_with_its_own_profile_follows_that_one_only(self, client, county_coordinator, municipality):
        dalarna = RoutineProfile.objects.get(code="dalarna")
        municipality.routine_profile = dalarna
        municipality.save()
        client.force_login(county_coordinator)

        default = client.get(reverse("county:profile_detail", args=[RoutineProfile.objects.get(code="vastmanland").pk]))
        own = client.get(reverse("county:profile_detail", args=[dalarna.pk]))

        assert municipality not in default.context["principals"]
        assert list(own.context["principals"]) == [municipality]


class TestContactDirectory:
    @pytest.fixture
    def routes(self, school_unit, social_unit, bup_unit):
        closed = Unit.objects.create(
            principal=school_unit.principal, name="Nedlagd enhet", sector=Sector.OTHER, is_active=False
        )
        return {
            "school": ContactRoute.objects.create(unit=school_unit, email="elevhalsa@example.org", phone="021-100"),
            "social": ContactRoute.objects.create(unit=social_unit, label="Mottagning", email="ifo@example.org"),
            "bup": ContactRoute.objects.create(unit=bup_unit, phone="021-200", phone_hours="8-10"),
            "closed": ContactRoute.objects.create(unit=closed, email="stangd@example.org"),
        }

    def listed(self, response) -> set[ContactRoute]:
        return set(response.context["page"].object_list)

    def test_every_active_units_routes_are_listed(self, client, county_coordinator, routes):
        client.force_login(county_coordinator)

        response = client.get(reverse("county:contacts"))

        assert self.listed(response) == {routes["school"], routes["social"], routes["bup"]}
        assert "elevhalsa@example.org" in response.content.decode()

    def test_search_by_municipality(self, client, county_coordinator, routes, municipality):
        client.force_login(county_coordinator)

        response = client.get(reverse("county:contacts"), {"principal": municipality.pk})

        assert self.listed(response) == {routes["school"], routes["social"]}

    def test_search_by_unit_name(self, client, county_coordinator, routes):
        client.force_login(county_coordinator)

        response = client.get(reverse("county:contacts"), {"q": "bup"})

        assert self.listed(response) == {routes["bup"]}

    def test_the_directory_is_paged_and_keeps_the_search(self, client, county_coordinator, region):
        units = [Unit.objects.create(principal=region, name=f"Enhet {n:02d}", sector=Sector.OTHER) for n in range(55)]
        for unit in units:
            ContactRoute.objects.create(unit=unit, email=f"enhet{unit.pk}@example.org")
        other = Principal.objects.create(name="Annan region", kind=PrincipalKind.REGION)
        ContactRoute.objects.create(
            unit=Unit.objects.create(principal=other, name="Enhet 99", sector=Sector.OTHER), phone="1"
        )
        client.force_login(county_coordinator)

        first = client.get(reverse("county:contacts"), {"principal": region.pk, "q": "Enhet"})
        second = client.get(reverse("county:contacts"), {"principal": region.pk, "q": "Enhet", "sida": 2})

        assert len(first.context["page"].object_list) == 50
        assert len(second.context["page"].object_list) == 5
        assert f"principal={region.pk}&amp;q=Enhet&amp;sida=2" in first.content.decode()

    def test_the_directory_costs_the_same_queries_however_long(
        self, client, county_coordinator, region, django_assert_num_queries
    ):
        for n in range(30):
            unit = Unit.objects.create(principal=region, name=f"Enhet {n:02d}", sector=Sector.OTHER)
            ContactRoute.objects.create(unit=unit, email=f"e{n}@example.org")
        client.force_login(county_coordinator)

        # Session, user, the role check, the principal choices, the count, the page.
        with django_assert_num_queries(7):
            client.get(reverse("county:contacts"))


def test_the_menu_offers_the_county_pages_only_to_county_coordinators(client, county_coordinator, convener):
    client.force_login(county_coordinator)
    assert reverse("county:profiles") in client.get(reverse("overview:home")).content.decode()

    client.force_login(convener)
    assert reverse("county:profiles") not in client.get(reverse("overview:home")).content.decode()
