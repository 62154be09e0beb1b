"""Security headers on every page of the matrix, HSTS in production, and no personnummer in URLs or logs."""

import logging
import re

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.common.logging import IDENTITY_NUMBER, MASK
from tests.config.test_production_settings import GOOD_KEY, run_manage
from tests.security.matrix import EXPECTED, PARAMS
from tests.security.test_authorization_matrix import project_routes, world_values
from tests.security.urls import all_routes, url_for


def test_every_page_for_a_logged_in_user_is_no_store_and_carries_the_security_headers(client, world):
    """Every URL of the matrix, answered to the convener: nothing cached, CSP without unsafe-inline, no framing."""
    client.force_login(world.users["convener"])
    wrong = []
    for route in project_routes():
        row = EXPECTED[route.name]
        url = url_for(route, world_values(world, route)) + row.query.format(person=world.person.pk)
        response = client.get(url)
        if "no-store" not in response.get("Cache-Control", ""):
            wrong.append(f"{url}: Cache-Control {response.get('Cache-Control')!r}")
        if response.get("X-Frame-Options") != "DENY":
            wrong.append(f"{url}: X-Frame-Options {response.get('X-Frame-Options')!r}")
        if response.get("Referrer-Policy") != "same-origin":
            wrong.append(f"{url}: Referrer-Policy {response.get('Referrer-Policy')!r}")
        policy = response.get("Content-Security-Policy", "")
        if "frame-ancestors 'none'" not in policy or "unsafe-inline" in policy:
            wrong.append(f"{url}: Content-Security-Policy {policy!r}")
    assert wrong == []


def test_production_turns_on_hsts_for_a_year_with_subdomains_and_secure_cookies():
    result = run_manage("diffsettings", SECRET_KEY=GOOD_KEY)
    values = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    assert values["SECURE_HSTS_SECONDS"] == "31536000", result.stderr
    secure = ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    for name in secure:
        assert values[name] == "True", name


def test_an_https_response_carries_hsts_with_the_production_values(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_no_url_pattern_takes_a_personnummer():
    """URL parameters are object ids only (known names, int converter): a personnummer has no way into a URL."""
    allowed = set(PARAMS) | {"pk"}
    wrong = []
    for route in project_routes():
        for param in route.params:
            typed = f"<int:{param}>" in route.pattern or f"<surveycode:{param}>" in route.pattern  # SIP-kollen's code
            if param not in allowed or not typed:
                wrong.append(f"{route.name}: {param} in {route.pattern}")
    assert wrong == []
    assert not [route.pattern for route in all_routes() if re.search(r"personnummer|pnr|identity|ssn", route.pattern)]


def test_looking_up_registering_and_starting_a_case_keeps_the_number_out_of_urls_logs_and_the_audit_log(
    client, convener, school_unit, profile, caplog
):
    """The search is a POST; the redirects, the server log and every audit event name the person by id only."""
    number = "20170101-2393"
    client.force_login(convener)
    caplog.set_level(logging.DEBUG)
    urls = []
    response = client.post(reverse("people:search"), {"personal_identity_number": number})
    assert response.status_code == 200
    response = client.post(
        reverse("people:create"),
        {"personal_identity_number": number, "first_name": "Nova", "last_name": "Exempelsson"},
    )
    urls.append(response["Location"])
    person_url = response["Location"]
    person_id = int(re.search(r"/(\d+)/$", person_url).group(1))
    response = client.post(
        reverse("cases:start"),
        {"person": person_id, "unit": school_unit.pk, "initiator_kind": "school", "need_noticed_on": "2026-11-20"},
    )
    urls.append(response["Location"])
    client.get(urls[-1])
    client.get(person_url)
    client.get("/personer/201701012393/")  # someone typing a number into the address bar: a plain 404
    assert not [url for url in urls if IDENTITY_NUMBER.search(url)]
    texts = [
        " ".join((event.summary, event.reason, event.object_id, event.object_type, event.username))
        for event in AuditEvent.objects.all()
    ]
    assert len(texts) >= 4
    assert not [text for text in texts if IDENTITY_NUMBER.search(text)]
    logged = [record.getMessage() for record in caplog.records]
    assert f"Not Found: /personer/{MASK}/" in logged
    assert not [message for message in logged if IDENTITY_NUMBER.search(message)]


@pytest.mark.parametrize("number", ["191212121212", "19121212-1212", "121212-1212", "1212121212"])
def test_the_identity_number_pattern_finds_every_written_form(number):
    assert IDENTITY_NUMBER.search(f"x {number} y")
