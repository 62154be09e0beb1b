"""For a person with protected identity, every document and page of the case names them only as "Skyddad
identitet" with the case number: no name, address or phone in lists, PDFs or the calendar file."""

import pytest

from samordna.common import pdf
from samordna.people.models import Person
from tests.security.matrix import EXPECTED, WITHOUT_PERSONAL_DATA
from tests.security.test_authorization_matrix import project_routes, world_values
from tests.security.urls import url_for

SECRETS = ("Hemlig", "Dolda gatan 7", "070-000 11 22")


@pytest.fixture
def rendered_documents(monkeypatch):
    """The HTML each PDF was made from (WeasyPrint itself is not needed to read what it was given)."""
    documents = []

    class CapturingHTML:
        def __init__(self, *, string):
            documents.append(string)

        def write_pdf(self):
            return b"%PDF-1.7 test"

    monkeypatch.setattr(pdf, "HTML", CapturingHTML)
    return documents


def test_no_page_or_document_of_the_case_shows_the_protected_persons_name_address_or_phone(
    client, world, rendered_documents
):
    Person.objects.filter(pk=world.person.pk).update(
        protected_identity=True,
        first_name="Hemlig",
        last_name="Hemligsson",
        address=SECRETS[1],
        phone=SECRETS[2],
    )
    client.force_login(world.users["convener"])
    leaks = []
    for route in project_routes():
        row = EXPECTED[route.name]
        if route.name in WITHOUT_PERSONAL_DATA or row.status("convener") != 200:
            continue
        url = url_for(route, world_values(world, route)) + row.query.format(person=world.person.pk)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        leaks += [f"{route.name}: {secret}" for secret in SECRETS if secret in text]
    assert len(rendered_documents) >= 3
    for html in rendered_documents:
        leaks += [f"PDF: {secret}" for secret in SECRETS if secret in html]
        assert "Skyddad identitet" in html
        assert world.case.reference in html
    assert leaks == [], leaks
