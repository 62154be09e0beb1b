"""Every audit event names the user's unit and principal as they were when it was written."""

import pytest

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.services import audit_read, audit_read_many, audit_record
from samordna.organizations.models import Membership, Role, Unit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_an_event_carries_the_users_unit_and_principal(convener, school_unit, adult):
    event = audit_read(user=convener, obj=adult, person_id=adult.pk, summary="person_detail")

    assert (event.unit_id, event.unit_name) == (school_unit.pk, "Testskolan elevhälsa")
    assert (event.principal_id, event.principal_name) == (school_unit.principal_id, "Testkommun")


def test_the_unit_costs_two_small_queries_however_many_rows_are_logged(
    convener, adult, child, django_assert_num_queries
):
    """The units in the persons' cases are read once per call, the user's memberships once per request (cached
    on the user object); the rows are plain values."""
    with django_assert_num_queries(3):
        audit_record(user=convener, action=AuditAction.READ, obj=adult, person_id=adult.pk)
    with django_assert_num_queries(2) as captured:
        audit_read_many(user=convener, objects=[adult, child, adult], person_attr="pk")

    insert = captured.captured_queries[-1]["sql"]
    assert insert.startswith("INSERT") and "organizations_membership" not in insert


def test_an_event_about_no_one_reads_only_the_memberships(convener, django_assert_num_queries):
    with django_assert_num_queries(2):
        audit_record(user=convener, action=AuditAction.READ, object_type="statistics")


def test_a_list_read_carries_the_unit_on_every_row(convener, school_unit, adult, child):
    audit_read_many(user=convener, objects=[adult, child], person_attr="pk")

    assert set(AuditEvent.objects.values_list("unit_id", "principal_name")) == {(school_unit.pk, "Testkommun")}


def test_the_name_stays_as_it_was_when_the_unit_is_renamed(convener, school_unit, adult):
    event = audit_read(user=convener, obj=adult, person_id=adult.pk)
    Unit.objects.filter(pk=school_unit.pk).update(name="Nytt namn")

    event.refresh_from_db()
    assert event.unit_name == "Testskolan elevhälsa"


def test_a_case_role_is_preferred_over_an_administrative_one(school_unit, bup_unit, adult):
    user = make_user(school_unit, Role.LOCAL_ADMIN)
    Membership.objects.create(user=user, unit=bup_unit, role=Role.STAFF)

    event = audit_read(user=user, obj=adult, person_id=adult.pk)

    assert (event.unit_id, event.principal_name) == (bup_unit.pk, "Region Test")


def test_an_active_unit_is_preferred_over_an_inactive_one(school_unit, bup_unit, adult):
    user = make_user(school_unit)
    Membership.objects.create(user=user, unit=bup_unit, role=Role.STAFF)
    Unit.objects.filter(pk=school_unit.pk).update(is_active=False)

    event = audit_read(user=user, obj=adult, person_id=adult.pk)

    assert event.unit_id == bup_unit.pk


def test_a_user_without_unit_and_an_anonymous_attempt_leave_the_unit_empty(django_user_model, db):
    loner = django_user_model.objects.create_user(username="loner", password="x-test-password-1")

    event = audit_record(user=loner, action=AuditAction.LOGIN)
    anonymous = audit_record(user=None, username="okand", action=AuditAction.LOGIN_FAILED)

    for row in (event, anonymous):
        row.refresh_from_db()
        assert (row.unit_id, row.unit_name, row.principal_id, row.principal_name) == (None, "", None, "")


def test_a_user_in_two_units_is_logged_under_the_unit_that_takes_part_in_the_persons_case(
    consented_case, social_unit, bup_unit, school_unit
):
    """The BUP psychologist who also works at the social services (the older membership) reads the case
    through BUP, an actor in it: the event names BUP, so the log follow-up does not flag it."""
    user = make_user(social_unit)
    Membership.objects.create(user=user, unit=bup_unit, role=Role.STAFF)

    about_the_person = audit_read(user=user, obj=consented_case, person_id=consented_case.person_id)
    about_no_one = audit_record(user=user, action=AuditAction.READ, object_type="statistics")

    assert about_the_person.unit_id == bup_unit.pk
    assert about_no_one.unit_id == social_unit.pk


def test_a_list_read_names_for_each_person_the_unit_in_their_case(consented_case, adult, child, social_unit, bup_unit):
    user = make_user(social_unit)
    Membership.objects.create(user=user, unit=bup_unit, role=Role.STAFF)
    persons = {consented_case.person, adult, child}

    audit_read_many(user=user, objects=list(persons), person_attr="pk")

    units = dict(AuditEvent.objects.filter(user=user).values_list("person_id", "unit_id"))
    assert units[consented_case.person_id] == bup_unit.pk
    assert {units[person.pk] for person in persons - {consented_case.person}} == {social_unit.pk}
