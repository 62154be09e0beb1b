"""Log follow-up is for auditors only; the individual's extract for staff who may see the person."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

NOT_AN_AUDITOR = ["convener", "actor_staff", "outsider", "manager", "admin", "county_coordinator"]


@pytest.mark.parametrize("name", ["logreview:search", "logreview:export"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", NOT_AN_AUDITOR)
@pytest.mark.parametrize("name", ["logreview:search", "logreview:export"])
def test_everyone_but_an_auditor_is_refused_the_log(client, request, persona, name):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {"date_from": "2026-11-01"}).status_code == 403


def test_a_refused_attempt_at_the_log_is_itself_logged(client, outsider):
    client.force_login(outsider)

    client.get(reverse("logreview:export"))

    event = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert (event.user, event.object_type, event.unit_name) == (
        outsider,
        "audit.auditevent",
        "Vårdcentralen Annanstans",
    )
    assert event.summary == "log_review GET /loggkontroll/export.csv"


def test_an_auditor_opens_the_log_follow_up(client, auditor):
    client.force_login(auditor)

    assert client.get(reverse("logreview:search")).status_code == 200
    assert client.post(reverse("logreview:export")).status_code == 405


def test_an_auditor_of_an_inactive_unit_is_refused(client, auditor, school_unit):
    school_unit.is_active = False
    school_unit.save()
    client.force_login(auditor)

    assert client.get(reverse("logreview:search")).status_code == 403


def test_the_extract_sends_anonymous_visitors_to_the_login_page(client, case, adult):
    response = client.get(reverse("logreview:person_extract", args=[adult.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["convener", "manager", "actor_staff"])
def test_staff_who_may_see_the_person_open_the_extract(client, request, consented_case, adult, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("logreview:person_extract", args=[adult.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "admin", "auditor", "county_coordinator"])
def test_anyone_who_may_not_see_the_person_gets_404_for_the_extract(client, request, consented_case, adult, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("logreview:person_extract", args=[adult.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"requested_by": "individual", "format": "csv"}).status_code == 404


def test_the_menu_offers_log_follow_up_only_to_auditors(client, auditor, convener):
    client.force_login(auditor)
    assert reverse("logreview:search") in client.get(reverse("overview:home")).content.decode()

    client.force_login(convener)
    assert reverse("logreview:search") not in client.get(reverse("overview:home")).content.decode()
