"""The stored deadlines say what the rules say: every change marks its case in the same transaction, the next
reader works the marked cases out again, and nothing is stored for a closed case."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from samordna.cases import services as case_services
from samordna.cases.models import CloseReason, CoordinationCase
from samordna.common import clock
from samordna.deadlines.models import DeadlineRefresh, StoredDeadline
from samordna.deadlines.rules import all_case_deadlines
from samordna.deadlines.selectors import with_deadline_data
from samordna.deadlines.store import deadlines_mark_open_cases, deadlines_refresh
from samordna.organizations.models import RoutineProfile
from tests.conftest import TODAY
from tests.factories import sent_meeting

pytestmark = pytest.mark.django_db


def stored(case) -> set[tuple]:
    rows = StoredDeadline.objects.filter(case_id=case.pk)
    return set(rows.values_list("kind", "unit_id", "due_on", "notice_from", "listed_from", "subject_unit_id"))


def by_the_rules(case) -> set[tuple]:
    loaded = with_deadline_data(CoordinationCase.objects.filter(pk=case.pk)).get()
    return {
        (deadline.kind, unit_id, deadline.due_on, deadline.notice_from, deadline.listed_from, deadline.unit_id)
        for deadline in all_case_deadlines(loaded)
        for unit_id in deadline.unit_ids
    }


def assert_stored_as_the_rules_say(case) -> None:
    deadlines_refresh(case_ids=[case.pk])
    assert stored(case) == by_the_rules(case)
    assert not DeadlineRefresh.objects.filter(case_id=case.pk).exists()


def test_a_new_case_stores_its_meeting_deadline(case):
    assert DeadlineRefresh.objects.filter(case_id=case.pk).exists()
    assert_stored_as_the_rules_say(case)
    assert {kind for kind, *_ in stored(case)} == {"meeting_within"}


def test_consent_and_an_actor_are_stored_with_the_consents_expiry_before_it_is_listed(consented_case):
    assert_stored_as_the_rules_say(consented_case)
    expiry = StoredDeadline.objects.get(case=consented_case, kind="consent_expiry", unit=consented_case.convener_unit)
    assert expiry.listed_from == expiry.due_on - datetime.timedelta(days=30) > TODAY


def test_a_sent_invitation_is_stored_for_the_invited_unit(consented_case, convener, school_unit, bup_unit):
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)

    assert_stored_as_the_rules_say(consented_case)
    assert StoredDeadline.objects.filter(case=consented_case, kind="invitation_answer", unit=bup_unit).exists()


def test_a_plan_being_signed_off_stores_one_deadline_per_principal(filled):
    case = filled.plan.case
    assert_stored_as_the_rules_say(case)
    assert StoredDeadline.objects.filter(case=case, kind="plan_approval").exists()


def test_an_approved_plan_stores_its_follow_up_and_no_sign_off(approved):
    case = approved.plan.case
    assert_stored_as_the_rules_say(case)
    assert not StoredDeadline.objects.filter(case=case, kind="plan_approval").exists()


def test_a_closed_case_keeps_no_stored_deadlines(consented_case, convener):
    deadlines_refresh(case_ids=[consented_case.pk])
    case_services.case_close(case=consented_case, by=convener, reason=CloseReason.GOALS_MET, note="Klart.")

    assert_stored_as_the_rules_say(consented_case)
    assert stored(consented_case) == set()


def test_a_changed_routine_profile_marks_every_open_case_that_follows_it(case, profile):
    deadlines_refresh()
    RoutineProfile.objects.get(pk=profile.pk).save()

    assert DeadlineRefresh.objects.filter(case_id=case.pk).exists()


def test_a_refresh_with_nothing_marked_costs_one_query(case, django_assert_num_queries):
    deadlines_refresh()
    with django_assert_num_queries(1):
        assert deadlines_refresh(case_ids=[case.pk]) == 0


def test_marking_every_open_case_and_refreshing_rebuilds_what_was_lost(consented_case):
    deadlines_refresh()
    StoredDeadline.objects.all().delete()

    assert deadlines_mark_open_cases() == 1
    assert deadlines_refresh() == 1
    assert stored(consented_case) == by_the_rules(consented_case) != set()


def test_a_consent_expiry_is_listed_thirty_days_before_without_any_change(client, consented_case, convener):
    deadlines_refresh()
    valid_to = consented_case.consents.get().valid_to
    client.force_login(convener)

    with clock.frozen_clock(valid_to - datetime.timedelta(days=31)):
        assert "Samtycken att förnya" not in client.get("/").content.decode()
    with clock.frozen_clock(valid_to - datetime.timedelta(days=30)):
        assert "Samtycken att förnya" in client.get("/").content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_another_refresher_holds_is_skipped_and_keeps_its_mark(consented_case):
    """Two readers refreshing one case at once would each write its rows: the second skips the locked case and
    leaves its mark, so the case is worked out once now and again by the next reader."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                CoordinationCase.objects.select_for_update().filter(pk=consented_case.pk).get()
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:
        assert deadlines_refresh(case_ids=[consented_case.pk]) == 0
        assert DeadlineRefresh.objects.filter(case_id=consented_case.pk).exists()
    finally:
        release.set()
        holder.join()
    assert_stored_as_the_rules_say(consented_case)
