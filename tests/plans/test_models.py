"""The model-level guard and constraints: an approved or superseded version cannot be changed through any ORM
write path, and every plan has at most one current version."""

import pytest
from django.db import IntegrityError, transaction

from samordna.plans import services
from samordna.plans.models import (
    FHIR_CAREPLAN_STATUS,
    ContactPerson,
    Goal,
    GoalAchievement,
    Intervention,
    InterventionStatus,
    InterventionStatusUpdate,
    PlanStatus,
    PlanVersion,
    PlanVersionLocked,
    PrincipalApproval,
    fhir_careplan_status,
)
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


CONTENT_MODELS = [Goal, Intervention, ContactPerson, PrincipalApproval]


def test_a_plan_has_only_one_current_version(draft, convener):
    """The conditional unique constraint: a second version that is not superseded is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(plan=draft.plan, number=2, created_by=convener)


def test_version_numbers_are_unique_per_plan(approved, revised, convener):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.filter(pk=revised.pk).update(number=approved.number)


def test_a_superseded_version_does_not_count_as_current(revised, approved):
    assert set(PlanVersion.objects.current().filter(plan=approved.plan)) == {revised}


def test_an_approved_version_cannot_be_saved(approved):
    approved.long_term_goal = "Ändrat i efterhand"
    with pytest.raises(PlanVersionLocked):
        approved.save()
    with pytest.raises(PlanVersionLocked):
        approved.save(update_fields=["long_term_goal"])
    approved.refresh_from_db()
    assert approved.long_term_goal == "Att gå i skolan varje dag."


def test_a_stale_instance_of_an_approved_version_cannot_be_saved(filled, convener, actor_staff, municipality, region):
    """The guard reads the stored status, so an instance loaded while the version was a draft is refused too."""
    stale = PlanVersion.objects.get(pk=filled.pk)
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    services.plan_approve_part(version=filled, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=filled, by=convener, how="written", agreed_on=TODAY)
    stale.disagreements = "Skrivet efter godkännandet"
    with pytest.raises(PlanVersionLocked):
        stale.save()


def test_an_approved_version_cannot_be_deleted(approved):
    with pytest.raises(PlanVersionLocked):
        approved.delete()
    with pytest.raises(PlanVersionLocked):
        PlanVersion.objects.filter(pk=approved.pk).delete()
    assert PlanVersion.objects.filter(pk=approved.pk).exists()


def test_approved_versions_refuse_queryset_update(approved):
    with pytest.raises(PlanVersionLocked):
        PlanVersion.objects.filter(pk=approved.pk).update(long_term_goal="Ändrat")
    with pytest.raises(PlanVersionLocked):
        PlanVersion.objects.bulk_update([approved], ["long_term_goal"])


def test_a_superseded_version_is_locked_too(revised, approved):
    approved.refresh_from_db()
    assert approved.status == PlanStatus.SUPERSEDED
    approved.disagreements = "Ändrat"
    with pytest.raises(PlanVersionLocked):
        approved.save()
    with pytest.raises(PlanVersionLocked):
        Goal.objects.filter(version=approved).update(text="Ändrat")


def test_the_only_allowed_save_of_an_approved_version_is_marking_it_superseded(approved):
    """The follow-up path: status and its time, with update_fields naming nothing else."""
    approved.status = PlanStatus.SUPERSEDED
    approved.superseded_at = approved.approved_at
    approved.long_term_goal = "Smugglat med"
    with pytest.raises(PlanVersionLocked):
        approved.save(update_fields=["status", "superseded_at", "long_term_goal"])
    with pytest.raises(PlanVersionLocked):
        approved.save()
    approved.save(update_fields=["status", "superseded_at", "updated_at"])
    approved.refresh_from_db()
    assert approved.status == PlanStatus.SUPERSEDED
    assert approved.long_term_goal == "Att gå i skolan varje dag."


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_content_of_an_approved_version_cannot_be_saved_or_deleted(approved, model):
    row = model.objects.filter(version=approved).first()
    assert row is not None
    with pytest.raises(PlanVersionLocked):
        row.save()
    with pytest.raises(PlanVersionLocked):
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_content_of_an_approved_version_refuses_queryset_writes(approved, model):
    rows = model.objects.filter(version=approved)
    count = rows.count()
    with pytest.raises(PlanVersionLocked):
        rows.update(updated_at=approved.approved_at)
    with pytest.raises(PlanVersionLocked):
        rows.delete()
    assert model.objects.filter(version=approved).count() == count


def test_related_managers_of_an_approved_version_refuse_bulk_writes(approved):
    with pytest.raises(PlanVersionLocked):
        approved.goals.all().delete()
    with pytest.raises(PlanVersionLocked):
        approved.interventions.update(what="Ändrad")
    with pytest.raises(PlanVersionLocked):
        approved.contacts.all().delete()


def test_rows_cannot_be_added_to_an_approved_version(approved, school_unit):
    with pytest.raises(PlanVersionLocked):
        Goal.objects.create(version=approved, text="Nytt mål")
    with pytest.raises(PlanVersionLocked):
        Goal.objects.bulk_create([Goal(version=approved, text="Nytt mål")])
    with pytest.raises(PlanVersionLocked):
        Intervention(version=approved, what="Ny insats", unit=school_unit).save()
    with pytest.raises(PlanVersionLocked):
        Intervention.objects.bulk_update(list(approved.interventions.all()), ["what"])


def test_a_goal_cannot_be_moved_out_of_an_approved_version(approved, revised):
    goal = approved.goals.first()
    goal.version = revised
    goal.parent = None
    with pytest.raises(PlanVersionLocked):
        goal.save()


def test_draft_content_can_be_changed_directly(draft):
    """The guard stops only locked versions; a draft is edited freely (services add permission and audit)."""
    goal = Goal.objects.create(version=draft, text="Ett mål")
    Goal.objects.filter(pk=goal.pk).update(text="Ändrat mål")
    goal.refresh_from_db()
    assert goal.text == "Ändrat mål"
    goal.delete()


def test_intervention_status_reports_are_append_only(approved, actor_staff):
    intervention = approved.interventions.get(unit__name="BUP Test")
    update = services.intervention_set_status(
        intervention=intervention, by=actor_staff, status=InterventionStatus.IN_PROGRESS
    )
    update.note = "Ändrad i efterhand"
    with pytest.raises(PlanVersionLocked):
        update.save()
    with pytest.raises(PlanVersionLocked):
        update.delete()
    with pytest.raises(PlanVersionLocked):
        InterventionStatusUpdate.objects.filter(pk=update.pk).update(note="x")
    with pytest.raises(PlanVersionLocked):
        InterventionStatusUpdate.objects.filter(pk=update.pk).delete()


def test_every_plan_status_maps_to_a_fhir_careplan_status():
    careplan_codes = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    assert set(FHIR_CAREPLAN_STATUS) == set(PlanStatus.values)
    assert set(FHIR_CAREPLAN_STATUS.values()) <= careplan_codes
    assert fhir_careplan_status(PlanStatus.PARTLY_APPROVED) == "draft"
    assert fhir_careplan_status(PlanStatus.APPROVED) == "active"
    assert fhir_careplan_status(PlanStatus.APPROVED, case_closed=True) == "completed"
    assert fhir_careplan_status(PlanStatus.SUPERSEDED) == "revoked"


def test_goal_and_intervention_codes_are_fhir_codes():
    goal_achievement = {
        "in-progress",
        "improving",
        "worsening",
        "no-change",
        "achieved",
        "sustaining",
        "not-achieved",
        "no-progress",
        "not-attainable",
    }
    activity_status = {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    }
    assert set(GoalAchievement.values) == goal_achievement
    assert set(InterventionStatus.values) <= activity_status
