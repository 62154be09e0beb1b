"""A small OpenID provider for the test suite, served over real HTTP on 127.0.0.1.

It speaks the parts of OpenID Connect Core 1.0 that Samordna's login uses: a discovery document, an
authorization endpoint (code flow, PKCE S256) that approves the configured test subject at once, a token
endpoint (client_secret_basic or client_secret_post) issuing RS256-signed ID tokens, a JWKS endpoint, a
userinfo endpoint and an end-session endpoint (RP-Initiated Logout 1.0) that records each logout. Tests steer
it through `subject`, `acr` and `faults`:

- "wrong_audience": the ID token is for another client;
- "foreign_key": the ID token is signed with a key that is not in the JWKS (same `kid`);
- "unknown_kid": signed with that key under a `kid` the JWKS does not have;
- "replay": the token endpoint answers with the ID token it issued last time (an earlier login's nonce);
- "wrong_issuer": another `iss`;
- "expired": an ID token that expired five minutes ago;
- "deny": the authorization endpoint answers `error=access_denied`.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "samordna-test"
CLIENT_SECRET = "test-client-secret-not-for-production"
KEY_ID = "test-signing-key-1"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OpenIDProvider:
    """Start with `start()`, stop with `stop()`; `issuer` is its base URL."""

    def __init__(self, *, redirect_uris: list[str]):
        self.signing_key = _new_key()
        self.foreign_key = _new_key()
        self.redirect_uris = redirect_uris
        self.codes: dict[str, dict] = {}
        self.issued_id_tokens: list[str] = []
        self.access_tokens: set[str] = set()
        self.token_requests = 0
        self.ended_sessions: list[str] = []  # the post-logout redirect URI of each logout, in order
        self.reset()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-openid-provider", daemon=True)

    def reset(self) -> None:
        self.subject: dict = {"sub": "test-subject"}
        self.acr = "http://id.elegnamnden.se/loa/1.0/loa3"
        self.faults: set[str] = set()

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "OpenIDProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": [f"http://id.elegnamnden.se/loa/1.0/loa{level}" for level in (2, 3, 4)],
            "scopes_supported": ["openid"],
        }

    def jwks(self) -> dict:
        public = RSAAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    # Endpoints ---------------------------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict, bytes]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != CLIENT_ID or redirect_uri not in self.redirect_uris:
            return 400, {}, b"unknown client or redirect_uri"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, b"unsupported request"
        state = query.get("state", "")
        if "deny" in self.faults:
            return 302, {"Location": f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}"}, b""
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": redirect_uri,
            "nonce": query.get("nonce"),
            "code_challenge": query.get("code_challenge"),
            "acr_values": query.get("acr_values", ""),
        }
        return 302, {"Location": f"{redirect_uri}?{urlencode({'code': code, 'state': state})}"}, b""

    def end_session(self, query: dict[str, str]) -> tuple[int, dict, bytes]:
        """Ends "the provider's session" and sends the browser back, only for our client."""
        if query.get("client_id") != CLIENT_ID:
            return 400, {}, b"unknown client"
        back = query.get("post_logout_redirect_uri", "")
        self.ended_sessions.append(back)
        return (302, {"Location": back}, b"") if back else (200, {}, b"logged out")

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict, bytes]:
        self.token_requests += 1
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _sep, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return _json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return _json(400, {"error": "unsupported_grant_type"})
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return _json(400, {"error": "invalid_grant"})
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != grant["code_challenge"]:
                return _json(400, {"error": "invalid_grant", "error_description": "PKCE"})
        if "replay" in self.faults and self.issued_id_tokens:
            id_token = self.issued_id_tokens[-1]
        else:
            id_token = self._id_token(grant["nonce"])
            self.issued_id_tokens.append(id_token)
        access_token = secrets.token_urlsafe(24)
        self.access_tokens.add(access_token)
        answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        return _json(200, answer)

    def _id_token(self, nonce: str | None) -> str:
        now = int(time.time()) - (600 if "expired" in self.faults else 0)
        claims = {
            "iss": "http://issuer.invalid" if "wrong_issuer" in self.faults else self.issuer,
            "aud": "another-client" if "wrong_audience" in self.faults else CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "acr": self.acr,
            **self.subject,
        }
        if nonce is not None:
            claims["nonce"] = nonce
        key = self.foreign_key if self.faults & {"foreign_key", "unknown_kid"} else self.signing_key
        kid = "unknown-key" if "unknown_kid" in self.faults else KEY_ID
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})

    def _handler_class(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(*_json(200, provider.discovery()))
                elif url.path == "/jwks":
                    self._send(*_json(200, provider.jwks()))
                elif url.path == "/authorize":
                    self._send(*provider.authorize(query))
                elif url.path == "/logout":
                    self._send(*provider.end_session(query))
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token in provider.access_tokens:
                        self._send(*_json(200, provider.subject))
                    else:
                        self._send(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, b"")
                else:
                    self._send(404, {}, b"not found")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {key: values[0] for key, values in parse_qs(body).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._send(404, {}, b"not found")

            def _send(self, status: int, headers: dict, body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # quiet: the test output stays readable
                pass

        return Handler


def _json(status: int, payload: dict) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
