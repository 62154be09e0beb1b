"""Which SIPs a GetCarePlans request gets, and how each becomes a carePlan element.

A person's plan is shared through the national platform only as its approved version in force, one document
per plan (documentId stable across versions), never for a person with protected identity, and never after the
individual withdrew consent. Every plan handed out is audit-logged against the consumer's system."""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from lxml import etree

from samordna.api.riv.contract import (
    CORE_NS,
    HSA_ID_OID,
    PERSONNUMMER_OID,
    RESPONDER_NS,
    SAMORDNINGSNUMMER_OID,
    CarePlansRequest,
    InvalidRequest,
    sub,
    timestamp,
)
from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CloseReason
from samordna.common.pdf import render_pdf
from samordna.organizations.models import Unit
from samordna.people.models import Person
from samordna.plans.documents import plan_document_context
from samordna.plans.models import PlanVersion
from samordna.plans.selectors import involved_units

TYPE_SIP = "SIP"
TYPE_DISCHARGE = "SPU"
TEMPLATE = "plans/plan_pdf.html"


@dataclass(frozen=True)
class SharedPlan:
    version: PlanVersion
    participating_hsa_ids: tuple[str, ...]


def source_system_hsa_id() -> str:
    return settings.SAMORDNA_RIV_SOURCE_SYSTEM_HSA_ID


def _logical_unit(logical_address: str) -> Unit | None:
    """The care unit a request is addressed to; None when it is addressed to Samordna as a whole."""
    if logical_address == source_system_hsa_id():
        return None
    unit = Unit.objects.filter(hsa_id=logical_address).first()
    if unit is None:
        raise InvalidRequest("Okänd logisk adress: varken Samordnas eller en enhets HSA-id.")
    return unit


def shared_plans(request: CarePlansRequest) -> tuple[Person | None, list[SharedPlan]]:
    """The person the request names (None when unknown) and the plans it may be given, oldest first."""
    addressed_unit = _logical_unit(request.logical_address)
    person = Person.objects.filter(personal_identity_number=request.identity_number).first()
    if person is None or person.protected_identity:
        return None, []
    if request.care_contact_ids or request.source_system_hsa_id not in ("", source_system_hsa_id()):
        return person, []
    versions = (
        PlanVersion.objects.filter(plan__case__person=person, approved_at__isnull=False)
        .exclude(plan__case__close_reason=CloseReason.CONSENT_WITHDRAWN)
        .select_related("plan__case__person", "plan__case__discharge_notice", "lead", "lead_unit__principal")
        .prefetch_related(
            "goals", "interventions__unit__principal", "contacts__unit__principal", "approvals__approved_by"
        )
        .prefetch_related("approvals__principal", "approvals__unit")
        .order_by("plan_id", "-number")
    )
    wanted_units = set(request.care_unit_hsa_ids)
    plans = []
    for version in _newest_per_plan(versions):
        hsa_ids = tuple(sorted({unit.hsa_id for unit in involved_units(version) if unit.hsa_id}))
        if addressed_unit is not None and addressed_unit.hsa_id not in hsa_ids:
            continue
        if wanted_units and not wanted_units.intersection(hsa_ids):
            continue
        approved_on = timezone.localdate(version.approved_at)
        if request.period_start and not request.period_start <= approved_on <= request.period_end:
            continue
        plans.append(SharedPlan(version, hsa_ids))
    return person, plans


def _newest_per_plan(versions) -> list[PlanVersion]:
    """Each plan's most recently approved version: the approved one, or while a follow-up's new version is
    being made, the superseded one it replaces (the individual's plan in force until the new one is approved).
    `versions` come ordered by plan and newest first."""
    newest: dict[int, PlanVersion] = {}
    for version in versions:
        newest.setdefault(version.plan_id, version)
    return sorted(newest.values(), key=lambda version: (version.approved_at, version.pk))


def document_id(version: PlanVersion) -> str:
    """Stable across a plan's versions, so NPÖ shows the newest approved version in place of the old one."""
    return f"{source_system_hsa_id()}-sip-{version.plan_id}"


def care_plan_element(shared: SharedPlan) -> etree._Element:
    version = shared.version
    case = version.plan.case
    person = case.person
    care_plan = etree.Element(f"{{{RESPONDER_NS}}}carePlan", nsmap={"core": CORE_NS})
    header = sub(care_plan, "carePlanHeader")
    sub(header, "documentId", document_id(version))
    sub(header, "sourceSystemHSAId", source_system_hsa_id())
    sub(header, "documentTitle", f"Samordnad individuell plan, version {version.number}")
    sub(header, "documentTime", timestamp(version.approved_at))
    patient = sub(header, "patientId")
    sub(patient, "id", person.personal_identity_number)
    sub(patient, "type", SAMORDNINGSNUMMER_OID if person.is_coordination_number else PERSONNUMMER_OID)
    _accountable(sub(header, "accountableHealthcareProfessional"), version)
    _signature(header, version)
    sub(header, "approvedForPatient", "true" if version.individual_agreement else "false")
    sub(header, "nullified", "false")
    body = sub(care_plan, "carePlanBody")
    context = plan_document_context(case, version)
    html = render_to_string(TEMPLATE, context)
    for media_type, content in (("text/html", html.encode()), ("application/pdf", render_pdf(TEMPLATE, context))):
        multimedia = sub(body, "content")
        sub(multimedia, "mediaType", media_type)
        sub(multimedia, "value", base64.b64encode(content).decode("ascii"))
    for hsa_id in shared.participating_hsa_ids:
        unit_id = sub(body, "participatingCareUnitHSAId")
        sub(unit_id, "root", HSA_ID_OID)
        sub(unit_id, "extension", hsa_id)
    discharge = hasattr(case, "discharge_notice")
    sub(body, "typeOfCarePlanEnum", TYPE_DISCHARGE if discharge else TYPE_SIP)
    return care_plan


def _accountable(element: etree._Element, version: PlanVersion) -> None:
    """The lead (huvudansvarig) is accountable for the plan."""
    sub(element, "authorTime", timestamp(version.approved_at))
    if version.lead is not None:
        sub(element, "healthcareProfessionalName", version.lead.get_full_name() or version.lead.get_username())
    if version.lead_unit is not None:
        org_unit = sub(element, "healthcareProfessionalOrgUnit")
        if version.lead_unit.hsa_id:
            sub(org_unit, "orgUnitHSAId", version.lead_unit.hsa_id)
        sub(org_unit, "orgUnitName", version.lead_unit.name)
        if version.lead_unit.hsa_id:
            sub(element, "healthcareProfessionalCareUnitHSAId", version.lead_unit.hsa_id)


def _signature(header: etree._Element, version: PlanVersion) -> None:
    """The last principal's sign-off completed the approval; its signer authenticates the document."""
    approvals = sorted(version.approvals.all(), key=lambda approval: approval.approved_at)
    if not approvals:
        return
    last = approvals[-1]
    authenticator = sub(header, "legalAuthenticator")
    sub(authenticator, "signatureTime", timestamp(last.approved_at))
    if last.approved_by is not None:
        sub(authenticator, "legalAuthenticatorName", last.approved_by.get_full_name() or last.approved_by.username)


@transaction.atomic
def answer(request: CarePlansRequest, *, consumer: str, log_id: str) -> list[etree._Element]:
    """The carePlan elements for `request`, with one audit event per plan handed out (and one for a known
    person who got none), so the individual's log extract shows what NPÖ or 1177 read."""
    person, plans = shared_plans(request)
    elements = [care_plan_element(shared) for shared in plans]
    who = f"riv:{consumer}"[:150]
    for shared in plans:
        audit_record(
            user=None,
            username=who,
            action=AuditAction.EXPORT,
            obj=shared.version,
            person_id=person.pk,
            summary=f"getcareplans logId={log_id}",
            reason="GetCarePlans (NPÖ/1177)",
        )
    if person is not None and not plans:
        audit_record(
            user=None,
            username=who,
            action=AuditAction.READ,
            obj=person,
            person_id=person.pk,
            summary=f"getcareplans logId={log_id} (inga planer)",
            reason="GetCarePlans (NPÖ/1177)",
        )
    return elements
