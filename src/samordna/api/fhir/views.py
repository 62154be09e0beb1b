"""Read-only FHIR R4B endpoints. Every lookup goes through the same access policies as the pages (a record
the user may not see answers 404, like one that does not exist), and every resource with personal data
handed out is written to the audit log."""

from collections.abc import Callable
from functools import wraps

from django.db.models import F
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from fhir.resources.R4B.operationoutcome import OperationOutcome

from samordna.api.fhir import resources
from samordna.api.rest.auth import bearer_account
from samordna.audit.services import audit_read, audit_read_many
from samordna.cases.models import Consent
from samordna.cases.policies import valid_consent, visible_cases
from samordna.common import clock
from samordna.meetings.models import Meeting
from samordna.organizations.models import Unit
from samordna.people.policies import visible_persons
from samordna.plans.models import Goal, PlanEvent, PlanVersion
from samordna.plans.selectors import versions_with_content

FHIR_JSON = "application/fhir+json; charset=utf-8"


class NotFound(Exception):
    """No such record, or one the caller may not see: both answer the same 404 OperationOutcome."""


def _outcome(status: int, code: str, text: str) -> HttpResponse:
    outcome = OperationOutcome.model_validate({"issue": [{"severity": "error", "code": code, "diagnostics": text}]})
    return HttpResponse(outcome.model_dump_json(exclude_none=True), status=status, content_type=FHIR_JSON)


def _resource_response(resource) -> HttpResponse:
    response = HttpResponse(resource.model_dump_json(exclude_none=True), content_type=FHIR_JSON)
    response["Cache-Control"] = "no-store"
    return response


def fhir_read(view: Callable) -> Callable:
    """GET only, for a logged-in user or a system with an API token (401 as an OperationOutcome rather than a
    login redirect), and a record outside the caller's access answers 404."""

    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            account = bearer_account(request)
            if account is None:
                return _outcome(401, "login", "Inloggning krävs.")
            request.user = account
        try:
            return _resource_response(view(request, *args, **kwargs))
        except NotFound:
            return _outcome(404, "not-found", "Resursen finns inte.")

    return wrapper


def _first(queryset):
    item = queryset.first()
    if item is None:
        raise NotFound
    return item


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir/R4B/")


def _visible_version(user, pk) -> PlanVersion:
    version = _first(PlanVersion.objects.filter(pk=pk, plan__case__in=visible_cases(user)).select_related("plan"))
    return versions_with_content(version.plan.case).select_related("plan__case__discharge_notice").get(pk=pk)


@fhir_read
def patient(request, pk: int):
    person = _first(visible_persons(request.user).filter(pk=pk))
    audit_read(user=request.user, obj=person, person_id=person.pk, summary="fhir:Patient")
    return resources.patient(person)


@fhir_read
def care_plan(request, pk: int):
    version = _visible_version(request.user, pk)
    audit_read(user=request.user, obj=version, person_id=version.plan.case.person_id, summary="fhir:CarePlan")
    return resources.care_plan(version)


@fhir_read
def care_plan_search(request):
    """CarePlan?patient=<id>: every version of the plans of a person the user may see, newest first."""
    patient_id = request.GET.get("patient", "").removeprefix("Patient/")
    if not patient_id.isdigit():
        return resources.searchset([], base_url=base_url(request))
    versions = list(
        PlanVersion.objects.filter(plan__case__in=visible_cases(request.user), plan__case__person_id=patient_id)
        .select_related("plan__case__discharge_notice", "plan__case", "lead", "lead_unit")
        .prefetch_related("goals", "interventions__unit")
        .annotate(audit_person_id=F("plan__case__person_id"))
        .order_by("-plan_id", "-number")
    )
    audit_read_many(user=request.user, objects=versions, person_attr="audit_person_id", summary="fhir:CarePlan")
    return resources.searchset([resources.care_plan(v) for v in versions], base_url=base_url(request))


@fhir_read
def care_plan_bundle(request, pk: int):
    """CarePlan/<id>/$bundle: the version with everything a journal system needs to take it over."""
    version = _visible_version(request.user, pk)
    case = version.plan.case
    audit_read(user=request.user, obj=version, person_id=case.person_id, summary="fhir:Bundle")
    return resources.plan_bundle(
        version, consent_in_force=valid_consent(case), base_url=base_url(request), today=clock.today()
    )


@fhir_read
def goal(request, pk: int):
    item = _first(
        Goal.objects.filter(pk=pk, version__plan__case__in=visible_cases(request.user)).select_related(
            "version__plan__case"
        )
    )
    audit_read(user=request.user, obj=item, person_id=item.version.plan.case.person_id, summary="fhir:Goal")
    return resources.goal(item, item.version)


@fhir_read
def care_team(request, pk: int):
    case = _first(
        visible_cases(request.user).filter(pk=pk).select_related("lead_unit").prefetch_related("actors__unit")
    )
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="fhir:CareTeam")
    return resources.care_team(case)


@fhir_read
def consent(request, pk: int):
    item = _first(
        Consent.objects.filter(pk=pk, case__in=visible_cases(request.user))
        .select_related("case")
        .prefetch_related("units")
    )
    audit_read(user=request.user, obj=item, person_id=item.case.person_id, summary="fhir:Consent")
    return resources.consent(item, clock.today())


@fhir_read
def appointment(request, pk: int):
    meeting = _first(
        Meeting.objects.filter(pk=pk, case__in=visible_cases(request.user))
        .select_related("case")
        .prefetch_related("invitations__unit")
    )
    audit_read(user=request.user, obj=meeting, person_id=meeting.case.person_id, summary="fhir:Appointment")
    return resources.appointment(meeting)


@fhir_read
def communication(request, pk: int):
    event = _first(
        PlanEvent.objects.filter(pk=pk, case__in=visible_cases(request.user)).select_related(
            "case", "unit", "version__lead_unit"
        )
    )
    audit_read(user=request.user, obj=event, person_id=event.case.person_id, summary="fhir:Communication")
    return resources.communication(event)


@fhir_read
def organization(request, pk: int):
    """Units are the published contact directory, not personal data: any logged-in user may read them."""
    return resources.organization(_first(Unit.objects.filter(pk=pk)))
