"""The GetCarePlans 2.0 contract on the wire: namespaces, schema validation, reading a request and writing
the SOAP 1.1 envelope of an answer (RIV-TA Basic Profile 2.1). No business rules here: `producer` decides
which plans a request gets."""

import datetime
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from samordna.people.identity import parse_identity_number

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
RESPONDER_NS = "urn:riv:clinicalprocess:logistics:logistics:GetCarePlansResponder:2"
CORE_NS = "urn:riv:clinicalprocess:logistics:logistics:3"
REGISTRY_NS = "urn:riv:itintegration:registry:1"
SOAP_ACTION = "urn:riv:clinicalprocess:logistics:GetCarePlansResponder:2:GetCarePlans"

# Swedish identity OIDs (Inera's "Identifierare för personer") and the HSA-id OID for participating units.
PERSONNUMMER_OID = "1.2.752.129.2.1.3.1"
SAMORDNINGSNUMMER_OID = "1.2.752.129.2.1.3.3"
HSA_ID_OID = "1.2.752.129.2.1.4.1"

SCHEMA_DIR = Path(__file__).parent / "schemas" / "riv-clinicalprocess-logistics-logistics-3.0"
RESPONDER_XSD = SCHEMA_DIR / "interactions" / "GetCarePlansInteraction" / "GetCarePlansResponder_2.0.xsd"
REGISTRY_XSD = SCHEMA_DIR / "core_components" / "itintegration_registry_1.0.xsd"
WSDL = SCHEMA_DIR / "interactions" / "GetCarePlansInteraction" / "GetCarePlansInteraction_2.0_RIVTABP21.wsdl"


class InvalidRequest(Exception):
    """The request breaks the contract; answered with the contract's ERROR / INVALID_REQUEST result."""


@dataclass(frozen=True)
class CarePlansRequest:
    logical_address: str
    identity_number: str
    is_coordination_number: bool
    care_unit_hsa_ids: tuple[str, ...]
    period_start: datetime.date | None
    period_end: datetime.date | None
    source_system_hsa_id: str
    care_contact_ids: tuple[str, ...]


@cache
def responder_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RESPONDER_XSD)))


@cache
def registry_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REGISTRY_XSD)))


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _text(parent: etree._Element, ns: str, name: str) -> str:
    return (parent.findtext(_q(ns, name)) or "").strip()


def _date(value: str) -> datetime.date:
    return datetime.datetime.strptime(value, "%Y%m%d").date()


def parse_request(body: bytes) -> CarePlansRequest:
    """Read a SOAP envelope. The GetCarePlans element and the LogicalAddress header are validated against the
    national schemas; the person id must be a valid personnummer or samordningsnummer with its own OID."""
    try:
        envelope = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InvalidRequest("Begäran är inte välformad XML.") from exc
    if envelope.tag != _q(SOAP_NS, "Envelope"):
        raise InvalidRequest("Begäran saknar SOAP-kuvert.")
    logical_address_element = envelope.find(f"{_q(SOAP_NS, 'Header')}/{_q(REGISTRY_NS, 'LogicalAddress')}")
    request = envelope.find(f"{_q(SOAP_NS, 'Body')}/{_q(RESPONDER_NS, 'GetCarePlans')}")
    if logical_address_element is None or request is None:
        raise InvalidRequest("Begäran saknar LogicalAddress eller GetCarePlans.")
    for schema, element in ((registry_schema(), logical_address_element), (responder_schema(), request)):
        if not schema.validate(etree.ElementTree(element)):
            raise InvalidRequest(f"Begäran följer inte schemat: {schema.error_log.last_error.message}")
    patient = request.find(_q(RESPONDER_NS, "patientId"))
    identity_type = _text(patient, CORE_NS, "type")
    try:
        identity = parse_identity_number(_text(patient, CORE_NS, "id"))
    except ValidationError as exc:
        raise InvalidRequest("patientId är inte ett giltigt personnummer eller samordningsnummer.") from exc
    expected_type = SAMORDNINGSNUMMER_OID if identity.is_coordination_number else PERSONNUMMER_OID
    if identity_type != expected_type:
        raise InvalidRequest(f"patientId.type ska vara {expected_type} för detta id.")
    period = request.find(_q(RESPONDER_NS, "datePeriod"))
    start = end = None
    if period is not None:
        try:
            start, end = _date(_text(period, CORE_NS, "start")), _date(_text(period, CORE_NS, "end"))
        except ValueError as exc:
            raise InvalidRequest("datePeriod innehåller ett datum som inte finns.") from exc
        if end < start:
            raise InvalidRequest("datePeriod slutar före den börjar.")
    return CarePlansRequest(
        logical_address=(logical_address_element.text or "").strip(),
        identity_number=identity.normalised,
        is_coordination_number=identity.is_coordination_number,
        care_unit_hsa_ids=tuple(e.text.strip() for e in request.findall(_q(RESPONDER_NS, "careUnitHSAId")) if e.text),
        period_start=start,
        period_end=end,
        source_system_hsa_id=_text(request, RESPONDER_NS, "sourceSystemHSAId"),
        care_contact_ids=tuple(e.text.strip() for e in request.findall(_q(RESPONDER_NS, "careContactId")) if e.text),
    )


def new_log_id() -> str:
    return str(uuid.uuid4())


def response_envelope(care_plans: list[etree._Element], *, log_id: str, error: str = "") -> bytes:
    """The SOAP envelope around a GetCarePlansResponse; `error` set gives ERROR / INVALID_REQUEST."""
    envelope = etree.Element(_q(SOAP_NS, "Envelope"), nsmap={"soap": SOAP_NS})
    etree.SubElement(envelope, _q(SOAP_NS, "Header"))
    body = etree.SubElement(envelope, _q(SOAP_NS, "Body"))
    response = etree.SubElement(body, _q(RESPONDER_NS, "GetCarePlansResponse"), nsmap={None: RESPONDER_NS})
    response.extend(care_plans)
    result = etree.SubElement(response, _q(RESPONDER_NS, "result"))
    etree.SubElement(result, _q(CORE_NS, "resultCode")).text = "ERROR" if error else "OK"
    if error:
        etree.SubElement(result, _q(CORE_NS, "errorCode")).text = "INVALID_REQUEST"
    etree.SubElement(result, _q(CORE_NS, "logId")).text = log_id
    if error:
        etree.SubElement(result, _q(CORE_NS, "message")).text = error
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def sub(parent: etree._Element, name: str, text: str | None = None, *, ns: str = CORE_NS) -> etree._Element:
    """Append a child element in the core namespace (the types' elements are qualified there)."""
    element = etree.SubElement(parent, _q(ns, name))
    if text is not None:
        element.text = text
    return element


def timestamp(moment: datetime.datetime) -> str:
    """TimeStampType: YYYYMMDDhhmmss in Swedish local time."""
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S")
