"""Writes about persons and their circle: validation, permission and the audit row each one leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.accounts.models import User
from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import InitiatorKind
from samordna.common import clock
from samordna.people.identity import INVALID_IDENTITY_NUMBER
from samordna.people.models import Guardian, Person, RelatedPerson, Representative, RepresentativeKind
from samordna.people.services import (
    PERSON_EXISTS,
    guardian_add,
    person_create,
    related_person_add,
    representative_add,
)
from tests.conftest import make_user


def create_person(by, number="19121212-1212", **fields):
    return person_create(by=by, personal_identity_number=number, first_name="Tolvan", last_name="Tolvansson", **fields)


@pytest.mark.parametrize("raw", ["19121212-1212", "191212121212", "121212+1212"])
def test_person_create_stores_the_number_as_twelve_digits(convener, raw):
    """Whatever form the staff member types, the person is stored with YYYYMMDDNNNC."""
    person = create_person(convener, raw)
    person.refresh_from_db()
    assert person.personal_identity_number == "191212121212"


def test_person_create_records_who_registered_the_person_and_trims_names(convener):
    """The registering user is kept and names lose surrounding spaces."""
    person = person_create(
        by=convener, personal_identity_number="201701012393", first_name="  Nova ", last_name=" Exempelsson "
    )
    assert (person.first_name, person.last_name) == ("Nova", "Exempelsson")
    assert person.created_by == convener


def test_person_create_accepts_a_coordination_number(convener):
    """A samordningsnummer (day + 60) is a valid identity number."""
    person = create_person(convener, "19900771-3838")
    assert person.personal_identity_number == "199007713838"
    assert person.is_coordination_number


def test_person_create_refuses_an_invalid_number(convener):
    """A bad check digit is refused with the Swedish message and nothing is saved."""
    with pytest.raises(ValidationError) as excinfo:
        create_person(convener, "19121212-1213")
    assert excinfo.value.messages == [str(INVALID_IDENTITY_NUMBER)]
    assert not Person.objects.exists()


@pytest.mark.parametrize("raw", ["191212121212", "121212+1212"])
def test_person_create_refuses_a_number_already_registered(convener, adult, raw):
    """The same person in another written form is a duplicate, reported on the number field."""
    with pytest.raises(ValidationError) as excinfo:
        create_person(convener, raw)
    assert excinfo.value.message_dict == {"personal_identity_number": [str(PERSON_EXISTS)]}
    assert Person.objects.count() == 1


def test_a_manager_may_register_a_person(manager):
    """Managers work with cases too and may register a person."""
    assert create_person(manager).created_by == manager


def test_person_create_is_refused_to_a_local_administrator(admin):
    """A local administrator role alone gives no right to register persons."""
    with pytest.raises(PermissionDenied):
        create_person(admin)
    assert not Person.objects.exists()


def test_person_create_is_refused_to_a_user_without_membership(db):
    """A user who belongs to no unit may not register persons, even a Django superuser."""
    user = User.objects.create_superuser(username="root", password="test-password-123")
    with pytest.raises(PermissionDenied):
        create_person(user)


def test_person_create_is_refused_through_a_unit_that_was_deactivated(school_unit):
    """Membership of an inactive unit gives no right to work with persons."""
    user = make_user(school_unit)
    school_unit.is_active = False
    school_unit.save()
    with pytest.raises(PermissionDenied):
        create_person(user)


def test_person_create_writes_one_create_event_for_the_person(convener):
    """One audit row: who created which person, when."""
    person = create_person(convener)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CREATE
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.person_id == person.pk
    assert event.user == convener
    assert event.username == "convener"
    assert event.at == clock.now()


@pytest.fixture
def child_case(convener, school_unit, child):
    """A case for the child, which lets the school's staff edit the child's circle."""
    return case_services.case_start(
        by=convener,
        person=child,
        unit=school_unit,
        initiator_kind=InitiatorKind.SCHOOL,
        need_noticed_on=clock.today(),
    )


def test_guardian_add_stores_the_guardian_with_a_normalised_number(convener, child, child_case):
    """A guardian's identity number is optional; when given it is validated and stored as 12 digits."""
    guardian = guardian_add(person=child, by=convener, name="Anna Exempelsson", personal_identity_number="121212+1212")
    assert guardian.person == child
    assert guardian.personal_identity_number == "191212121212"
    assert guardian_add(person=child, by=convener, name="Bo Exempelsson").personal_identity_number == ""


def test_guardian_add_refuses_an_invalid_number(convener, child, child_case):
    """A guardian's invalid number is refused and no guardian is saved."""
    with pytest.raises(ValidationError):
        guardian_add(person=child, by=convener, name="Anna", personal_identity_number="19121212-1213")
    assert not Guardian.objects.exists()


def test_the_registering_user_may_add_to_the_circle_without_a_case(convener):
    """Whoever registered the person may edit the circle before any case exists."""
    person = create_person(convener)
    related = related_person_add(person=person, by=convener, name="Mormor", relation="mormor")
    assert related.person == person


def test_staff_of_an_actor_unit_may_add_to_the_circle(consented_case, actor_staff):
    """Staff of a unit taking part in the person's case may add a related person."""
    related = related_person_add(person=consented_case.person, by=actor_staff, name="Kim", relation="vän")
    assert related.person == consented_case.person


CIRCLE_ADDS = {
    "guardian": (guardian_add, {"name": "Anna Exempelsson"}, Guardian),
    "representative": (
        representative_add,
        {"name": "Göran God", "kind": RepresentativeKind.GOOD_MAN, "phone": "070-1234567"},
        Representative,
    ),
    "related_person": (related_person_add, {"name": "Mormor", "relation": "mormor"}, RelatedPerson),
}


@pytest.mark.parametrize("kind", CIRCLE_ADDS)
def test_circle_add_writes_one_create_event_for_the_person(convener, child, child_case, kind):
    """Adding a guardian, representative or related person leaves one create row naming the person."""
    service, fields, model = CIRCLE_ADDS[kind]
    before = AuditEvent.objects.count()
    member = service(person=child, by=convener, **fields)
    assert model.objects.get() == member
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == AuditAction.CREATE
    assert event.object_type == f"people.{model._meta.model_name}"
    assert event.object_id == str(member.pk)
    assert event.person_id == child.pk
    assert event.user == convener


@pytest.mark.parametrize("kind", CIRCLE_ADDS)
def test_circle_add_is_refused_to_an_outsider(outsider, child, child_case, kind):
    """Staff of an unrelated unit may not add to the circle of a person they cannot see."""
    service, fields, model = CIRCLE_ADDS[kind]
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        service(person=child, by=outsider, **fields)
    assert not model.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("kind", CIRCLE_ADDS)
def test_circle_add_is_refused_to_a_local_administrator(admin, child, child_case, kind):
    """A local administrator of the convener's unit sees no person and may not edit the circle."""
    service, fields, model = CIRCLE_ADDS[kind]
    with pytest.raises(PermissionDenied):
        service(person=child, by=admin, **fields)
    assert not model.objects.exists()


def test_a_representative_needs_a_known_kind(convener, child, child_case):
    """The representative's kind must be god man, förvaltare, framtidsfullmakt or ombud."""
    with pytest.raises(ValidationError) as excinfo:
        representative_add(person=child, by=convener, name="Göran", kind="uncle")
    assert "kind" in excinfo.value.message_dict
    assert not Representative.objects.exists()
