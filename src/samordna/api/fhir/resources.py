"""Samordna's records as FHIR R4B resources, built and validated with fhir.resources.

A plan version is a CarePlan (`replaces` points to the version before it); goals are Goals with their
achievement; the case's actors are a CareTeam of Organizations; the consent is a Consent with one provision
per unit and period; a meeting is an Appointment with each invited unit as a participant; an event reported
to the lead is a Communication. Ids are Samordna's own record ids."""

import datetime

from django.utils import timezone
from django.utils.html import escape
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient

from samordna.api.fhir import codes
from samordna.cases.models import Consent as SamordnaConsent
from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.meetings.models import Meeting
from samordna.organizations.models import Unit
from samordna.people.models import Person
from samordna.plans.models import Goal, PlanVersion, fhir_careplan_status

PROTECTED_IDENTITY_TEXT = "Skyddad identitet"


def _instant(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _ref(resource_type: str, pk, display: str | None = None) -> dict:
    reference = {"reference": f"{resource_type}/{pk}"}
    if display:
        reference["display"] = display
    return reference


def _narrative(text: str) -> dict:
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></div>'}


def patient(person: Person) -> Patient:
    """The individual. With protected identity only the identity number and birth date are exported."""
    system = codes.SAMORDNINGSNUMMER_SYSTEM if person.is_coordination_number else codes.PERSONNUMMER_SYSTEM
    data = {
        "id": str(person.pk),
        "identifier": [{"system": system, "value": person.personal_identity_number}],
        "birthDate": person.birth_date.isoformat(),
    }
    if person.protected_identity:
        data["meta"] = {
            "security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]
        }
    else:
        data["name"] = [{"family": person.last_name, "given": [person.first_name]}]
        telecom = [{"system": "phone", "value": person.phone}] if person.phone else []
        telecom += [{"system": "email", "value": person.email}] if person.email else []
        if telecom:
            data["telecom"] = telecom
        if person.address:
            data["address"] = [{"text": person.address}]
    return Patient.model_validate(data)


def organization(unit: Unit) -> Organization:
    data = {"id": str(unit.pk), "name": unit.name}
    if unit.hsa_id:
        data["identifier"] = [{"system": codes.HSA_ID_SYSTEM, "value": unit.hsa_id}]
    return Organization.model_validate(data)


def goal_lifecycle(goal: Goal, version: PlanVersion) -> str:
    if version.plan.case.is_closed:
        return codes.GOAL_LIFECYCLE_CASE_CLOSED
    return codes.GOAL_LIFECYCLE_BY_VERSION[version.status]


def goal(item: Goal, version: PlanVersion) -> FhirGoal:
    data = {
        "id": str(item.pk),
        "lifecycleStatus": goal_lifecycle(item, version),
        "description": {"text": item.text},
        "subject": _ref("Patient", version.plan.case.person_id),
    }
    if item.achievement_status:
        data["achievementStatus"] = {
            "coding": [
                {
                    "system": codes.GOAL_ACHIEVEMENT_SYSTEM,
                    "code": item.achievement_status,
                    "display": item.get_achievement_status_display(),
                }
            ]
        }
    if item.parent_id:
        data["extension"] = [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/goal-relationship",
                "extension": [
                    {"url": "type", "valueCodeableConcept": {"text": "Delmål"}},
                    {"url": "target", "valueReference": _ref("Goal", item.parent_id)},
                ],
            }
        ]
    if item.evaluation_note:
        data["note"] = [{"text": item.evaluation_note}]
    return FhirGoal.model_validate(data)


def care_plan(version: PlanVersion) -> CarePlan:
    """One version of the plan; `versions_with_content` prefetches what it reads."""
    case = version.plan.case
    discharge = hasattr(case, "discharge_notice")
    data = {
        "id": str(version.pk),
        "identifier": [{"system": codes.CASE_REFERENCE_SYSTEM, "value": f"{case.reference}-v{version.number}"}],
        "status": fhir_careplan_status(version.status, case_closed=case.is_closed),
        "intent": codes.CAREPLAN_INTENT,
        "category": [{"text": "Samordnad plan vid utskrivning" if discharge else "Samordnad individuell plan"}],
        "title": f"Samordnad individuell plan, version {version.number}",
        "subject": _ref("Patient", case.person_id),
        "created": _instant(version.created_at),
        "careTeam": [_ref("CareTeam", case.pk)],
        "goal": [_ref("Goal", item.pk) for item in version.goals.all()],
        "activity": [_activity(intervention) for intervention in version.interventions.all()],
    }
    if version.long_term_goal:
        data["description"] = version.long_term_goal
    if version.approved_at:
        data["period"] = {"start": _instant(version.approved_at)}
        if version.superseded_at:
            data["period"]["end"] = _instant(version.superseded_at)
    if version.replaces_id:
        data["replaces"] = [_ref("CarePlan", version.replaces_id)]
    if version.lead_unit_id:
        lead_name = version.lead.get_full_name() if version.lead else ""
        data["author"] = _ref("Organization", version.lead_unit_id, f"{lead_name}, {version.lead_unit.name}")
    notes = [
        text for text in (version.individual_wishes, version.own_contribution, version.relatives_contribution) if text
    ]
    if notes:
        data["note"] = [{"text": text} for text in notes]
    return CarePlan.model_validate(data)


def _activity(intervention) -> dict:
    detail = {
        "status": intervention.status,
        "description": intervention.what,
        "performer": [_ref("Organization", intervention.unit_id, intervention.unit.name)],
    }
    if intervention.goal_id:
        detail["goal"] = [_ref("Goal", intervention.goal_id)]
    if intervention.frequency:
        detail["scheduledString"] = intervention.frequency
    if intervention.place:
        detail["location"] = {"display": intervention.place}
    return {"detail": detail}


def care_team(case: CoordinationCase) -> CareTeam:
    """The units taking part, active or (with the period they took part) having left."""
    participants = []
    for actor in case.actors.all():
        period = {"start": _instant(actor.joined_at)}
        if actor.left_at:
            period["end"] = _instant(actor.left_at)
        participants.append({"member": _ref("Organization", actor.unit_id, actor.unit.name), "period": period})
    data = {
        "id": str(case.pk),
        "status": codes.CARETEAM_CLOSED if case.is_closed else codes.CARETEAM_ACTIVE,
        "name": f"Samordnad individuell plan {case.reference}",
        "subject": _ref("Patient", case.person_id),
        "participant": participants,
    }
    if case.lead_unit_id:
        data["managingOrganization"] = [_ref("Organization", case.lead_unit_id, case.lead_unit.name)]
    return CareTeam.model_validate(data)


def consent_status(consent: SamordnaConsent, today: datetime.date) -> str:
    status = codes.CONSENT_STATUS[consent.status]
    if status == "active" and consent.valid_to < today:
        return codes.CONSENT_STATUS_EXPIRED
    return status


def consent(item: SamordnaConsent, today: datetime.date) -> FhirConsent:
    """Provisions per unit and period; a refusal denies; what may not be shared is in the narrative."""
    period = {"start": item.valid_from.isoformat(), "end": item.valid_to.isoformat()}
    provision = {
        "type": "permit" if item.decision == "given" else "deny",
        "period": period,
        "actor": [
            {
                "role": {"coding": [{"system": codes.PARTICIPATION_TYPE_SYSTEM, "code": codes.INFORMATION_RECIPIENT}]},
                "reference": _ref("Organization", unit.pk, unit.name),
            }
            for unit in item.units.all()
        ],
    }
    data = {
        "id": str(item.pk),
        "status": consent_status(item, today),
        "scope": {"coding": [{"system": codes.CONSENT_SCOPE_SYSTEM, "code": codes.CONSENT_SCOPE_PRIVACY}]},
        "category": [{"coding": [{"system": codes.LOINC_SYSTEM, "code": codes.CONSENT_CATEGORY_LOINC}]}],
        "patient": _ref("Patient", item.case.person_id),
        "dateTime": _instant(item.created_at),
        "provision": provision,
    }
    parts = [f"Information som får delas: {item.information_scope}" if item.information_scope else ""]
    parts.append(f"Får inte delas: {item.exclusions}" if item.exclusions else "")
    if any(parts):
        data["text"] = _narrative(" ".join(part for part in parts if part))
    return FhirConsent.model_validate(data)


def appointment(meeting: Meeting) -> Appointment:
    participants = [{"actor": _ref("Patient", meeting.case.person_id), "status": codes.INDIVIDUAL_PARTICIPANT_STATUS}]
    participants += [
        {
            "actor": _ref("Organization", invitation.unit_id, invitation.unit.name),
            "status": codes.PARTICIPANT_STATUS[invitation.status],
            "required": "required" if invitation.is_summoned else "optional",
        }
        for invitation in meeting.invitations.all()
    ]
    end = meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)
    data = {
        "id": str(meeting.pk),
        "status": codes.APPOINTMENT_STATUS[meeting.status],
        "serviceType": [{"text": meeting.get_kind_display()}],
        "description": meeting.purpose,
        "start": _instant(meeting.starts_at),
        "end": _instant(end),
        "participant": participants,
    }
    if meeting.withdrawal_reason and meeting.status == "withdrawn":
        data["cancelationReason"] = {"text": meeting.withdrawal_reason}
    return Appointment.model_validate(data)


def communication(event) -> Communication:
    """An event an actor reported to the lead (PlanEvent)."""
    version = event.version
    data = {
        "id": str(event.pk),
        "status": codes.COMMUNICATION_STATUS,
        "subject": _ref("Patient", event.case.person_id),
        "about": [_ref("CarePlan", version.pk)],
        "sent": _instant(event.at),
        "sender": _ref("Organization", event.unit_id, event.unit.name),
        "payload": [{"contentString": event.text}],
    }
    if version.lead_unit_id:
        data["recipient"] = [_ref("Organization", version.lead_unit_id, version.lead_unit.name)]
    return Communication.model_validate(data)


def _entry(base_url: str, resource) -> dict:
    return {"fullUrl": f"{base_url}{resource.get_resource_type()}/{resource.id}", "resource": resource}


def plan_bundle(version: PlanVersion, *, consent_in_force: SamordnaConsent | None, base_url: str, today) -> Bundle:
    """Everything a journal system needs to take over one plan version: the CarePlan, its Goals, the Patient,
    the CareTeam with its Organizations and the Consent in force."""
    case = version.plan.case
    units = {actor.unit_id: actor.unit for actor in case.actors.all()}
    for intervention in version.interventions.all():
        units.setdefault(intervention.unit_id, intervention.unit)
    if version.lead_unit_id:
        units.setdefault(version.lead_unit_id, version.lead_unit)
    resources = [care_plan(version), patient(case.person), care_team(case)]
    resources += [goal(item, version) for item in version.goals.all()]
    resources += [organization(unit) for unit in sorted(units.values(), key=lambda unit: unit.pk)]
    if consent_in_force is not None:
        resources.append(consent(consent_in_force, today))
    return Bundle.model_validate(
        {
            "type": "collection",
            "timestamp": _instant(clock.now()),
            "identifier": {"system": codes.CASE_REFERENCE_SYSTEM, "value": f"{case.reference}-v{version.number}"},
            "entry": [_entry(base_url, resource) for resource in resources],
        }
    )


def searchset(resources: list, *, base_url: str) -> Bundle:
    return Bundle.model_validate(
        {
            "type": "searchset",
            "total": len(resources),
            "entry": [{**_entry(base_url, resource), "search": {"mode": "match"}} for resource in resources],
        }
    )
