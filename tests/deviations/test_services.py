"""The deviation workflow as the routine describes it: reported, received by the concerned unit's manager,
resolved by both managers together, answered in writing with cause and actions, closed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samordna.audit.models import AuditEvent
from samordna.common import clock
from samordna.deviations import services
from samordna.deviations.models import Deviation, DeviationCategory, DeviationStatus
from samordna.deviations.selectors import deviation_counts
from samordna.notifications.models import EmailStatus, Notification, NotificationKind
from samordna.organizations.models import Role
from tests.conftest import TODAY, make_user
from tests.deviations.conftest import walk_to

pytestmark = pytest.mark.django_db


def report(by, reporting_unit, concerned_unit, **extra):
    data = {
        "category": DeviationCategory.ACTOR_ABSENT,
        "description": "BUP har uteblivit från tre möten i rad.",
        "occurred_on": TODAY,
    }
    data.update(extra)
    return services.deviation_report(by=by, reporting_unit=reporting_unit, concerned_unit=concerned_unit, **data)


def test_staff_reports_a_deviation_for_their_own_unit_and_the_report_is_audited(convener, school_unit, bup_unit):
    deviation = report(convener, school_unit, bup_unit)

    assert deviation.status == DeviationStatus.REPORTED
    assert deviation.reported_at == clock.now() and deviation.reported_by == convener
    assert deviation.case is None
    event = AuditEvent.objects.get(object_type="deviations.deviation", object_id=str(deviation.pk))
    assert (event.action, event.user, event.person_id) == ("create", convener, None)


def test_a_report_tied_to_a_case_names_the_person_in_the_audit_log(deviation, consented_case):
    event = AuditEvent.objects.get(object_type="deviations.deviation", object_id=str(deviation.pk))
    assert event.person_id == consented_case.person_id


def test_nobody_reports_for_a_unit_they_do_not_work_in(outsider, school_unit, bup_unit):
    with pytest.raises(PermissionDenied):
        report(outsider, school_unit, bup_unit)


def test_the_case_link_must_be_a_case_the_reporter_may_see(outsider, other_unit, bup_unit, consented_case):
    with pytest.raises(PermissionDenied):
        report(outsider, other_unit, bup_unit, case=consented_case)
    assert not Deviation.objects.exists()


def test_a_unit_cannot_report_a_deviation_about_itself(convener, school_unit):
    with pytest.raises(ValidationError) as error:
        report(convener, school_unit, school_unit)
    assert error.value.message_dict == {"concerned_unit": [str(services.SAME_UNIT)]}


def test_the_event_date_cannot_be_in_the_future(convener, school_unit, bup_unit):
    with pytest.raises(ValidationError) as error:
        report(convener, school_unit, bup_unit, occurred_on=TODAY + datetime.timedelta(days=1))
    assert "occurred_on" in error.value.message_dict


def test_the_whole_workflow_timestamps_and_audits_every_step(deviation, manager, bup_manager):
    with clock.frozen_clock(datetime.datetime(2026, 11, 24, 9, 0)):
        services.deviation_receive(deviation=deviation, by=bup_manager)
    with clock.frozen_clock(datetime.datetime(2026, 11, 24, 10, 0)):
        services.deviation_start_resolving(deviation=deviation, by=manager)
        services.deviation_comment(deviation=deviation, by=manager, text="Vi föreslår ett gemensamt möte.")
        services.deviation_comment(deviation=deviation, by=bup_manager, text="Bra, vi bokar det.")
    with clock.frozen_clock(datetime.datetime(2026, 11, 26, 14, 0)):
        services.deviation_answer(
            deviation=deviation, by=bup_manager, cause="Kallelsen gick till fel funktionsbrevlåda.", actions="Ny rutin."
        )
    with clock.frozen_clock(datetime.datetime(2026, 11, 27, 8, 0)):
        services.deviation_close(deviation=deviation, by=manager)

    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.CLOSED
    assert (deviation.received_by, deviation.resolving_by, deviation.answered_by, deviation.closed_by) == (
        bup_manager,
        manager,
        bup_manager,
        manager,
    )
    assert timezone.localtime(deviation.received_at).hour == 9 and deviation.closed_at.day == 27
    assert [comment.unit for comment in deviation.comments.all()] == [
        deviation.reporting_unit,
        deviation.concerned_unit,
    ]
    summaries = list(
        AuditEvent.objects.filter(object_type__startswith="deviations.")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "deviation_report",
        "deviation_receive",
        "deviation_start_resolving",
        "deviation_comment",
        "deviation_comment",
        "deviation_answer",
        "deviation_close",
    ]


def test_only_the_concerned_units_manager_receives(deviation, manager, actor_staff, convener):
    for user in (manager, actor_staff, convener):
        with pytest.raises(PermissionDenied):
            services.deviation_receive(deviation=deviation, by=user)
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.REPORTED


def test_only_the_concerned_units_manager_answers(deviation, manager, bup_manager):
    walk_to(deviation, "resolving", reporting_manager=manager, concerned_manager=bup_manager)
    with pytest.raises(PermissionDenied):
        services.deviation_answer(deviation=deviation, by=manager, cause="x", actions="y")


def test_only_the_reporting_units_manager_closes(deviation, manager, bup_manager, convener):
    walk_to(deviation, "answered", reporting_manager=manager, concerned_manager=bup_manager)
    for user in (bup_manager, convener):
        with pytest.raises(PermissionDenied):
            services.deviation_close(deviation=deviation, by=user)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("reported", "answer"),
        ("reported", "close"),
        ("reported", "comment"),
        ("received", "receive"),
        ("received", "answer"),
        ("resolving", "close"),
        ("answered", "comment"),
        ("closed", "receive"),
        ("closed", "comment"),
        ("closed", "close"),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_with_a_clear_message(
    deviation, manager, bup_manager, status, step
):
    if status != "reported":
        deviation = walk_to(deviation, status, reporting_manager=manager, concerned_manager=bup_manager)
    calls = {
        "receive": lambda: services.deviation_receive(deviation=deviation, by=bup_manager),
        "answer": lambda: services.deviation_answer(deviation=deviation, by=bup_manager, cause="c", actions="a"),
        "close": lambda: services.deviation_close(deviation=deviation, by=manager),
        "comment": lambda: services.deviation_comment(deviation=deviation, by=manager, text="t"),
    }

    with pytest.raises(ValidationError) as error:
        calls[step]()

    assert error.value.code == "invalid_transition"
    label = str(DeviationStatus(status).label)
    assert error.value.messages[0].startswith(f"Avvikelsen har status ”{label}” och kan inte ")
    deviation.refresh_from_db()
    assert deviation.status == status


def test_the_written_answer_needs_both_cause_and_actions(deviation, manager, bup_manager):
    walk_to(deviation, "resolving", reporting_manager=manager, concerned_manager=bup_manager)
    with pytest.raises(ValidationError) as error:
        services.deviation_answer(deviation=deviation, by=bup_manager, cause="Orsaken.", actions="  ")
    assert "actions" in error.value.message_dict


def test_staff_cannot_comment_only_managers_of_the_two_units(deviation, manager, bup_manager, actor_staff, convener):
    walk_to(deviation, "resolving", reporting_manager=manager, concerned_manager=bup_manager)
    for user in (actor_staff, convener):
        with pytest.raises(PermissionDenied):
            services.deviation_comment(deviation=deviation, by=user, text="Hej")


def test_the_database_refuses_an_answered_deviation_without_cause(deviation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deviation.objects.filter(pk=deviation.pk).update(
            status=DeviationStatus.ANSWERED, received_at=clock.now(), resolving_at=clock.now(), answered_at=clock.now()
        )


def test_the_database_refuses_a_closed_deviation_without_its_time(deviation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deviation.objects.filter(pk=deviation.pk).update(status=DeviationStatus.CLOSED)


def test_the_database_refuses_a_deviation_about_the_reporting_unit_itself(deviation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deviation.objects.filter(pk=deviation.pk).update(concerned_unit=deviation.reporting_unit)


def test_deviations_are_counted_by_category_and_status_in_the_database(
    convener, manager, bup_manager, school_unit, bup_unit, other_unit, django_assert_num_queries
):
    bup_staff_reporter = make_user(other_unit, Role.STAFF)
    first = report(convener, school_unit, bup_unit)
    report(convener, school_unit, bup_unit)
    report(convener, school_unit, bup_unit, category=DeviationCategory.NO_AGREEMENT)
    walk_to(first, "received", reporting_manager=manager, concerned_manager=bup_manager)
    report(bup_staff_reporter, other_unit, school_unit, category=DeviationCategory.OTHER)
    with clock.frozen_clock(datetime.date(2026, 1, 10)):
        report(convener, school_unit, bup_unit, occurred_on=datetime.date(2026, 1, 9))

    november = {"date_from": datetime.date(2026, 11, 1), "date_to": datetime.date(2026, 11, 30)}
    with django_assert_num_queries(1):
        by_unit = deviation_counts(unit_id=bup_unit.pk, **november)
    by_region = deviation_counts(principal_id=bup_unit.principal_id, **november)
    reported_by_school = deviation_counts(unit_id=school_unit.pk, by_reporting_unit=True, **november)
    county_year = deviation_counts(date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 12, 31))

    assert by_unit == [
        {"category": "actor_absent", "status": "received", "count": 1},
        {"category": "actor_absent", "status": "reported", "count": 1},
        {"category": "no_agreement", "status": "reported", "count": 1},
    ]
    assert by_region == by_unit
    assert sum(row["count"] for row in reported_by_school) == 3
    assert sum(row["count"] for row in county_year) == 5


def told(user) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", "url", "detail"))


def test_a_new_deviation_tells_the_managers_of_both_units_once_committed(
    convener, manager, bup_manager, school_unit, bup_unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deviation = report(convener, school_unit, bup_unit)

    expected = [
        (
            NotificationKind.DEVIATION_REPORTED,
            deviation.get_absolute_url(),
            f"Avvikelse {deviation.reference} (Aktör uteblir systematiskt från möten): Rapporterad",
        )
    ]
    assert told(bup_manager) == expected
    assert told(manager) == expected
    assert told(convener) == []


def test_a_rolled_back_report_tells_nobody(convener, manager, bup_manager, school_unit, bup_unit):
    with pytest.raises(RuntimeError), transaction.atomic():
        report(convener, school_unit, bup_unit)
        raise RuntimeError
    assert not Notification.objects.exists()


def test_each_step_tells_the_other_managers_and_the_reporter_but_not_the_one_who_acted(
    convener, manager, bup_manager, school_unit, bup_unit, django_capture_on_commit_callbacks
):
    deviation = report(convener, school_unit, bup_unit)
    with django_capture_on_commit_callbacks(execute=True):
        walk_to(deviation, DeviationStatus.CLOSED, reporting_manager=manager, concerned_manager=bup_manager)

    steps = Notification.objects.filter(kind=NotificationKind.DEVIATION_STEP)
    assert [d.rsplit(": ", 1)[1] for d in steps.filter(recipient=convener).values_list("detail", flat=True)] == [
        "Avslutad",
        "Besvarad",
        "Hanteras",
        "Mottagen",
    ]
    # The BUP manager took four steps and is told only of the one the school's manager took.
    assert list(steps.filter(recipient=bup_manager).values_list("key", flat=True)) == [
        f"deviation_step:deviation:{deviation.pk}:closed"
    ]
    assert steps.filter(recipient=manager).count() == 3


def test_a_comment_is_a_step_of_its_own(deviation, convener, manager, bup_manager, django_capture_on_commit_callbacks):
    services.deviation_receive(deviation=deviation, by=bup_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.deviation_comment(deviation=deviation, by=bup_manager, text="Vi ser över rutinen.")
        services.deviation_comment(deviation=deviation, by=bup_manager, text="Och bemanningen.")

    comments = Notification.objects.filter(recipient=manager, detail__endswith="Ny kommentar")
    assert comments.count() == 2
    assert Notification.objects.filter(recipient=convener, detail__endswith="Ny kommentar").count() == 2


def test_a_deviation_notice_holds_no_personal_data_and_a_protected_case_gives_no_email(
    deviation, consented_case, manager, bup_manager, django_capture_on_commit_callbacks
):
    person = consented_case.person
    person.protected_identity = True
    person.save()
    deviation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.deviation_receive(deviation=deviation, by=bup_manager)

    notification = Notification.objects.get(recipient=manager, kind=NotificationKind.DEVIATION_STEP)
    assert notification.case_id is None and notification.case_number == ""
    assert person.first_name not in notification.detail and person.last_name not in notification.detail
    assert notification.email_status == EmailStatus.NONE
