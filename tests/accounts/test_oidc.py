"""Login with e-legitimation (SITHS, BankID, Freja eID) against a real OpenID provider on 127.0.0.1.

The provider (tests/oidc_provider) runs in a thread for the whole session and is reached over HTTP: the
browser's leg (start page -> provider's authorization endpoint -> callback) is followed with `requests`
and the Django test client, and Samordna's callback fetches the token and the JWKS from it itself.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from samordna.accounts import oidc
from samordna.accounts.models import User
from samordna.audit.models import AuditAction, AuditEvent
from samordna.config.settings.base import form_action_sources
from tests.accounts.conftest import enrol, log_in
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]

HOME = reverse("overview:home")
LOGIN = reverse("login")
START = reverse("accounts:oidc_start")
CALLBACK = reverse("accounts:oidc_callback")
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA4 = "http://id.elegnamnden.se/loa/1.0/loa4"
HSA_ID = "SE2321000016-7A3K"
PERSONNUMMER = "19121212-1212"
PERSONNUMMER_DIGITS = "191212121212"


@pytest.fixture(scope="session")
def running_provider():
    provider = OpenIDProvider(redirect_uris=[f"http://testserver{CALLBACK}"]).start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(running_provider, settings):
    """The provider, configured in Samordna's settings as an installation would from the environment."""
    running_provider.reset()
    settings.SAMORDNA_OIDC_ENABLED = True
    settings.SAMORDNA_OIDC_ISSUER = running_provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{running_provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{running_provider.issuer}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{running_provider.issuer}/jwks"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return running_provider


@pytest.fixture
def siths_user(convener):
    """Staff with an HSA-id and an authenticator app (which a login with e-legitimation doesn't need)."""
    convener.hsa_id = HSA_ID
    convener.save(update_fields=["hsa_id"])
    enrol(convener)
    return convener


@pytest.fixture
def bankid_user(actor_staff):
    actor_staff.personal_identity_number = PERSONNUMMER_DIGITS
    actor_staff.save(update_fields=["personal_identity_number"])
    return actor_staff


def log_in_with_e_legitimation(client, provider, *, next_url: str = ""):
    """Start page -> the provider's authorization endpoint over HTTP -> back to the callback."""
    response = client.get(START, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    assert response.url.startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(response.url, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert (back.scheme, back.netloc, back.path) == ("http", "testserver", CALLBACK)
    return client.get(f"{back.path}?{back.query}")


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def assert_refused(client, response, reason: str, *, after: int = 0) -> AuditEvent:
    """Refused with `reason`: no login, no logged-in session, and one failed-login event (after event `after`)."""
    assert response.status_code == 302
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session
    events = AuditEvent.objects.filter(id__gt=after)
    assert not events.filter(action=AuditAction.LOGIN).exists()
    assert client.get(HOME).status_code == 302
    event = events.filter(action=AuditAction.LOGIN_FAILED).get()
    assert (event.summary, event.reason) == ("oidc", reason)
    return event


def test_the_login_page_offers_e_legitimation_only_when_it_is_configured(client, settings):
    settings.SAMORDNA_OIDC_ENABLED = False

    assert "e-legitimation" not in client.get(LOGIN).content.decode()
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK, {"code": "x", "state": "y"}).status_code == 404


def test_the_login_page_shows_the_e_legitimation_button_when_configured(client, provider):
    page = client.get(LOGIN).content.decode()

    assert "Logga in med e-legitimation (SITHS/BankID/Freja)" in page
    assert f'href="{START}"' in page
    assert f'href="{START}?next=/personer/"' in client.get(f"{LOGIN}?next=/personer/").content.decode()


def test_siths_login_matches_the_hsa_id_and_needs_no_totp_code(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    client.get(LOGIN)
    anonymous_key = client.session.session_key

    response = log_in_with_e_legitimation(client, provider)

    assert response.status_code == 302
    assert response.url == HOME
    assert client.session[SESSION_KEY] == str(siths_user.pk)
    assert client.session.session_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert client.get(HOME).status_code == 200  # no detour to the TOTP verification
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).get()
    assert (event.user, event.summary) == (siths_user, "oidc")
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_the_provider_is_asked_for_the_accepted_assurance_levels_and_a_pkce_challenge(client, provider):
    response = client.get(START)

    query = parse_qs(urlsplit(response.url).query)
    assert query["acr_values"] == [f"{LOA3} {LOA4}"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]
    assert query["nonce"] and query["state"]


def test_bankid_login_matches_the_personnummer_and_never_logs_it(client, provider, bankid_user):
    provider.subject = {"sub": "bankid-1", settings.SAMORDNA_OIDC_PERSONNUMMER_CLAIM: PERSONNUMMER}

    response = log_in_with_e_legitimation(client, provider)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(bankid_user.pk)
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.user, event.summary) == (bankid_user, "oidc")
    logged = " ".join(f"{e.username} {e.summary} {e.reason} {e.object_id}" for e in AuditEvent.objects.all())
    assert "1212" not in logged


def test_the_page_asked_for_before_login_is_shown_after_it(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}

    response = log_in_with_e_legitimation(client, provider, next_url="/personer/")

    assert response.url == "/personer/"


def test_a_token_for_another_client_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.faults = {"wrong_audience"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.WRONG_AUDIENCE)
    assert "misslyckades" in client.get(LOGIN).content.decode()


def test_a_token_signed_with_a_key_not_in_the_jwks_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.faults = {"foreign_key"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.BAD_SIGNATURE)


def test_a_token_naming_a_key_the_jwks_does_not_have_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.faults = {"unknown_kid"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.BAD_SIGNATURE)


def test_a_token_from_another_issuer_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.faults = {"wrong_issuer"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.WRONG_ISSUER)


def test_an_expired_token_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.faults = {"expired"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.EXPIRED_TOKEN)


def test_an_earlier_logins_id_token_replayed_is_refused_by_its_nonce(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    log_in_with_e_legitimation(client, provider)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=siths_user).exists()
    after = last_event_id()
    provider.faults = {"replay"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.NONCE_MISMATCH, after=after)


def test_the_same_answer_from_the_provider_works_only_once(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    start = client.get(START)
    back = urlsplit(requests.get(start.url, allow_redirects=False, timeout=10).headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.post(reverse("logout"))
    after = last_event_id()

    response = client.get(f"{back.path}?{back.query}")

    assert_refused(client, response, oidc.UNKNOWN_STATE, after=after)


def test_a_login_below_the_required_assurance_level_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.acr = LOA2

    response = log_in_with_e_legitimation(client, provider)

    event = assert_refused(client, response, oidc.ACR_TOO_LOW)
    assert event.username == HSA_ID
    assert "tillitsnivå" in client.get(LOGIN).content.decode()


def test_the_required_assurance_level_is_a_setting(client, provider, siths_user, settings):
    settings.SAMORDNA_OIDC_MIN_ACR = LOA4
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.ACR_TOO_LOW)


def test_a_token_without_acr_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    provider.acr = None

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.ACR_TOO_LOW)


def test_an_unknown_person_gets_no_account(client, provider, siths_user):
    provider.subject = {
        "sub": "stranger",
        settings.SAMORDNA_OIDC_HSA_ID_CLAIM: "SE2321000016-9999",
        settings.SAMORDNA_OIDC_PERSONNUMMER_CLAIM: "20170101-2393",
    }
    accounts_before = User.objects.count()

    response = log_in_with_e_legitimation(client, provider)

    event = assert_refused(client, response, oidc.UNKNOWN_USER)
    assert (event.user, event.username) == (None, "SE2321000016-9999")
    assert User.objects.count() == accounts_before
    assert "inte kopplad till något konto" in client.get(LOGIN).content.decode()


def test_a_token_naming_neither_hsa_id_nor_personnummer_is_refused(client, provider, siths_user):
    provider.subject = {"sub": "someone"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.NO_IDENTIFIER)


def test_an_inactive_account_is_refused(client, provider, siths_user):
    siths_user.is_active = False
    siths_user.save(update_fields=["is_active"])
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}

    response = log_in_with_e_legitimation(client, provider)

    event = assert_refused(client, response, oidc.INACTIVE_USER)
    assert event.user == siths_user


def test_a_cancelled_login_at_the_provider_is_audited(client, provider):
    provider.faults = {"deny"}

    response = log_in_with_e_legitimation(client, provider)

    assert_refused(client, response, oidc.PROVIDER_ERROR)


def test_a_password_login_still_needs_the_totp_code(client, provider, siths_user):
    log_in(client, "convener")

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second_factor_verify"))


def test_after_the_password_alone_staff_may_still_choose_e_legitimation(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    log_in(client, "convener")

    response = log_in_with_e_legitimation(client, provider)

    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    logins = AuditEvent.objects.filter(action=AuditAction.LOGIN).order_by("id")
    assert list(logins.values_list("summary", flat=True)) == ["password", "oidc"]


def test_a_password_login_with_a_code_in_the_address_does_not_ask_the_provider(client, provider, siths_user):
    requests_before = provider.token_requests

    client.post(f"{LOGIN}?code=abc&state=def", {"username": "convener", "password": "wrong-password"})

    assert provider.token_requests == requests_before
    assert SESSION_KEY not in client.session


def test_logout_after_a_login_with_e_legitimation_ends_the_session_and_is_audited(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    log_in_with_e_legitimation(client, provider)
    session_key = client.session.session_key

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=session_key).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=siths_user).exists()
    assert client.get(HOME).status_code == 302


def test_a_personnummer_on_an_account_is_validated_and_stored_as_twelve_digits(convener):
    convener.personal_identity_number = PERSONNUMMER
    convener.full_clean()
    assert convener.personal_identity_number == PERSONNUMMER_DIGITS

    convener.personal_identity_number = "19121212-1213"
    with pytest.raises(ValidationError) as error:
        convener.full_clean()
    assert "personal_identity_number" in error.value.message_dict


def test_an_hsa_id_on_an_account_is_validated(convener):
    convener.hsa_id = "se2321000016-7a3k"
    convener.full_clean()
    assert convener.hsa_id == HSA_ID

    convener.hsa_id = "not an hsa id"
    with pytest.raises(ValidationError):
        convener.full_clean()


def test_two_accounts_cannot_share_an_hsa_id(convener, actor_staff):
    convener.hsa_id = HSA_ID
    convener.save()
    actor_staff.hsa_id = HSA_ID

    with pytest.raises(ValidationError):
        actor_staff.full_clean()


def test_an_administrator_links_an_account_to_e_legitimation_in_the_admin(admin_client, convener, settings):
    settings.SAMORDNA_REQUIRE_SECOND_FACTOR = False  # the admin's own TOTP is not what this is about
    url = reverse("admin:accounts_user_change", args=[convener.pk])
    form = {
        "username": convener.username,
        "first_name": convener.first_name,
        "last_name": convener.last_name,
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-11-23",
        "date_joined_1": "08:00:00",
        "title": "",
        "phone": "",
        "hsa_id": "se2321000016-7a3k",
        "personal_identity_number": PERSONNUMMER,
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response.url == reverse("admin:accounts_user_changelist")
    convener.refresh_from_db()
    assert (convener.hsa_id, convener.personal_identity_number) == (HSA_ID, PERSONNUMMER_DIGITS)
    assert PERSONNUMMER_DIGITS not in response.url


def test_the_discovery_command_prints_the_settings_for_a_provider(running_provider):
    output = io.StringIO()

    call_command("oidc_discover", running_provider.issuer, stdout=output)

    lines = output.getvalue().splitlines()
    assert f"SAMORDNA_OIDC_ISSUER={running_provider.issuer}" in lines
    assert f"SAMORDNA_OIDC_TOKEN_ENDPOINT={running_provider.issuer}/token" in lines
    assert f"SAMORDNA_OIDC_JWKS_ENDPOINT={running_provider.issuer}/jwks" in lines
    assert f"SAMORDNA_OIDC_END_SESSION_ENDPOINT={running_provider.issuer}/logout" in lines
    assert LOA3 in output.getvalue()


def test_the_discovery_command_refuses_an_address_that_is_not_the_issuer(running_provider):
    same_provider_by_another_name = running_provider.issuer.replace("127.0.0.1", "localhost")

    with pytest.raises(CommandError, match="another issuer"):
        call_command("oidc_discover", same_provider_by_another_name, stdout=io.StringIO())


def test_the_test_provider_answers_userinfo_only_with_an_access_token_it_issued(running_provider):
    running_provider.reset()
    redirect_uri = f"http://testserver{CALLBACK}"
    authorize = requests.get(
        f"{running_provider.issuer}/authorize",
        {"response_type": "code", "scope": "openid", "client_id": CLIENT_ID, "redirect_uri": redirect_uri},
        allow_redirects=False,
        timeout=10,
    )
    code = parse_qs(urlsplit(authorize.headers["Location"]).query)["code"][0]
    token = requests.post(
        f"{running_provider.issuer}/token",
        {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=10,
    ).json()["access_token"]
    userinfo = f"{running_provider.issuer}/userinfo"

    assert requests.get(userinfo, headers={"Authorization": f"Bearer {token}"}, timeout=10).json() == {
        "sub": "test-subject"
    }
    assert requests.get(userinfo, headers={"Authorization": "Bearer forged"}, timeout=10).status_code == 401


def test_logging_out_after_e_legitimation_also_ends_the_providers_session(client, provider, siths_user, settings):
    settings.SAMORDNA_OIDC_END_SESSION_ENDPOINT = f"{provider.issuer}/logout?ui_locales=sv"
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    log_in_with_e_legitimation(client, provider)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    target = urlsplit(response.url)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.issuer}/logout"
    assert parse_qs(target.query) == {
        "ui_locales": ["sv"],
        "client_id": [CLIENT_ID],
        "post_logout_redirect_uri": [f"http://testserver{LOGIN}"],
    }
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=siths_user).exists()
    back = requests.get(response.url, allow_redirects=False, timeout=10)
    assert (back.status_code, back.headers["Location"]) == (302, f"http://testserver{LOGIN}")
    assert provider.ended_sessions[-1] == f"http://testserver{LOGIN}"


def test_a_password_login_logs_out_to_samordnas_login_page_only(client, provider, siths_user, settings):
    settings.SAMORDNA_OIDC_END_SESSION_ENDPOINT = f"{provider.issuer}/logout"
    client.force_login(siths_user)  # as after a password and TOTP login: no e-legitimation in the session

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, LOGIN)


def test_without_an_end_session_endpoint_the_logout_stays_in_samordna(client, provider, siths_user):
    provider.subject = {"sub": "siths-1", settings.SAMORDNA_OIDC_HSA_ID_CLAIM: HSA_ID}
    log_in_with_e_legitimation(client, provider)

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, LOGIN)
    assert SESSION_KEY not in client.session


def test_the_pages_let_the_logout_form_lead_on_to_the_provider_and_nowhere_else():
    assert form_action_sources("") == ["'self'"]
    assert form_action_sources("https://idp.example.org/oidc/logout?x=1") == ["'self'", "https://idp.example.org"]
