"""Security headers on every page, and no caching of what a logged-in user sees."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"
# Rendered to PDF by WeasyPrint and never served as a web page, so the browser's CSP doesn't apply to them.
PDF_TEMPLATES = re.compile(r"_pdf\.html$")


def test_the_content_security_policy_allows_only_our_own_files(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_logged_in_pages_carry_the_policy_and_the_frame_and_referrer_headers(client, convener):
    client.force_login(convener)

    response = client.get(reverse("overview:home"))

    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_response_to_a_logged_in_user_is_no_store(client, convener, case):
    client.force_login(convener)

    for url in (reverse("overview:home"), case.get_absolute_url(), reverse("people:search"), "/finns-inte/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_a_search_result_with_personal_data_is_sent_no_store(client, convener, adult):
    client.force_login(convener)

    response = client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})

    assert "Tolvan" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_pages_for_anonymous_visitors_are_left_to_their_views(client, db):
    response = client.get("/finns-inte/")

    assert "no-store" not in response.get("Cache-Control", "")


def test_templates_have_no_inline_script_or_style():
    """The policy forbids them; a page that used one would silently break."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if PDF_TEMPLATES.search(path.name):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", text, re.IGNORECASE):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
