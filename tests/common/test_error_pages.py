"""The error pages speak Swedish (English as the second locale), never tell whether a hidden thing exists, and
never show what the user may not see."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_case_outside_your_access_gives_the_same_swedish_page_as_an_address_that_does_not_exist(
    client, outsider, consented_case
):
    client.force_login(outsider)

    hidden = client.get(consented_case.get_absolute_url())
    missing = client.get("/arenden/999999/")

    assert hidden.status_code == missing.status_code == 404
    page = hidden.content.decode()
    assert "<h1>Sidan finns inte</h1>" in page
    assert "inte behörighet" in page
    assert consented_case.reference not in page and consented_case.person.first_name not in page
    assert main(page) == main(missing.content.decode())


def main(page: str) -> str:
    """The page's main content, without the header's per-request CSRF token."""
    return page[page.index("<main") : page.index("</main>")]


def test_the_not_found_page_follows_the_chosen_language(client, outsider):
    client.force_login(outsider)
    client.cookies.load({"django_language": "en"})

    page = client.get("/finns-inte/").content.decode()

    assert "<h1>Page not found</h1>" in page


def test_an_anonymous_visitor_gets_the_not_found_page_without_the_menu(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in page and "Huvudmeny" not in page


def test_a_refused_action_says_nothing_was_changed_and_why(rf_user):
    response = defaults.permission_denied(rf_user, PermissionDenied("Du kan bara lyfta en tvist för din enhet."))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Inget har ändrats" in page and "Du kan bara lyfta en tvist för din enhet." in page


def test_a_server_error_page_stands_alone_in_swedish():
    response = defaults.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Ett fel uppstod</h1>" in page and 'lang="sv"' in page


def test_a_bad_request_page_in_swedish(rf_user):
    response = defaults.bad_request(rf_user, Exception("bad"))

    assert response.status_code == 400
    assert "<h1>Felaktig begäran</h1>" in response.content.decode()


@pytest.fixture
def rf_user(outsider):
    request = RequestFactory().get("/")
    request.user = outsider
    request.session = {}
    return request
