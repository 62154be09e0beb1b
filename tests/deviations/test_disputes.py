"""Disputes (tvister): solved first by the nearest managers, then raised up each principal's line, with a
temporary division of responsibility while open, every step recorded, and the outcome."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from samordna.accounts.models import User
from samordna.audit.models import AuditEvent
from samordna.deviations import services
from samordna.deviations.models import Dispute, DisputeStatus, DisputeStepKind, EscalationLevel
from samordna.deviations.policies import visible_disputes
from samordna.notifications.models import Notification, NotificationKind
from samordna.organizations.models import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(municipality, region, school_unit, bup_unit):
    """Level 2 and 3 in the municipality's line, level 2 only in the region's."""
    head_of_school = make_user(school_unit, Role.STAFF, username="verksamhetschef")
    director = make_user(school_unit, Role.STAFF, username="forvaltningschef")
    head_of_bup = make_user(bup_unit, Role.STAFF, username="bupverksamhetschef")
    levels = {
        "school_2": EscalationLevel.objects.create(principal=municipality, rank=2, title="Verksamhetschef"),
        "school_3": EscalationLevel.objects.create(principal=municipality, rank=3, title="Förvaltningschef"),
        "bup_2": EscalationLevel.objects.create(principal=region, rank=2, title="Verksamhetschef BUP"),
    }
    levels["school_2"].holders.add(head_of_school)
    levels["school_3"].holders.add(director)
    levels["bup_2"].holders.add(head_of_bup)
    return {"head_of_school": head_of_school, "director": director, "head_of_bup": head_of_bup}


@pytest.fixture
def dispute(manager, school_unit, bup_unit, bup_manager):
    return services.dispute_open(
        by=manager,
        raised_by_unit=school_unit,
        other_unit=bup_unit,
        subject="Vem ansvarar för stödsamtalen under skoltid?",
        interim_arrangement="Skolans kurator håller samtalen tills frågan är avgjord.",
    )


def test_the_nearest_manager_raises_a_dispute_with_an_interim_arrangement(dispute, manager):
    assert (dispute.level, dispute.status) == (1, DisputeStatus.OPEN)
    (step,) = dispute.steps.all()
    assert (step.kind, step.level, step.by) == (DisputeStepKind.OPENED, 1, manager)
    assert AuditEvent.objects.filter(object_type="deviations.dispute", summary="dispute_open").count() == 1


def test_staff_cannot_raise_a_dispute(convener, school_unit, bup_unit):
    with pytest.raises(PermissionDenied):
        services.dispute_open(
            by=convener, raised_by_unit=school_unit, other_unit=bup_unit, subject="x", interim_arrangement="y"
        )


def test_a_dispute_needs_an_interim_arrangement(manager, school_unit, bup_unit):
    with pytest.raises(ValidationError) as error:
        services.dispute_open(
            by=manager, raised_by_unit=school_unit, other_unit=bup_unit, subject="x", interim_arrangement=" "
        )
    assert "interim_arrangement" in error.value.message_dict


def test_it_escalates_up_the_configured_levels_and_each_level_sees_it_only_once_reached(
    dispute, manager, bup_manager, ladder
):
    assert dispute not in visible_disputes(ladder["head_of_school"])

    services.dispute_escalate(dispute=dispute, by=bup_manager, note="Vi kommer inte överens om ansvaret.")
    dispute.refresh_from_db()

    assert dispute.level == 2
    assert dispute in visible_disputes(ladder["head_of_school"]) and dispute in visible_disputes(ladder["head_of_bup"])
    assert dispute not in visible_disputes(ladder["director"])
    with pytest.raises(PermissionDenied):
        services.dispute_escalate(dispute=dispute, by=manager, note="Nivå 1 kan inte längre lyfta.")

    services.dispute_escalate(dispute=dispute, by=ladder["head_of_bup"], note="Vi behöver förvaltningsnivån.")
    dispute.refresh_from_db()
    assert dispute.level == 3 and dispute in visible_disputes(ladder["director"])
    assert [(step.kind, step.level) for step in dispute.steps.all()] == [
        (DisputeStepKind.OPENED, 1),
        (DisputeStepKind.ESCALATED, 2),
        (DisputeStepKind.ESCALATED, 3),
    ]


def test_it_cannot_be_escalated_above_the_top_of_the_lines(dispute, manager):
    with pytest.raises(ValidationError) as error:
        services.dispute_escalate(dispute=dispute, by=manager, note="Uppåt.")
    assert error.value.code == "no_higher_level"


def test_escalation_needs_a_reason(dispute, manager, ladder):
    with pytest.raises(ValidationError):
        services.dispute_escalate(dispute=dispute, by=manager, note="")


def test_the_parties_record_a_new_interim_arrangement_at_any_level(dispute, manager, bup_manager, ladder):
    services.dispute_escalate(dispute=dispute, by=manager, note="Lyfts.")
    services.dispute_set_interim(dispute=dispute, by=bup_manager, interim_arrangement="BUP tar samtalen i väntan.")
    dispute.refresh_from_db()
    assert dispute.interim_arrangement == "BUP tar samtalen i väntan."
    assert dispute.steps.filter(kind=DisputeStepKind.INTERIM).get().by == bup_manager


def test_the_outcome_closes_the_dispute_for_changes(dispute, manager, bup_manager):
    services.dispute_resolve(dispute=dispute, by=bup_manager, outcome="BUP ansvarar; skolan bistår med lokal.")
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED and dispute.resolved_by == bup_manager
    with pytest.raises(ValidationError):
        services.dispute_set_interim(dispute=dispute, by=manager, interim_arrangement="Nytt.")
    with pytest.raises(ValidationError):
        services.dispute_resolve(dispute=dispute, by=manager, outcome="Igen.")


def test_outsiders_and_staff_do_not_see_it(dispute, outsider, actor_staff, convener):
    for user in (outsider, actor_staff, convener):
        assert dispute not in visible_disputes(user)


def test_a_dispute_from_a_deviation_is_between_the_deviations_two_units(deviation, manager, school_unit, other_unit):
    with pytest.raises(ValidationError):
        services.dispute_open(
            by=manager,
            raised_by_unit=school_unit,
            other_unit=other_unit,
            subject="x",
            interim_arrangement="y",
            deviation=deviation,
        )


def test_the_database_refuses_a_resolved_dispute_without_outcome(dispute):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.filter(pk=dispute.pk).update(status=DisputeStatus.RESOLVED)


def test_the_database_refuses_an_escalation_level_at_the_nearest_manager(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationLevel.objects.create(principal=municipality, rank=1, title="Enhetschef")


def dispute_urls(dispute):
    return [
        reverse("deviations:dispute_detail", args=[dispute.pk]),
        reverse("deviations:dispute_escalate", args=[dispute.pk]),
        reverse("deviations:dispute_interim", args=[dispute.pk]),
        reverse("deviations:dispute_resolve", args=[dispute.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login(client, dispute):
    for url in [reverse("deviations:dispute_open"), *dispute_urls(dispute)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_outsiders_and_the_units_staff_get_404(client, dispute, outsider, actor_staff):
    for user in (outsider, actor_staff):
        client.force_login(user)
        for url in dispute_urls(dispute):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url


def test_staff_may_not_open_the_dispute_form(client, convener):
    client.force_login(convener)
    assert client.get(reverse("deviations:dispute_open")).status_code == 403


def test_a_manager_raises_a_dispute_from_a_deviation_and_escalates_it_in_the_pages(
    client, deviation, manager, bup_manager, bup_unit, school_unit, ladder
):
    client.force_login(bup_manager)
    url = reverse("deviations:dispute_open") + f"?avvikelse={deviation.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "raised_by_unit": bup_unit.pk,
            "other_unit": school_unit.pk,
            "subject": "Vem ska hålla i samtalen?",
            "interim_arrangement": "BUP håller i samtalen tills vidare.",
        },
    )
    dispute = Dispute.objects.get()
    assert response["Location"] == dispute.get_absolute_url()
    assert (dispute.deviation, dispute.case) == (deviation, deviation.case)

    client.post(reverse("deviations:dispute_escalate", args=[dispute.pk]), {"note": "Ingen enighet."})
    client.force_login(ladder["head_of_school"])
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert "Verksamhetschef" in page and "Ingen enighet." in page
    client.post(
        reverse("deviations:dispute_resolve", args=[dispute.pk]), {"outcome": "Skolan ansvarar.", "confirm": "on"}
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED and dispute.resolved_by == ladder["head_of_school"]


def test_a_superuser_configures_escalation_levels_in_the_admin(client, municipality):
    superuser = User.objects.create_superuser(username="root", password="test-password-123")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:deviations_escalationlevel_add"),
        {"principal": municipality.pk, "rank": 2, "title": "Verksamhetschef"},
    )
    assert response.status_code == 302
    assert EscalationLevel.objects.get().title == "Verksamhetschef"


def test_each_step_tells_everyone_who_sees_it_at_its_level_but_the_one_who_acted(
    manager, bup_manager, school_unit, bup_unit, ladder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = services.dispute_open(
            by=manager,
            raised_by_unit=school_unit,
            other_unit=bup_unit,
            subject="Vem ansvarar för stödsamtalen?",
            interim_arrangement="Skolans kurator tills vidare.",
        )
    told = Notification.objects.filter(kind=NotificationKind.DISPUTE_STEP)
    assert set(told.values_list("recipient", flat=True)) == {bup_manager.pk}

    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_escalate(dispute=dispute, by=manager, note="Lyfts.")
    escalated = told.filter(detail=f"Tvist {dispute.reference}, nivå 2: Lyft till nästa nivå")
    assert set(escalated.values_list("recipient", flat=True)) == {
        bup_manager.pk,
        ladder["head_of_school"].pk,
        ladder["head_of_bup"].pk,
    }
    assert escalated.first().url == dispute.get_absolute_url()
    assert not told.filter(recipient__in=[manager, ladder["director"]]).exists()


def test_a_local_administrator_configures_their_own_principals_line_only(
    client, admin, municipality, region, manager, bup_manager
):
    client.force_login(admin)
    add = reverse("admin:deviations_escalationlevel_add")

    form = client.get(add).context["adminform"].form
    assert set(form.fields["principal"].queryset) == {municipality}
    assert manager in form.fields["holders"].queryset and bup_manager not in form.fields["holders"].queryset

    response = client.post(add, {"principal": municipality.pk, "rank": 2, "title": "Verksamhetschef"})
    assert response.status_code == 302
    refused = client.post(add, {"principal": region.pk, "rank": 2, "title": "Kapad"})
    assert refused.status_code == 200 and not EscalationLevel.objects.filter(principal=region).exists()

    theirs = EscalationLevel.objects.create(principal=region, rank=3, title="Hälso- och sjukvårdsdirektör")
    changelist = client.get(reverse("admin:deviations_escalationlevel_changelist"))
    assert list(changelist.context["cl"].queryset.values_list("title", flat=True)) == ["Verksamhetschef"]
    assert client.get(reverse("admin:deviations_escalationlevel_change", args=[theirs.pk])).status_code == 302
    own = EscalationLevel.objects.get(principal=municipality)
    assert client.get(reverse("admin:deviations_escalationlevel_delete", args=[own.pk])).status_code == 403
