"""Finding and registering a person, as a staff member and as an outsider."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.people.models import Person

pytestmark = pytest.mark.django_db


def test_search_finds_person_by_number_in_any_format_and_audits_it(client, convener, adult):
    client.force_login(convener)
    response = client.post(reverse("people:search"), {"personal_identity_number": "121212+1212"})
    assert "Tolvan Tolvansson" in response.content.decode()
    assert AuditEvent.objects.filter(action="read", person_id=adult.pk, summary="person_search").exists()


def test_search_with_bad_number_shows_swedish_error_and_keeps_input(client, convener):
    client.force_login(convener)
    response = client.post(reverse("people:search"), {"personal_identity_number": "19121212-1213"})
    content = response.content.decode()
    assert "Ogiltigt personnummer eller samordningsnummer" in content
    assert 'value="19121212-1213"' in content


def test_search_does_not_put_the_number_in_the_url(client, convener):
    """The number is posted, never sent as a query string that ends up in server logs."""
    client.force_login(convener)
    response = client.get(reverse("people:search"))
    assert 'method="post"' in response.content.decode()


def test_unknown_number_offers_registration_with_number_prefilled(client, convener):
    client.force_login(convener)
    response = client.post(reverse("people:search"), {"personal_identity_number": "201701012393"})
    assert "Registrera personen" in response.content.decode()
    form = client.get(reverse("people:create")).content.decode()
    assert 'value="201701012393"' in form


def test_register_person_normalises_number(client, convener):
    client.force_login(convener)
    response = client.post(
        reverse("people:create"),
        {"personal_identity_number": "170101-2393", "first_name": "Nova", "last_name": "Exempelsson"},
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.personal_identity_number == "201701012393"
    assert person.created_by == convener


def test_register_person_with_bad_number_keeps_the_typed_values(client, convener):
    client.force_login(convener)
    response = client.post(
        reverse("people:create"),
        {"personal_identity_number": "20170101-2394", "first_name": "Nova", "last_name": "Exempelsson"},
    )
    content = response.content.decode()
    assert "Ogiltigt personnummer" in content
    assert 'value="Exempelsson"' in content
    assert not Person.objects.exists()


def test_register_duplicate_person_shows_error(client, convener, adult):
    client.force_login(convener)
    response = client.post(
        reverse("people:create"),
        {"personal_identity_number": "191212121212", "first_name": "Ny", "last_name": "Person"},
    )
    assert "Det finns redan en person med det här numret" in response.content.decode()


def test_person_page_is_404_for_an_outsider(client, outsider, case):
    client.force_login(outsider)
    assert client.get(reverse("people:detail", args=[case.person_id])).status_code == 404
    assert client.get(reverse("people:guardian_add", args=[case.person_id])).status_code == 404


def test_person_page_is_shown_to_the_convener_and_audited(client, convener, case):
    client.force_login(convener)
    response = client.get(reverse("people:detail", args=[case.person_id]))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert AuditEvent.objects.filter(action="read", person_id=case.person_id, summary="person_detail").exists()


def test_add_guardian_through_the_form(client, convener, child):
    child.created_by = convener
    child.save()
    client.force_login(convener)
    response = client.post(
        reverse("people:guardian_add", args=[child.pk]), {"name": "Vera Exempelsson", "phone": "070-000 00 00"}
    )
    assert response.status_code == 302
    assert child.guardians.get().name == "Vera Exempelsson"


def test_local_administrator_cannot_search_persons(client, admin):
    client.force_login(admin)
    assert client.get(reverse("people:search")).status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_person_page_query_count_does_not_grow_with_the_circle(
    client, convener, case, count, django_assert_num_queries
):
    """The person's page lists guardians, representatives and related persons in a fixed number of queries."""
    from samordna.people.models import Guardian, RelatedPerson

    person = case.person
    Guardian.objects.bulk_create(Guardian(person=person, name=f"Vårdnadshavare {n}") for n in range(count))
    RelatedPerson.objects.bulk_create(
        RelatedPerson(person=person, name=f"Närstående {n}", relation="vän") for n in range(count)
    )
    client.force_login(convener)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        assert client.get(url).status_code == 200


PERSON_PAGE_QUERIES = 11  # with the bell's unread count and the audit's units in the person's cases
