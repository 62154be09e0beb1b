"""Deviation pages as the personas meet them: reporter, both managers, the concerned unit's staff, an outsider
and an anonymous visitor; and a manager walking a deviation from report to written answer."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.deviations import services
from samordna.deviations.models import Deviation, DeviationCategory, DeviationStatus
from tests.conftest import TODAY
from tests.deviations.conftest import walk_to

pytestmark = pytest.mark.django_db


def deviation_urls(deviation):
    return [
        reverse("deviations:detail", args=[deviation.pk]),
        reverse("deviations:receive", args=[deviation.pk]),
        reverse("deviations:start_resolving", args=[deviation.pk]),
        reverse("deviations:comment", args=[deviation.pk]),
        reverse("deviations:answer", args=[deviation.pk]),
        reverse("deviations:close", args=[deviation.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_deviation_page(client, deviation):
    urls = [reverse("deviations:list"), reverse("deviations:report"), *deviation_urls(deviation)]
    for url in urls:
        response = client.post(url) if url.endswith(("ta-emot/", "hantera/", "kommentar/")) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_an_outsider_unit_gets_404_for_the_deviation(client, outsider, deviation):
    client.force_login(outsider)
    for url in deviation_urls(deviation):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url


def test_the_concerned_units_staff_do_not_see_it_it_is_their_managers(client, actor_staff, deviation):
    client.force_login(actor_staff)
    assert client.get(reverse("deviations:detail", args=[deviation.pk])).status_code == 404
    assert deviation.reference not in client.get(reverse("deviations:list")).content.decode()


def test_a_local_administrator_does_not_see_it(client, admin, deviation):
    client.force_login(admin)
    assert client.get(reverse("deviations:detail", args=[deviation.pk])).status_code == 404
    assert client.get(reverse("deviations:report")).status_code == 403


@pytest.mark.parametrize("persona", ["convener", "manager", "bup_manager"])
def test_the_reporter_and_the_managers_of_both_units_see_it_and_the_read_is_audited(
    client, request, deviation, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get(reverse("deviations:detail", args=[deviation.pk]))

    assert response.status_code == 200
    assert "Kallelsen till SIP-mötet besvarades inte" in response.content.decode()
    event = AuditEvent.objects.filter(action="read", object_type="deviations.deviation").latest("id")
    assert (event.user, event.person_id) == (user, deviation.case.person_id)


def test_the_list_shows_what_my_unit_reported_and_what_concerns_it(client, manager, bup_manager, deviation):
    client.force_login(bup_manager)
    page = client.get(reverse("deviations:list")).content.decode()
    assert "Gäller mina enheter (1)" in page and deviation.reference in page

    client.force_login(manager)
    page = client.get(reverse("deviations:list")).content.decode()
    assert "Gäller mina enheter (0)" in page and "Rapporterade av mina enheter (1)" in page


def test_the_list_costs_the_same_number_of_queries_for_one_or_many(
    client, convener, bup_manager, school_unit, bup_unit, deviation, django_assert_num_queries
):
    client.force_login(bup_manager)
    client.get(reverse("deviations:list"))
    with django_assert_num_queries(10) as one:
        client.get(reverse("deviations:list"))
    for _ in range(5):
        services.deviation_report(
            by=convener,
            reporting_unit=school_unit,
            concerned_unit=bup_unit,
            category=DeviationCategory.OTHER,
            description="Annat.",
            occurred_on=TODAY,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("deviations:list")).content.decode()
    assert "Gäller mina enheter (6)" in page


def test_a_manager_walks_a_deviation_from_report_to_written_answer_in_the_pages(
    client, convener, manager, bup_manager, school_unit, bup_unit, consented_case
):
    client.force_login(convener)
    form_page = client.get(reverse("deviations:report") + f"?arende={consented_case.pk}").content.decode()
    assert consented_case.reference in form_page
    response = client.post(
        reverse("deviations:report") + f"?arende={consented_case.pk}",
        {
            "reporting_unit": school_unit.pk,
            "concerned_unit": bup_unit.pk,
            "category": DeviationCategory.INTERVENTION_NOT_CARRIED_OUT,
            "occurred_on": "2026-11-20",
            "description": "Den överenskomna insatsen från BUP har inte startat.",
            "case_reference": consented_case.reference,
        },
    )
    deviation = Deviation.objects.get()
    assert response.status_code == 302 and response["Location"] == deviation.get_absolute_url()
    assert deviation.case == consented_case

    client.force_login(bup_manager)
    detail = reverse("deviations:detail", args=[deviation.pk])
    assert "Ta emot avvikelsen" in client.get(detail).content.decode()
    client.post(reverse("deviations:receive", args=[deviation.pk]))
    client.post(reverse("deviations:start_resolving", args=[deviation.pk]))
    client.post(reverse("deviations:comment", args=[deviation.pk]), {"text": "Vi ringer skolan i dag."})
    assert client.get(reverse("deviations:answer", args=[deviation.pk])).status_code == 200
    response = client.post(
        reverse("deviations:answer", args=[deviation.pk]),
        {"cause": "Personalbrist under hösten.", "actions": "Insatsen startar vecka 49; ny bevakning av SIP-insatser."},
    )
    assert response.status_code == 302

    client.force_login(manager)
    page = client.get(detail).content.decode()
    assert "Personalbrist under hösten." in page and "Vi ringer skolan i dag." in page
    confirm = client.get(reverse("deviations:close", args=[deviation.pk])).content.decode()
    assert 'name="confirm"' in confirm
    assert client.post(reverse("deviations:close", args=[deviation.pk]), {}).status_code == 200
    client.post(reverse("deviations:close", args=[deviation.pk]), {"confirm": "on"})

    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.CLOSED
    assert deviation.comments.get().text == "Vi ringer skolan i dag."


def test_a_typed_case_number_the_reporter_cannot_see_is_refused(client, outsider, other_unit, bup_unit, consented_case):
    client.force_login(outsider)
    response = client.post(
        reverse("deviations:report"),
        {
            "reporting_unit": other_unit.pk,
            "concerned_unit": bup_unit.pk,
            "category": DeviationCategory.OTHER,
            "occurred_on": "2026-11-20",
            "description": "Något hände.",
            "case_reference": consented_case.reference,
        },
    )
    assert response.status_code == 200
    assert "Det finns inget ärende med det numret som du har åtkomst till" in response.content.decode()
    assert not Deviation.objects.exists()


def test_opening_the_report_form_from_a_case_one_cannot_see_is_404(client, outsider, consented_case):
    client.force_login(outsider)
    assert client.get(reverse("deviations:report") + f"?arende={consented_case.pk}").status_code == 404


def test_a_second_receive_shows_the_status_message_instead_of_changing_anything(client, bup_manager, deviation):
    client.force_login(bup_manager)
    client.post(reverse("deviations:receive", args=[deviation.pk]))
    response = client.post(reverse("deviations:receive", args=[deviation.pk]), follow=True)
    assert "Avvikelsen har status ”Mottagen” och kan inte tas emot." in response.content.decode()


def test_the_reporting_manager_may_not_receive_on_the_concerned_units_behalf(client, manager, deviation):
    client.force_login(manager)
    assert client.post(reverse("deviations:receive", args=[deviation.pk])).status_code == 403
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.REPORTED


def test_the_detail_page_offers_each_role_only_its_own_next_step(client, manager, bup_manager, deviation):
    walk_to(deviation, "resolving", reporting_manager=manager, concerned_manager=bup_manager)
    client.force_login(bup_manager)
    page = client.get(reverse("deviations:detail", args=[deviation.pk])).content.decode()
    assert "Svara skriftligt" in page and "Avsluta avvikelsen" not in page
    client.force_login(manager)
    page = client.get(reverse("deviations:detail", args=[deviation.pk])).content.decode()
    assert "Svara skriftligt" not in page and 'name="text"' in page


def test_the_case_page_links_to_a_report_tied_to_the_case(client, actor_staff, consented_case):
    client.force_login(actor_staff)
    page = client.get(reverse("cases:detail", args=[consented_case.pk])).content.decode()
    assert f"{reverse('deviations:report')}?arende={consented_case.pk}" in page


def test_the_detail_page_costs_the_same_number_of_queries_with_one_or_many_comments(
    client, manager, bup_manager, deviation, django_assert_num_queries
):
    walk_to(deviation, "resolving", reporting_manager=manager, concerned_manager=bup_manager)
    services.deviation_comment(deviation=deviation, by=manager, text="Första.")
    client.force_login(bup_manager)
    url = reverse("deviations:detail", args=[deviation.pk])
    client.get(url)
    with django_assert_num_queries(10) as one:
        client.get(url)
    for number in range(5):
        services.deviation_comment(deviation=deviation, by=bup_manager, text=f"Kommentar {number}.")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "Kommentar 4." in page
