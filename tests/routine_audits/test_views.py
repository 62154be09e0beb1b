"""Rutinkollen pages: the manager draws a sample, the reviewer judges the cases, the results table; and who
gets 404."""

import pytest
from django.urls import reverse

from samordna.routine_audits import services
from samordna.routine_audits.models import AuditStatus, RoutineAudit
from tests.routine_audits.conftest import ALL_YES

pytestmark = pytest.mark.django_db


def audit_urls(audit):
    audited = audit.sample.first()
    return [
        reverse("routine_audits:detail", args=[audit.pk]),
        reverse("routine_audits:review", args=[audit.pk, audited.pk]),
        reverse("routine_audits:complete", args=[audit.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login(client, audit):
    for url in [reverse("routine_audits:list"), reverse("routine_audits:create"), *audit_urls(audit)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["outsider", "actor_staff", "convener", "admin"])
def test_outsiders_other_units_and_undesignated_staff_get_404(client, request, audit, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in audit_urls(audit):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_only_managers_open_the_new_audit_form(client, convener, manager):
    client.force_login(convener)
    assert client.get(reverse("routine_audits:create")).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("routine_audits:create")).status_code == 200


def test_a_manager_draws_a_sample_and_a_reviewer_judges_a_case_in_the_pages(
    client, manager, reviewer, school_unit, school_cases
):
    client.force_login(manager)
    response = client.post(
        reverse("routine_audits:create"),
        {
            "unit": school_unit.pk,
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "sample_size": "4",
            "reviewers": [reviewer.pk],
        },
    )
    audit = RoutineAudit.objects.get()
    assert response["Location"] == audit.get_absolute_url()
    assert audit.sample.count() == 4

    client.force_login(reviewer)
    audited = audit.sample.first()
    page = client.get(reverse("routine_audits:review", args=[audit.pk, audited.pk])).content.decode()
    assert "Delaktighet" in page and "Mål och syfte" in page and audited.case.reference in page
    data = {f"{indicator}_answer": answer for indicator, (answer, _) in ALL_YES.items()}
    data["content_answer"] = "partly"
    data["content_comment"] = "Insatsernas frekvens saknas."
    response = client.post(reverse("routine_audits:review", args=[audit.pk, audited.pk]), data)
    assert response.status_code == 302
    assert audited.answers.get(indicator="content").comment == "Insatsernas frekvens saknas."
    assert "5 / 5" in client.get(audit.get_absolute_url()).content.decode()


def test_a_manager_completes_after_a_confirmation_and_the_results_show_in_a_table(client, audit, manager, reviewer):
    for audited in audit.sample.all():
        services.indicator_answers_save(audited_case=audited, by=reviewer, answers=ALL_YES)
    client.force_login(manager)
    assert client.post(reverse("routine_audits:complete", args=[audit.pk]), {}).status_code == 200
    client.post(reverse("routine_audits:complete", args=[audit.pk]), {"confirm": "on"})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED

    page = client.get(reverse("routine_audits:list")).content.decode()
    assert "<caption>" in page and "100 % ja" in page


def test_the_list_page_costs_the_same_number_of_queries_for_one_or_many_audits(
    client, audit, manager, reviewer, school_unit, django_assert_num_queries
):
    for audited in audit.sample.all():
        services.indicator_answers_save(audited_case=audited, by=reviewer, answers=ALL_YES)
    services.routine_audit_complete(audit=audit, by=manager)
    client.force_login(manager)
    client.get(reverse("routine_audits:list"))
    with django_assert_num_queries(8) as one:
        client.get(reverse("routine_audits:list"))
    for seed in range(3):
        more = services.routine_audit_create(
            by=manager,
            unit=school_unit,
            period_start=audit.period_start,
            period_end=audit.period_end,
            sample_size=2,
            reviewers=[reviewer],
            seed=seed,
        )
        for audited in more.sample.all():
            services.indicator_answers_save(audited_case=audited, by=reviewer, answers=ALL_YES)
        services.routine_audit_complete(audit=more, by=manager)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("routine_audits:list"))


def test_the_audit_page_costs_a_fixed_number_of_queries(client, audit, manager, django_assert_num_queries):
    client.force_login(manager)
    client.get(audit.get_absolute_url())
    with django_assert_num_queries(10):
        client.get(audit.get_absolute_url())
