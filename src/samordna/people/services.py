"""Writes about persons and their circle. Each runs in a transaction and writes its audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.people.identity import parse_identity_number
from samordna.people.models import Guardian, Person, RelatedPerson, Representative
from samordna.people.policies import ensure_can_edit_person, ensure_is_staff

PERSON_EXISTS = _("Det finns redan en person med det här numret i Samordna.")


@transaction.atomic
def person_create(
    *,
    by,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    protected_identity: bool = False,
) -> Person:
    """Register a person; the identity number is validated and stored as 12 digits."""
    ensure_is_staff(by)
    number = parse_identity_number(personal_identity_number).normalised
    if Person.objects.filter(personal_identity_number=number).exists():
        raise ValidationError({"personal_identity_number": PERSON_EXISTS})
    person = Person(
        personal_identity_number=number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        address=address,
        phone=phone,
        email=email,
        protected_identity=protected_identity,
        created_by=by,
    )
    person.full_clean()
    person.save()
    audit_record(user=by, action=AuditAction.CREATE, obj=person, person_id=person.pk, summary="person_create")
    return person


@transaction.atomic
def person_update(*, person: Person, by, **fields) -> Person:
    ensure_can_edit_person(by, person)
    allowed = {"first_name", "last_name", "address", "phone", "email", "protected_identity"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"person_update cannot change {name}")
        setattr(person, name, value)
    person.full_clean()
    person.save()
    audit_record(user=by, action=AuditAction.UPDATE, obj=person, person_id=person.pk, summary="person_update")
    return person


def _circle_add(model, *, person: Person, by, **fields):
    ensure_can_edit_person(by, person)
    member = model(person=person, **fields)
    member.full_clean()
    member.save()
    audit_record(
        user=by,
        action=AuditAction.CREATE,
        obj=member,
        person_id=person.pk,
        summary=f"{model._meta.model_name}_add",
    )
    return member


@transaction.atomic
def guardian_add(*, person: Person, by, name: str, personal_identity_number: str = "", **contact) -> Guardian:
    number = parse_identity_number(personal_identity_number).normalised if personal_identity_number else ""
    return _circle_add(Guardian, person=person, by=by, name=name, personal_identity_number=number, **contact)


@transaction.atomic
def representative_add(*, person: Person, by, name: str, kind: str, **contact) -> Representative:
    return _circle_add(Representative, person=person, by=by, name=name, kind=kind, **contact)


@transaction.atomic
def related_person_add(*, person: Person, by, name: str, relation: str, **contact) -> RelatedPerson:
    return _circle_add(RelatedPerson, person=person, by=by, name=name, relation=relation, **contact)
