"""Schemathesis against the live OpenAPI document, as a logged-in integration: a bounded number of generated
requests per operation, zero server errors, and every answer (status, content type, body) as documented."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from samordna.api.models import TokenScope
from samordna.api.services import api_token_create

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def token(admin, school_unit, approved) -> str:
    """A write token for the convener's unit, in a database with a case, consent and an approved plan."""
    return api_token_create(by=admin, unit=school_unit, name="Kontraktstest", scope=TokenScope.WRITE)[1]


# Loaded through the WSGI application, as a client would fetch it; the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
