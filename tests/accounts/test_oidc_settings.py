"""OIDC settings from the environment: off when empty, refused when half set, HTTPS in production."""

from tests.config.test_production_settings import GOOD_KEY, run_manage

PROVIDER = {
    "SAMORDNA_OIDC_ISSUER": "https://idp.example.org",
    "SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example.org/authorize",
    "SAMORDNA_OIDC_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "SAMORDNA_OIDC_JWKS_ENDPOINT": "https://idp.example.org/jwks",
    "SAMORDNA_OIDC_CLIENT_ID": "samordna",
    "SAMORDNA_OIDC_CLIENT_SECRET": "a-secret-for-the-check-only",
}


def test_a_half_configured_provider_refuses_to_start():
    result = run_manage("check", SECRET_KEY=GOOD_KEY, SAMORDNA_OIDC_ISSUER="https://idp.example.org")

    assert result.returncode != 0
    assert "SAMORDNA_OIDC_CLIENT_SECRET" in result.stderr


def test_a_minimum_assurance_level_outside_the_list_refuses_to_start():
    result = run_manage("check", SECRET_KEY=GOOD_KEY, SAMORDNA_OIDC_MIN_ACR="loa9")

    assert result.returncode != 0
    assert "SAMORDNA_OIDC_MIN_ACR" in result.stderr


def test_a_provider_over_https_passes_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, **PROVIDER)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_provider_over_plain_http_fails_the_deployment_checks():
    insecure = {**PROVIDER, "SAMORDNA_OIDC_TOKEN_ENDPOINT": "http://idp.example.org/token"}

    result = run_manage("check", "--deploy", SECRET_KEY=GOOD_KEY, **insecure)

    assert result.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT must be an https:// address" in result.stderr
