"""GetCarePlans 2.0 as NPÖ and 1177 call it: SOAP over the trusted platform connection, answers valid
against the national schema, only approved SIPs, and every plan handed out in the audit log."""

import base64

import pytest
from django.urls import reverse
from lxml import etree

from samordna.api.riv.contract import (
    CORE_NS,
    PERSONNUMMER_OID,
    RESPONDER_NS,
    SAMORDNINGSNUMMER_OID,
    SOAP_NS,
    responder_schema,
)
from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases.models import DischargeNotice
from samordna.common import clock
from samordna.people.models import Person
from samordna.plans import services
from samordna.plans.models import PlanStatus
from tests.conftest import TODAY
from tests.factories import identity_number

PLATFORM = "CN=ntjp.example.org,O=Inera AB,C=SE"
SOURCE = "SE0000000000-SAMORDNA"
NS = {"s": SOAP_NS, "r": RESPONDER_NS, "c": CORE_NS}


@pytest.fixture(autouse=True)
def riv_settings(settings):
    settings.SAMORDNA_RIV_TRUSTED_CONSUMERS = [PLATFORM]
    settings.SAMORDNA_RIV_SOURCE_SYSTEM_HSA_ID = SOURCE
    settings.SAMORDNA_RIV_CLIENT_CERT_META = "HTTP_X_CLIENT_CERT_SUBJECT"


@pytest.fixture
def hsa_units(school_unit, bup_unit):
    school_unit.hsa_id = "SE2120001231-SKOLA"
    school_unit.save()
    bup_unit.hsa_id = "SE2321000016-BUP1"
    bup_unit.save()


def envelope(
    patient_id: str,
    *,
    id_type: str = PERSONNUMMER_OID,
    logical_address: str = SOURCE,
    extra: str = "",
    after: str = "",
) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="{SOAP_NS}" xmlns:urn="urn:riv:itintegration:registry:1"
    xmlns:r="{RESPONDER_NS}" xmlns:c="{CORE_NS}">
  <soapenv:Header><urn:LogicalAddress>{logical_address}</urn:LogicalAddress></soapenv:Header>
  <soapenv:Body>
    <r:GetCarePlans>{extra}<r:patientId><c:id>{patient_id}</c:id><c:type>{id_type}</c:type></r:patientId>{after}</r:GetCarePlans>
  </soapenv:Body>
</soapenv:Envelope>""".encode()


def call(client, body: bytes, *, subject: str = PLATFORM):
    return client.post(
        reverse("api:riv_get_care_plans"),
        data=body,
        content_type="text/xml; charset=utf-8",
        HTTP_SOAPACTION="urn:riv:clinicalprocess:logistics:GetCarePlansResponder:2:GetCarePlans",
        HTTP_X_CLIENT_CERT_SUBJECT=subject,
        HTTP_X_RIVTA_ORIGINAL_SERVICECONSUMER_HSAID="SE165565594230-1000",
    )


def response_of(http_response) -> etree._Element:
    """The GetCarePlansResponse element, after checking it against the national schema."""
    assert http_response.status_code == 200
    assert http_response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(http_response.content)
    response = root.find("s:Body/r:GetCarePlansResponse", NS)
    responder_schema().assertValid(etree.ElementTree(response))
    return response


def test_the_approved_plan_is_answered_valid_against_the_national_schema(client, approved, hsa_units):
    response = response_of(call(client, envelope(approved.plan.case.person.personal_identity_number)))

    assert response.findtext("r:result/c:resultCode", namespaces=NS) == "OK"
    (plan,) = response.findall("r:carePlan", NS)
    header = plan.find("c:carePlanHeader", NS)
    assert header.findtext("c:documentId", namespaces=NS) == f"{SOURCE}-sip-{approved.plan_id}"
    assert header.findtext("c:sourceSystemHSAId", namespaces=NS) == SOURCE
    assert header.findtext("c:patientId/c:id", namespaces=NS) == "191212121212"
    assert header.findtext("c:patientId/c:type", namespaces=NS) == PERSONNUMMER_OID
    assert header.findtext("c:approvedForPatient", namespaces=NS) == "true"
    accountable = header.find("c:accountableHealthcareProfessional", NS)
    assert accountable.findtext("c:healthcareProfessionalOrgUnit/c:orgUnitName", namespaces=NS) == (
        "Testskolan elevhälsa"
    )
    assert header.find("c:legalAuthenticator/c:signatureTime", NS) is not None
    body = plan.find("c:carePlanBody", NS)
    assert body.findtext("c:typeOfCarePlanEnum", namespaces=NS) == "SIP"
    assert sorted(
        e.findtext("c:extension", namespaces=NS) for e in body.findall("c:participatingCareUnitHSAId", NS)
    ) == [
        "SE2120001231-SKOLA",
        "SE2321000016-BUP1",
    ]
    contents = {
        c.findtext("c:mediaType", namespaces=NS): c.findtext("c:value", namespaces=NS)
        for c in body.findall("c:content", NS)
    }
    html = base64.b64decode(contents["text/html"]).decode()
    assert "Vara i skolan fyra dagar i veckan." in html
    assert base64.b64decode(contents["application/pdf"]).startswith(b"%PDF")


def test_a_plan_awaiting_the_individuals_agreement_is_not_shared(
    client, filled, convener, actor_staff, municipality, region
):
    services.plan_approve_part(version=filled, by=convener, principal=municipality)
    services.plan_approve_part(version=filled, by=actor_staff, principal=region)
    filled.refresh_from_db()
    assert filled.status == PlanStatus.PARTLY_APPROVED

    response = response_of(call(client, envelope("191212121212")))

    assert response.findall("r:carePlan", NS) == []


def test_drafts_are_never_shared(client, filled):
    response = response_of(call(client, envelope("191212121212")))

    assert response.findall("r:carePlan", NS) == []
    assert response.findtext("r:result/c:resultCode", namespaces=NS) == "OK"


def test_a_revision_keeps_the_document_id_and_shares_the_approved_version_until_the_new_one_is_approved(
    client, revised, approved
):
    response = response_of(call(client, envelope("191212121212")))

    (plan,) = response.findall("r:carePlan", NS)
    assert plan.findtext("c:carePlanHeader/c:documentId", namespaces=NS) == f"{SOURCE}-sip-{approved.plan_id}"
    assert plan.findtext("c:carePlanHeader/c:documentTitle", namespaces=NS).endswith("version 1")


def test_a_discharge_case_is_a_plan_at_discharge(client, approved, bup_unit):
    DischargeNotice.objects.create(
        case=approved.plan.case, ward=bup_unit, sent_at=clock.now(), expected_discharge_on=TODAY
    )

    response = response_of(call(client, envelope("191212121212")))

    assert response.findtext("r:carePlan/c:carePlanBody/c:typeOfCarePlanEnum", namespaces=NS) == "SPU"


def test_an_unknown_person_gets_an_empty_ok_answer(client, approved):
    response = response_of(call(client, envelope(identity_number(TODAY.replace(year=1980), 17))))

    assert response.findall("r:carePlan", NS) == []
    assert response.findtext("r:result/c:resultCode", namespaces=NS) == "OK"
    assert response.findtext("r:result/c:logId", namespaces=NS)


def test_a_person_with_protected_identity_is_never_shared(client, approved):
    Person.objects.filter(pk=approved.plan.case.person_id).update(protected_identity=True)

    response = response_of(call(client, envelope("191212121212")))

    assert response.findall("r:carePlan", NS) == []


def test_a_samordningsnummer_needs_its_own_oid(client, db):
    number = identity_number(TODAY.replace(year=1990), 21, coordination=True)

    ok = response_of(call(client, envelope(number, id_type=SAMORDNINGSNUMMER_OID)))
    wrong = response_of(call(client, envelope(number, id_type=PERSONNUMMER_OID)))

    assert ok.findtext("r:result/c:resultCode", namespaces=NS) == "OK"
    assert wrong.findtext("r:result/c:errorCode", namespaces=NS) == "INVALID_REQUEST"


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b"<a/>",
        envelope("191212121213"),
        envelope("191212121212", extra="<r:unexpected/>"),
        envelope(
            "191212121212", after="<r:datePeriod><c:start>20261231</c:start><c:end>20260101</c:end></r:datePeriod>"
        ),
        envelope(
            "191212121212",
            after="<r:datePeriod><c:start>20261301</c:start><c:end>20261231</c:end></r:datePeriod>",
        ),
        envelope("191212121212", logical_address="SE-NOT-A-UNIT"),
    ],
    ids=[
        "not-xml",
        "no-envelope",
        "bad-check-digit",
        "schema-invalid",
        "period-backwards",
        "bad-date",
        "unknown-logical-address",
    ],
)
def test_a_malformed_request_gets_invalid_request(client, db, body):
    response = response_of(call(client, body))

    assert response.findtext("r:result/c:resultCode", namespaces=NS) == "ERROR"
    assert response.findtext("r:result/c:errorCode", namespaces=NS) == "INVALID_REQUEST"
    assert response.findtext("r:result/c:message", namespaces=NS)


def test_filters_by_care_unit_and_period(client, approved, hsa_units):
    person = "191212121212"
    today = TODAY.strftime("%Y%m%d")

    def plans(extra: str = "", **kwargs) -> int:
        return len(response_of(call(client, envelope(person, extra=extra, **kwargs))).findall("r:carePlan", NS))

    assert plans("<r:careUnitHSAId>SE2321000016-BUP1</r:careUnitHSAId>") == 1
    assert plans("<r:careUnitHSAId>SE2321000016-OTHER</r:careUnitHSAId>") == 0
    assert plans(after=f"<r:datePeriod><c:start>{today}</c:start><c:end>{today}</c:end></r:datePeriod>") == 1
    assert plans(after="<r:datePeriod><c:start>20250101</c:start><c:end>20251231</c:end></r:datePeriod>") == 0
    assert plans(logical_address="SE2321000016-BUP1") == 1
    assert plans(after="<r:sourceSystemHSAId>SE-SOMEONE-ELSE</r:sourceSystemHSAId>") == 0
    assert plans(after="<r:careContactId>vardkontakt-1</r:careContactId>") == 0


def test_a_unit_addressed_that_does_not_take_part_gets_nothing(client, approved, hsa_units, other_unit):
    other_unit.hsa_id = "SE2321000016-VC9"
    other_unit.save()

    response = response_of(call(client, envelope("191212121212", logical_address="SE2321000016-VC9")))

    assert response.findall("r:carePlan", NS) == []


def test_every_plan_handed_out_is_audit_logged_against_the_platform(client, approved):
    response_of(call(client, envelope("191212121212")))

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, summary__startswith="getcareplans")
    assert event.user is None
    assert event.username.startswith(f"riv:{PLATFORM}")
    assert event.person_id == approved.plan.case.person_id
    assert "191212121212" not in event.summary + event.reason


def test_an_unknown_caller_gets_404(client, approved):
    assert call(client, envelope("191212121212"), subject="CN=someone.example.org").status_code == 404
    assert (
        client.post(
            reverse("api:riv_get_care_plans"), data=envelope("191212121212"), content_type="text/xml"
        ).status_code
        == 404
    )


def test_the_service_is_off_when_no_consumer_is_trusted(client, approved, settings):
    settings.SAMORDNA_RIV_TRUSTED_CONSUMERS = []

    assert call(client, envelope("191212121212")).status_code == 404


def test_the_wsdl_is_served_to_the_platform(client, db):
    response = client.get(reverse("api:riv_get_care_plans") + "?wsdl", HTTP_X_CLIENT_CERT_SUBJECT=PLATFORM)

    assert response.status_code == 200
    assert b"GetCarePlansResponderService" in response.content


def test_the_requests_the_tests_send_follow_the_wsdl_request_shape():
    """The request element the tests build is itself valid against the responder schema the WSDL imports."""
    root = etree.fromstring(envelope("191212121212"))

    responder_schema().assertValid(etree.ElementTree(root.find("s:Body/r:GetCarePlans", NS)))
