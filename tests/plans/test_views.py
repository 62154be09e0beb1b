"""The plan pages as the personas meet them: the convener (school, municipality) and actor staff (BUP, region)
make and sign the plan, the outsider cannot tell it exists."""

import pytest
from django.urls import URLPattern, reverse

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import Step
from samordna.meetings.models import MeetingKind
from samordna.people.models import RelatedPerson
from samordna.plans import services
from samordna.plans import urls as plan_urls
from samordna.plans.models import (
    ContactPerson,
    Goal,
    Intervention,
    InterventionStatusUpdate,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    PrincipalApproval,
)
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def every_plan_url(case, version, event, relative) -> dict[str, str]:
    goal = version.goals.first()
    intervention = version.interventions.first()
    contact = version.contacts.first()
    args = {
        "detail": [case.pk],
        "create": [case.pk],
        "revise": [case.pk],
        "history": [case.pk],
        "compare": [case.pk],
        "event_report": [case.pk],
        "event_decide": [case.pk, event.pk],
        "close": [case.pk],
        "version": [case.pk, version.pk],
        "edit": [case.pk, version.pk],
        "lead": [case.pk, version.pk],
        "goal_add": [case.pk, version.pk],
        "goal_edit": [case.pk, version.pk, goal.pk],
        "goal_remove": [case.pk, version.pk, goal.pk],
        "intervention_add": [case.pk, version.pk],
        "intervention_edit": [case.pk, version.pk, intervention.pk],
        "intervention_remove": [case.pk, version.pk, intervention.pk],
        "intervention_status": [case.pk, version.pk, intervention.pk],
        "contact_set": [case.pk, version.pk],
        "contact_remove": [case.pk, version.pk, contact.pk],
        "approve": [case.pk, version.pk],
        "approve_on_paper": [case.pk, version.pk],
        "agreement": [case.pk, version.pk],
        "pdf": [case.pk, version.pk],
        "pdf_relative": [case.pk, version.pk, relative.pk],
    }
    return {name: reverse(f"plans:{name}", args=values) for name, values in args.items()}


@pytest.fixture
def event(approved, actor_staff, consented_case) -> PlanEvent:
    return services.plan_event_report(case=consented_case, by=actor_staff, text="Eleven har bytt skola.")


@pytest.fixture
def relative(consented_case) -> RelatedPerson:
    return RelatedPerson.objects.create(person=consented_case.person, name="Maja Mormor", relation="mormor")


def test_the_url_list_below_covers_every_plan_url(approved, event, relative, consented_case):
    names = {pattern.name for pattern in plan_urls.urlpatterns if isinstance(pattern, URLPattern)}
    assert set(every_plan_url(consented_case, approved, event, relative)) == names


def test_outsider_gets_404_on_every_plan_url(client, outsider, approved, event, relative, consented_case):
    """Staff of a unit not in the case cannot tell that the plan exists, whatever the URL or method."""
    client.force_login(outsider)
    for name, url in every_plan_url(consented_case, approved, event, relative).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"confirm": "on", "text": "x"}).status_code == 404, name
    assert not AuditEvent.objects.filter(user=outsider, person_id=consented_case.person_id).exists()


def test_plan_urls_of_another_case_are_404(client, convener, approved, school_unit, adult, profile):
    """A version id under the wrong case id is not found, even for a user who sees both cases."""
    from samordna.people.models import Person

    other_person = Person.objects.create(personal_identity_number="199001012384", first_name="Ann", last_name="Annan")
    other = case_services.case_start(
        by=convener, person=other_person, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
    )
    client.force_login(convener)
    assert client.get(reverse("plans:version", args=[other.pk, approved.pk])).status_code == 404
    assert client.get(reverse("plans:pdf", args=[other.pk, approved.pk])).status_code == 404


def test_anonymous_user_is_sent_to_login(client, approved, consented_case):
    response = client.get(reverse("plans:detail", args=[consented_case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_plan_page_before_the_plan_offers_to_make_it_after_a_held_meeting(
    client, convener, consented_case, make_meeting
):
    client.force_login(convener)
    url = reverse("plans:detail", args=[consented_case.pk])
    create = reverse("plans:create", args=[consented_case.pk])
    assert create not in client.get(url).content.decode()
    make_meeting()
    assert create in client.get(url).content.decode()


def test_making_the_plan_through_the_form(client, convener, consented_case, sip_meeting):
    case_services.preparation_save(case=consented_case, by=convener, what_matters="Att orka hela skoldagen.")
    client.force_login(convener)
    url = reverse("plans:create", args=[consented_case.pk])
    form = client.get(url).content.decode()
    assert "Att orka hela skoldagen." in form, "the long-term goal starts from the individual's own words"
    response = client.post(url, {"meeting": sip_meeting.pk, "long_term_goal": "Att orka hela skoldagen."})
    version = PlanVersion.objects.get(plan__case=consented_case)
    assert response.status_code == 302
    assert response["Location"] == version.get_absolute_url()
    assert version.long_term_goal == "Att orka hela skoldagen."


@pytest.mark.parametrize(
    ("fixture", "text", "css"),
    [
        ("filled", "Utkast", "badge-draft"),
        ("partly", "Delvis godkänd", "badge-partly_approved"),
        ("approved", "Godkänd", "badge-approved"),
    ],
)
def test_the_status_badge_has_text_and_colour(client, convener, request, fixture, text, css, municipality):
    if fixture == "partly":
        version = request.getfixturevalue("filled")
        services.plan_approve_part(version=version, by=convener, principal=municipality)
    else:
        version = request.getfixturevalue(fixture)
    client.force_login(convener)
    content = client.get(reverse("plans:detail", args=[version.plan.case_id])).content.decode()
    assert f'<span class="badge {css}">{text}</span>' in content


def test_the_plan_page_shows_goals_interventions_approvals_and_is_audited(client, actor_staff, approved):
    client.force_login(actor_staff)
    response = client.get(reverse("plans:detail", args=[approved.plan.case_id]))
    content = response.content.decode()
    for text in (
        "Vara i skolan fyra dagar i veckan.",
        "Komma i tid till första lektionen.",
        "Samtalsstöd hos kurator på BUP",
        "Telefonkontakt varje vecka.",
        "Testkommun",
        "Region Test",
        "Godkände muntligt",
    ):
        assert text in content, text
    event = AuditEvent.objects.filter(action=AuditAction.READ, summary="plan_detail").latest("id")
    assert (event.user, event.person_id) == (actor_staff, approved.plan.case.person_id)


def test_a_draft_offers_editing(client, convener, filled):
    client.force_login(convener)
    content = client.get(reverse("plans:detail", args=[filled.plan.case_id])).content.decode()
    for name in ("edit", "goal_add", "intervention_add", "contact_set", "lead", "approve", "agreement"):
        assert reverse(f"plans:{name}", args=[filled.plan.case_id, filled.pk]) in content, name


EDIT_VIEWS = [
    "edit",
    "lead",
    "goal_add",
    "goal_edit",
    "goal_remove",
    "intervention_add",
    "intervention_edit",
    "intervention_remove",
    "contact_set",
    "contact_remove",
    "approve",
    "approve_on_paper",
    "agreement",
]


def _edit_posts(version, convener, school_unit, bup_unit, municipality) -> dict[str, tuple[str, dict]]:
    case_pk, goal = version.plan.case_id, version.goals.first()
    intervention, contact = version.interventions.first(), version.contacts.first()
    intervention_data = {"what": "Ny", "unit": school_unit.pk, "status": "not-started"}
    return {
        "edit": ([case_pk, version.pk], {"long_term_goal": "Ändrat i efterhand"}),
        "lead": ([case_pk, version.pk], {"lead_unit": bup_unit.pk, "lead": convener.pk, "note": "x"}),
        "goal_add": ([case_pk, version.pk], {"text": "Nytt", "achievement_status": "in-progress"}),
        "goal_edit": ([case_pk, version.pk, goal.pk], {"text": "Ändrat", "achievement_status": "achieved"}),
        "goal_remove": ([case_pk, version.pk, goal.pk], {}),
        "intervention_add": ([case_pk, version.pk], intervention_data),
        "intervention_edit": ([case_pk, version.pk, intervention.pk], intervention_data),
        "intervention_remove": ([case_pk, version.pk, intervention.pk], {}),
        "contact_set": ([case_pk, version.pk], {"unit": bup_unit.pk, "name": "Ny kontakt"}),
        "contact_remove": ([case_pk, version.pk, contact.pk], {}),
        "approve": ([case_pk, version.pk], {"principal": municipality.pk, "confirm": "on"}),
        "approve_on_paper": (
            [case_pk, version.pk],
            {
                "principal": municipality.pk,
                "signed_by_name": "Eva Chef",
                "signed_on": TODAY.isoformat(),
                "confirm": "on",
            },
        ),
        "agreement": ([case_pk, version.pk], {"how": "written", "agreed_on": TODAY.isoformat()}),
    }


def _snapshot(version):
    return (
        PlanVersion.objects.filter(pk=version.pk).values().get(),
        list(Goal.objects.filter(version=version).values()),
        list(Intervention.objects.filter(version=version).values()),
        list(ContactPerson.objects.filter(version=version).values()),
        list(PrincipalApproval.objects.filter(version=version).values()),
    )


def test_an_approved_version_offers_no_editing(client, convener, approved):
    client.force_login(convener)
    content = client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()
    for name in ("edit", "goal_add", "intervention_add", "contact_set", "lead", "approve", "agreement"):
        assert reverse(f"plans:{name}", args=[approved.plan.case_id, approved.pk]) not in content, name
    assert "/mal/" not in content and "/ta-bort/" not in content


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_edit_pages_of_an_approved_version_are_not_offered(
    client, convener, approved, school_unit, bup_unit, municipality, name
):
    args, _data = _edit_posts(approved, convener, school_unit, bup_unit, municipality)[name]
    client.force_login(convener)
    response = client.get(reverse(f"plans:{name}", args=args), follow=True)
    assert response.redirect_chain[-1][0] == approved.get_absolute_url()
    assert "kan inte ändras" in response.content.decode()


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_posting_to_an_approved_version_changes_nothing(
    client, convener, approved, school_unit, bup_unit, municipality, name
):
    """Whatever is posted, the approved version stays as signed; the refusal is shown on the form."""
    args, data = _edit_posts(approved, convener, school_unit, bup_unit, municipality)[name]
    before = _snapshot(approved)
    client.force_login(convener)
    response = client.post(reverse(f"plans:{name}", args=args), data)
    assert response.status_code == 200
    assert _snapshot(approved) == before
    if name not in ("approve", "approve_on_paper"):  # every principal has approved: nothing to choose
        assert "kan inte ändras" in response.content.decode()


def test_approving_needs_the_tick_box(client, convener, filled, municipality):
    client.force_login(convener)
    url = reverse("plans:approve", args=[filled.plan.case_id, filled.pk])
    form = client.get(url).content.decode()
    assert "Testkommun" in form and "Region Test" not in form, "only the convener's own principal is offered"
    assert client.post(url, {"principal": municipality.pk}).status_code == 200
    assert not PrincipalApproval.objects.exists()
    response = client.post(url, {"principal": municipality.pk, "confirm": "on"})
    assert response.status_code == 302
    assert PlanVersion.objects.get(pk=filled.pk).status == PlanStatus.PARTLY_APPROVED


def test_editing_a_draft_through_the_forms(client, convener, filled, bup_unit, school_unit):
    client.force_login(convener)
    case_pk = filled.plan.case_id
    client.post(reverse("plans:edit", args=[case_pk, filled.pk]), {"disagreements": "Oense om tider."})
    client.post(
        reverse("plans:goal_add", args=[case_pk, filled.pk]), {"text": "Nytt mål", "achievement_status": "in-progress"}
    )
    client.post(
        reverse("plans:intervention_add", args=[case_pk, filled.pk]),
        {"what": "Läxhjälp", "unit": school_unit.pk, "status": "not-started", "frequency": "Tisdagar"},
    )
    client.post(
        reverse("plans:contact_set", args=[case_pk, filled.pk]), {"unit": school_unit.pk, "name": "Sara Mentor"}
    )
    version = PlanVersion.objects.get(pk=filled.pk)
    assert version.disagreements == "Oense om tider."
    assert version.goals.filter(text="Nytt mål").exists()
    assert version.interventions.get(what="Läxhjälp").frequency == "Tisdagar"
    assert version.contacts.get(unit=school_unit).name == "Sara Mentor"


def test_the_performing_unit_sets_the_status_of_its_intervention(client, actor_staff, approved):
    intervention = approved.interventions.get(unit__name="BUP Test")
    client.force_login(actor_staff)
    page = client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()
    status_url = reverse("plans:intervention_status", args=[approved.plan.case_id, approved.pk, intervention.pk])
    school_intervention = approved.interventions.get(unit__name="Testskolan elevhälsa")
    assert status_url in page
    assert (
        reverse("plans:intervention_status", args=[approved.plan.case_id, approved.pk, school_intervention.pk])
        not in page
    ), "only its own interventions"
    response = client.post(status_url, {"status": "in-progress", "note": "Startade i dag"})
    assert response.status_code == 302
    assert InterventionStatusUpdate.objects.get().status == "in-progress"
    assert "Startade i dag" in client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()


def test_another_unit_cannot_set_the_status(client, convener, approved):
    intervention = approved.interventions.get(unit__name="BUP Test")
    client.force_login(convener)
    url = reverse("plans:intervention_status", args=[approved.plan.case_id, approved.pk, intervention.pk])
    assert client.post(url, {"status": "completed"}).status_code == 403
    assert not InterventionStatusUpdate.objects.exists()


def test_an_event_goes_to_the_lead_who_sees_it_and_decides(client, actor_staff, convener, approved, consented_case):
    client.force_login(actor_staff)
    response = client.post(reverse("plans:event_report", args=[consented_case.pk]), {"text": "Har flyttat till pappa."})
    assert response.status_code == 302
    event = PlanEvent.objects.get()
    assert event.seen_by_lead_at is None
    client.force_login(convener)
    page = client.get(reverse("plans:detail", args=[consented_case.pk])).content.decode()
    assert "Har flyttat till pappa." in page
    assert reverse("plans:event_decide", args=[consented_case.pk, event.pk]) in page
    event.refresh_from_db()
    assert event.seen_by_lead_at is not None
    response = client.post(
        reverse("plans:event_decide", args=[consented_case.pk, event.pk]),
        {"decision": "bring_forward", "note": "Kallar till uppföljning nästa vecka."},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.lead_decision == "bring_forward"


def test_only_the_lead_opens_the_decision_form(client, actor_staff, event, consented_case):
    client.force_login(actor_staff)
    assert client.get(reverse("plans:event_decide", args=[consented_case.pk, event.pk])).status_code == 403


def test_follow_up_through_the_form_then_compare_and_history(client, convener, approved, follow_up_meeting):
    case_pk = approved.plan.case_id
    client.force_login(convener)
    page = client.get(reverse("plans:detail", args=[case_pk])).content.decode()
    assert reverse("plans:revise", args=[case_pk]) in page
    url = reverse("plans:revise", args=[case_pk])
    assert client.post(url, {"meeting": follow_up_meeting.pk}).status_code == 200, "needs the tick box"
    response = client.post(url, {"meeting": follow_up_meeting.pk, "confirm": "on"})
    new = PlanVersion.objects.get(plan=approved.plan, number=2)
    assert response["Location"] == new.get_absolute_url()
    client.post(reverse("plans:edit", args=[case_pk, new.pk]), {"long_term_goal": "Att gå i skolan och träna."})
    compare = client.get(reverse("plans:compare", args=[case_pk])).content.decode()
    assert "<ins>" in compare and "träna" in compare
    chosen = client.get(reverse("plans:compare", args=[case_pk]), {"a": new.pk, "b": approved.pk}).content.decode()
    assert "Version 1 till vänster, version 2 till höger" in chosen
    history = client.get(reverse("plans:history", args=[case_pk])).content.decode()
    assert "Att gå i skolan varje dag." in history and "Att gå i skolan och träna." in history
    old_page = client.get(approved.get_absolute_url()).content.decode()
    assert "Det här är en tidigare version av planen." in old_page
    assert "badge-superseded" in old_page


def test_revision_page_is_404_without_an_approved_version(client, convener, filled):
    client.force_login(convener)
    assert client.get(reverse("plans:revise", args=[filled.plan.case_id])).status_code == 404


def test_the_lead_closes_the_case_at_follow_up(client, convener, approved, follow_up_meeting, consented_case):
    client.force_login(convener)
    page = client.get(reverse("plans:detail", args=[consented_case.pk])).content.decode()
    url = reverse("plans:close", args=[consented_case.pk])
    assert url in page
    data = {"reason": "goals_met", "note": "Hör av dig till elevhälsan om det behövs igen."}
    assert client.post(url, data).status_code == 200
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    consented_case.refresh_from_db()
    assert consented_case.status == Step.CLOSED
    page = client.get(reverse("plans:detail", args=[consented_case.pk])).content.decode()
    assert "Hör av dig till elevhälsan" in page


def test_a_non_lead_is_refused_the_closure_page(client, actor_staff, approved, follow_up_meeting, consented_case):
    client.force_login(actor_staff)
    assert client.get(reverse("plans:close", args=[consented_case.pk])).status_code == 403


def _plan_with(count: int, case, convener, actor_staff, sip_meeting, school_unit, bup_unit, municipality, region):
    version = services.plan_version_create(case=case, by=convener, meeting=sip_meeting)
    services.plan_set_lead(version=version, by=convener, lead=convener, lead_unit=school_unit)
    for index in range(count):
        goal = Goal.objects.create(version=version, text=f"Mål {index}", position=index)
        Goal.objects.create(version=version, parent=goal, text=f"Delmål {index}", position=index)
        unit = school_unit if index % 2 else bup_unit
        Intervention.objects.create(version=version, goal=goal, what=f"Insats {index}", unit=unit, position=index)
    ContactPerson.objects.create(version=version, unit=bup_unit, user=actor_staff)
    services.plan_approve_part(version=version, by=convener, principal=municipality)
    services.plan_approve_part(version=version, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=version, by=convener, how="oral", agreed_on=TODAY)
    for intervention in Intervention.objects.filter(version=version, unit=bup_unit):
        services.intervention_set_status(intervention=intervention, by=actor_staff, status="in-progress")
    services.plan_event_report(case=case, by=actor_staff, text="Händelse")
    return version


PLAN_PAGE_QUERIES = 23  # with the bell's unread count and the units in the person's cases for the audit


@pytest.mark.parametrize("count", [3, 30])
def test_plan_page_query_count_does_not_grow_with_goals_and_interventions(
    client,
    convener,
    actor_staff,
    consented_case,
    sip_meeting,
    school_unit,
    bup_unit,
    municipality,
    region,
    count,
    django_assert_num_queries,
):
    _plan_with(count, consented_case, convener, actor_staff, sip_meeting, school_unit, bup_unit, municipality, region)
    client.force_login(convener)
    url = reverse("plans:detail", args=[consented_case.pk])
    client.get(url)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_follow_up_meeting_that_is_not_held_offers_no_revision(client, convener, approved, make_meeting):
    make_meeting(kind=MeetingKind.FOLLOW_UP, status="sent", days_ago=-7)
    client.force_login(convener)
    page = client.get(reverse("plans:detail", args=[approved.plan.case_id])).content.decode()
    assert reverse("plans:revise", args=[approved.plan.case_id]) not in page


def test_every_page_of_a_draft_renders_for_the_convener(client, convener, filled, relative, consented_case):
    event = services.plan_event_report(case=consented_case, by=convener, text="Något hände.")
    client.force_login(convener)
    not_for_a_draft = {"revise": 404, "pdf_relative": 404}
    for name, url in every_plan_url(consented_case, filled, event, relative).items():
        response = client.get(url)
        assert response.status_code == not_for_a_draft.get(name, 200), name


CASE_PAGE_WITH_PLAN_QUERIES = 21  # with the bell, the audit's person-units and the stored deadlines


@pytest.mark.parametrize("count", [3, 30])
def test_case_page_query_count_does_not_grow_with_goals_and_interventions(
    client,
    convener,
    actor_staff,
    consented_case,
    sip_meeting,
    school_unit,
    bup_unit,
    municipality,
    region,
    count,
    django_assert_num_queries,
):
    """The case page summarises the plan in a fixed number of queries, however large the plan is."""
    _plan_with(count, consented_case, convener, actor_staff, sip_meeting, school_unit, bup_unit, municipality, region)
    client.force_login(convener)
    url = reverse("cases:detail", args=[consented_case.pk])
    client.get(url)
    with django_assert_num_queries(CASE_PAGE_WITH_PLAN_QUERIES):
        assert client.get(url).status_code == 200


def test_removing_from_a_draft_asks_first_then_removes(client, convener, filled):
    """Removal shows a confirmation page with the item; the POST removes it from the draft."""
    goal, contact = filled.goals.filter(parent__isnull=True).last(), filled.contacts.first()
    client.force_login(convener)
    goal_url = reverse("plans:goal_remove", args=[filled.plan.case_id, filled.pk, goal.pk])
    assert goal.text in client.get(goal_url).content.decode()
    assert client.post(goal_url).status_code == 302
    contact_url = reverse("plans:contact_remove", args=[filled.plan.case_id, filled.pk, contact.pk])
    assert client.post(contact_url).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
