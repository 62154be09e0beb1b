"""Read an OpenID provider's discovery document and print the settings for .env.

    manage.py oidc_discover https://broker.example.org

Checks what Samordna needs of the provider (the code flow, RS256 ID tokens, a JWKS) and prints the
SAMORDNA_OIDC_* lines for the addresses; the client id and secret come from the broker's registration.
"""

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DISCOVERY_PATH = "/.well-known/openid-configuration"


class Command(BaseCommand):
    help = "Fetch an OpenID provider's discovery document and print the SAMORDNA_OIDC_* settings for it."

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="The provider's issuer, e.g. https://broker.example.org")

    def handle(self, *args, issuer: str, **options):
        issuer = issuer.rstrip("/")
        try:
            response = requests.get(issuer + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CommandError(f"Could not read {issuer}{DISCOVERY_PATH}: {error}") from error
        problems = []
        if document.get("issuer", "").rstrip("/") != issuer:
            problems.append(f"the document names another issuer: {document.get('issuer')!r}")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(key):
                problems.append(f"no {key}")
        if "code" not in document.get("response_types_supported", []):
            problems.append("the authorization code flow (response type 'code') is not supported")
        if "RS256" not in document.get("id_token_signing_alg_values_supported", []):
            problems.append("ID tokens are not signed with RS256")
        if problems:
            raise CommandError("This provider does not suit Samordna: " + "; ".join(problems) + ".")
        lines = [
            f"SAMORDNA_OIDC_ISSUER={document['issuer']}",
            f"SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT={document['authorization_endpoint']}",
            f"SAMORDNA_OIDC_TOKEN_ENDPOINT={document['token_endpoint']}",
            f"SAMORDNA_OIDC_JWKS_ENDPOINT={document['jwks_uri']}",
            "SAMORDNA_OIDC_CLIENT_ID=",
            "SAMORDNA_OIDC_CLIENT_SECRET=",
        ]
        if document.get("end_session_endpoint"):
            lines.append(f"SAMORDNA_OIDC_END_SESSION_ENDPOINT={document['end_session_endpoint']}")
        methods = document.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
        if "client_secret_basic" not in methods and "client_secret_post" in methods:
            lines.append("SAMORDNA_OIDC_CLIENT_SECRET_BASIC=false")
        self.stdout.write("\n".join(lines))
        acr_values = document.get("acr_values_supported")
        if acr_values:
            self.stdout.write(
                "# acr values the provider names (choose SAMORDNA_OIDC_ACR_LEVELS and _MIN_ACR from these): "
                + " ".join(acr_values)
            )
