"""Persons, cases, actors, consent, preparation, closure and the work list. Each operation calls the same
service or selector as the pages, with the same access policy; the API adds no rule of its own."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from samordna.api.rest import schemas as s
from samordna.audit.services import audit_read, audit_read_many
from samordna.cases import services as case_services
from samordna.cases.models import CaseActor, Consent, Preparation
from samordna.cases.policies import get_visible_case, valid_consent, visible_cases
from samordna.deadlines.rules import case_deadlines
from samordna.deadlines.selectors import with_deadline_data
from samordna.meetings.services import consent_withdraw_and_cancel_meetings
from samordna.organizations.models import Unit
from samordna.overview.selectors import case_rows, work_cases
from samordna.people import services as people_services
from samordna.people.identity import parse_identity_number
from samordna.people.models import Guardian, Person, Representative
from samordna.people.policies import ensure_is_staff, get_visible_person

router = Router(tags=["cases"])


class Page(Schema):
    offset: int = 0
    limit: int = 50
    # Keyset paging: the id of the last item of the previous page. Costs the same on the last page as on the
    # first, where an offset makes the database walk past every earlier row.
    after: int | None = None


def person_out(person) -> dict:
    hidden = person.protected_identity
    return {
        "id": person.pk,
        "personal_identity_number": person.personal_identity_number,
        "first_name": None if hidden else person.first_name,
        "last_name": None if hidden else person.last_name,
        "protected_identity": person.protected_identity,
        "birth_date": person.birth_date,
    }


@router.post("/persons/lookup", response=s.PersonOut, summary="Slå upp en person på personnummer")
def person_lookup(request, payload: s.PersonLookupIn):
    """The number goes in the body so it never reaches a URL or an access log. 404 when no such person is
    registered or the caller may not see them."""
    ensure_is_staff(request.user)
    try:
        number = parse_identity_number(payload.personal_identity_number).normalised
    except ValidationError as error:
        raise ValidationError({"personal_identity_number": error.messages}) from error
    person = get_visible_person(request.user, _person_pk(number))
    audit_read(user=request.user, obj=person, person_id=person.pk, summary="api:person_lookup")
    return person_out(person)


def _person_pk(number: str) -> int:
    return get_object_or_404(Person.objects.only("pk"), personal_identity_number=number).pk


@router.post("/persons", response={201: s.PersonOut}, summary="Registrera en person")
def person_create(request, payload: s.PersonIn):
    person = people_services.person_create(by=request.user, **payload.dict())
    return Status(201, person_out(person))


@router.get("/persons/{person_id}", response=s.PersonOut, summary="En person")
def person_detail(request, person_id: int):
    person = get_visible_person(request.user, person_id)
    audit_read(user=request.user, obj=person, person_id=person.pk, summary="api:person")
    return person_out(person)


class CasePage(Schema):
    count: int
    items: list[s.CaseOut]
    next_after: int | None = None


@router.get("/cases", response=CasePage, summary="Ärenden du får se")
def case_list(request, page: Query[Page]):
    """Oldest first by id, a stable order for paging: `after` (the previous page's `next_after`) or offset, and
    limit (at most 200). `next_after` is null on the last page."""
    cases = visible_cases(request.user).order_by("pk")
    limit = max(1, min(page.limit, 200))
    if page.after is not None:
        rows = list(cases.filter(pk__gt=page.after)[: limit + 1])
    else:
        rows = list(cases[max(page.offset, 0) : max(page.offset, 0) + limit + 1])
    items = rows[:limit]
    audit_read_many(user=request.user, objects=items, summary="api:case_list")
    next_after = items[-1].pk if len(rows) > limit else None
    return {"count": cases.count(), "items": items, "next_after": next_after}


@router.post("/cases", response={201: s.CaseDetailOut}, summary="Starta ett ärende")
def case_start(request, payload: s.CaseIn):
    person = get_visible_person(request.user, payload.person_id)
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    data = payload.dict(exclude={"person_id", "unit_id"})
    case = case_services.case_start(by=request.user, person=person, unit=unit, **data)
    return Status(201, _case_detail(request, case.pk))


def _case_detail(request, case_pk: int) -> dict:
    case = get_visible_case(request.user, case_pk)
    case = with_deadline_data(visible_cases(request.user).filter(pk=case.pk)).get()
    consent = valid_consent(case)
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="api:case")
    return {
        **{field: getattr(case, field) for field in s.CaseOut.model_fields},
        "actors": list(case.actors.select_related("unit")),
        "deadlines": case_deadlines(case),
        "consent_id": consent.pk if consent else None,
    }


@router.get("/cases/{case_id}", response=s.CaseDetailOut, summary="Ett ärende")
def case_detail(request, case_id: int):
    return _case_detail(request, case_id)


@router.post("/cases/{case_id}/actors", response={201: s.ActorOut}, summary="Lägg till en aktör")
def actor_add(request, case_id: int, payload: s.ActorIn):
    case = get_visible_case(request.user, case_id)
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    return Status(201, case_services.case_add_actor(case=case, by=request.user, unit=unit))


@router.delete("/cases/{case_id}/actors/{actor_id}", response=s.ActorOut, summary="En aktör lämnar")
def actor_leave(request, case_id: int, actor_id: int):
    case = get_visible_case(request.user, case_id)
    actor = get_object_or_404(CaseActor.objects.select_related("unit"), pk=actor_id, case=case)
    return case_services.case_leave_actor(actor=actor, by=request.user)


def consent_out(consent: Consent) -> dict:
    data = {field: getattr(consent, field) for field in s.ConsentOut.model_fields if field != "unit_ids"}
    return {**data, "unit_ids": sorted(unit.pk for unit in consent.units.all())}


@router.post("/cases/{case_id}/consents", response={201: s.ConsentOut}, summary="Registrera samtycke")
def consent_record(request, case_id: int, payload: s.ConsentIn):
    case = get_visible_case(request.user, case_id)
    data = payload.dict(exclude={"unit_ids", "guardian_ids", "representative_id"})
    consent = case_services.consent_record(
        case=case,
        by=request.user,
        units=list(Unit.objects.filter(pk__in=payload.unit_ids)),
        guardians=list(Guardian.objects.filter(pk__in=payload.guardian_ids, person_id=case.person_id)),
        representative=Representative.objects.filter(pk=payload.representative_id, person_id=case.person_id).first()
        if payload.representative_id
        else None,
        **data,
    )
    return Status(201, consent_out(consent))


@router.get("/cases/{case_id}/consents/{consent_id}", response=s.ConsentOut, summary="Ett samtycke")
def consent_detail(request, case_id: int, consent_id: int):
    case = get_visible_case(request.user, case_id)
    consent = get_object_or_404(Consent, pk=consent_id, case=case)
    audit_read(user=request.user, obj=consent, person_id=case.person_id, summary="api:consent")
    return consent_out(consent)


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdraw",
    response=s.ConsentOut,
    summary="Återkalla samtycket (avslutar ärendet och ställer in planerade möten)",
)
def consent_withdraw(request, case_id: int, consent_id: int, payload: s.WithdrawalIn):
    case = get_visible_case(request.user, case_id)
    consent = get_object_or_404(Consent, pk=consent_id, case=case)
    return consent_out(consent_withdraw_and_cancel_meetings(consent=consent, by=request.user, **payload.dict()))


@router.get("/cases/{case_id}/preparation", response=s.PreparationOut, summary="Förberedelsen")
def preparation_detail(request, case_id: int):
    case = get_visible_case(request.user, case_id)
    preparation = get_object_or_404(Preparation, case=case, voided_at__isnull=True)
    audit_read(user=request.user, obj=preparation, person_id=case.person_id, summary="api:preparation")
    return preparation


@router.put("/cases/{case_id}/preparation", response=s.PreparationOut, summary="Spara förberedelsen")
def preparation_save(request, case_id: int, payload: s.PreparationIn):
    case = get_visible_case(request.user, case_id)
    return case_services.preparation_save(case=case, by=request.user, **payload.dict())


@router.post("/cases/{case_id}/close", response=s.CaseOut, summary="Avsluta ärendet")
def case_close(request, case_id: int, payload: s.CloseIn):
    case = get_visible_case(request.user, case_id)
    return case_services.case_close(case=case, by=request.user, reason=payload.reason, note=payload.note)


@router.get("/worklist", response=list[s.WorkItemOut], summary="Min arbetslista")
def worklist(request):
    """The open cases you may see, by their next deadline (earliest first; cases without one last), from the
    same stored deadlines as the overview."""
    cases = list(work_cases(request.user))
    audit_read_many(user=request.user, objects=cases, summary="api:worklist")
    return [
        {
            "case_id": row["case"].pk,
            "reference": row["case"].reference,
            "status": row["case"].status,
            "next_deadline": row["deadline"],
        }
        for row in case_rows(cases)
    ]
