"""Rutinkollen: a manager draws a reproducible, stored sample of the unit's cases for a period; reviewers
judge five indicators per case; results per indicator are followed over time."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from samordna.audit.models import AuditEvent
from samordna.routine_audits import services
from samordna.routine_audits.models import AuditedCase, AuditStatus, Indicator, RoutineAudit
from samordna.routine_audits.selectors import indicator_results
from tests.routine_audits.conftest import ALL_YES, start_cases

pytestmark = pytest.mark.django_db
OCTOBER = {"period_start": datetime.date(2026, 10, 1), "period_end": datetime.date(2026, 10, 31)}


def sampled_ids(audit) -> list[int]:
    return list(audit.sample.order_by("position").values_list("case_id", flat=True))


def test_the_same_cases_and_seed_always_give_the_same_sample_whatever_their_order():
    ids = list(range(1, 41))
    first = services.draw_sample(ids, 5, seed=7)
    assert services.draw_sample(list(reversed(ids)), 5, seed=7) == first
    assert services.draw_sample(ids, 5, seed=8) != first
    assert len(set(first)) == 5 and set(first) <= set(ids)


def test_the_sample_is_drawn_from_the_units_cases_in_the_period_and_stored(
    audit, school_cases, convener, school_unit, bup_unit, manager
):
    start_cases(convener, school_unit, 2, noticed_on=datetime.date(2026, 9, 30), first_serial=50)

    assert audit.sample.count() == 3
    assert set(sampled_ids(audit)) <= {case.pk for case in school_cases}
    assert AuditEvent.objects.filter(object_type="routine_audits.routineaudit", action="create").count() == 1


def test_a_second_audit_with_the_same_seed_draws_the_same_sample(audit, manager, reviewer, school_unit):
    again = services.routine_audit_create(
        by=manager, unit=school_unit, sample_size=3, reviewers=[reviewer], seed=audit.seed, **OCTOBER
    )
    assert sampled_ids(again) == sampled_ids(audit)


def test_the_stored_sample_stays_when_more_cases_arrive_later(audit, convener, school_unit):
    before = sampled_ids(audit)
    start_cases(convener, school_unit, 5, noticed_on=datetime.date(2026, 10, 20), first_serial=60)
    audit.refresh_from_db()
    assert sampled_ids(audit) == before


def test_a_sample_larger_than_the_cases_takes_them_all(manager, reviewer, school_unit, school_cases):
    audit = services.routine_audit_create(
        by=manager, unit=school_unit, sample_size=50, reviewers=[reviewer], seed=1, **OCTOBER
    )
    assert audit.sample.count() == len(school_cases)


def test_only_the_units_manager_starts_an_audit(convener, reviewer, school_unit, school_cases, outsider):
    for user in (convener, outsider):
        with pytest.raises(PermissionDenied):
            services.routine_audit_create(by=user, unit=school_unit, sample_size=3, reviewers=[reviewer], **OCTOBER)


def test_reviewers_must_work_at_the_unit(manager, actor_staff, school_unit, school_cases):
    with pytest.raises(ValidationError) as error:
        services.routine_audit_create(by=manager, unit=school_unit, sample_size=3, reviewers=[actor_staff], **OCTOBER)
    assert "reviewers" in error.value.message_dict


def test_a_period_without_cases_is_refused(manager, reviewer, school_unit, school_cases):
    with pytest.raises(ValidationError) as error:
        services.routine_audit_create(
            by=manager,
            unit=school_unit,
            sample_size=3,
            reviewers=[reviewer],
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
        )
    assert error.value.code == "no_cases"


def test_a_reviewer_answers_every_indicator_for_a_case(audit, reviewer):
    audited = audit.sample.first()
    services.indicator_answers_save(
        audited_case=audited, by=reviewer, answers={**ALL_YES, "follow_up": ("no", "Inget uppföljningsdatum.")}
    )
    assert dict(audited.answers.values_list("indicator", "answer")) == {
        **dict.fromkeys(Indicator.values, "yes"),
        "follow_up": "no",
    }
    event = AuditEvent.objects.get(summary="routine_audit_answers")
    assert event.person_id == audited.case.person_id


def test_answers_must_cover_all_five_indicators(audit, reviewer):
    with pytest.raises(ValidationError):
        services.indicator_answers_save(
            audited_case=audit.sample.first(), by=reviewer, answers={"participation": ("yes", "")}
        )


def test_staff_not_designated_and_other_units_cannot_review(audit, convener, actor_staff):
    for user in (convener, actor_staff):
        with pytest.raises(PermissionDenied):
            services.indicator_answers_save(audited_case=audit.sample.first(), by=user, answers=ALL_YES)


def test_completion_needs_every_case_answered_and_then_freezes_the_answers(audit, manager, reviewer):
    with pytest.raises(ValidationError) as error:
        services.routine_audit_complete(audit=audit, by=manager)
    assert error.value.code == "unanswered"
    for audited in audit.sample.all():
        services.indicator_answers_save(audited_case=audited, by=reviewer, answers=ALL_YES)
    with pytest.raises(PermissionDenied):
        services.routine_audit_complete(audit=audit, by=reviewer)

    services.routine_audit_complete(audit=audit, by=manager)

    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.indicator_answers_save(audited_case=audit.sample.first(), by=reviewer, answers=ALL_YES)


def test_results_per_indicator_are_counted_over_time(audit, manager, reviewer, school_unit, convener):
    answers = [
        {**ALL_YES, "participation": ("partly", "")},
        {**ALL_YES, "participation": ("no", ""), "follow_up": ("no", "")},
        ALL_YES,
    ]
    for audited, given in zip(audit.sample.all(), answers, strict=True):
        services.indicator_answers_save(audited_case=audited, by=reviewer, answers=given)
    services.routine_audit_complete(audit=audit, by=manager)
    start_cases(convener, school_unit, 2, noticed_on=datetime.date(2026, 11, 2), first_serial=80)
    later = services.routine_audit_create(
        by=manager,
        unit=school_unit,
        sample_size=2,
        reviewers=[reviewer],
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 20),
        seed=3,
    )
    for audited in later.sample.all():
        services.indicator_answers_save(audited_case=audited, by=reviewer, answers=ALL_YES)
    services.routine_audit_complete(audit=later, by=manager)

    results = indicator_results([school_unit.pk])

    assert [row["audit"] for row in results] == [audit, later]
    first = {cell["indicator"]: cell for cell in results[0]["indicators"]}
    assert (first["participation"]["yes"], first["participation"]["partly"], first["participation"]["no"]) == (1, 1, 1)
    assert first["participation"]["yes_percent"] == 33
    assert first["follow_up"]["yes_percent"] == 67 and first["content"]["yes_percent"] == 100
    assert all(cell["yes_percent"] == 100 for cell in results[1]["indicators"])


def test_an_audit_in_progress_is_not_in_the_results(audit, school_unit):
    assert indicator_results([school_unit.pk]) == []


def test_the_database_refuses_a_completed_audit_without_its_time(audit):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAudit.objects.filter(pk=audit.pk).update(status=AuditStatus.COMPLETED)


def test_the_database_refuses_the_same_case_twice_in_a_sample(audit):
    first = audit.sample.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditedCase.objects.create(audit=audit, case=first.case, position=99)
