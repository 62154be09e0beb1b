"""Settings shared by every environment. Values that differ per installation come from the environment."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samordna.config.env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(envstr("SAMORDNA_VAR_DIR", str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "samordna.common",
    "samordna.accounts",
    "samordna.audit",
    "samordna.notifications",
    "samordna.organizations",
    "samordna.people",
    "samordna.cases",
    "samordna.meetings",
    "samordna.plans",
    "samordna.deadlines",
    "samordna.overview",
    "samordna.messaging",
    "samordna.logreview",
    "samordna.api",
    "ninja",
    "samordna.deviations",
    "samordna.routine_audits",
    "samordna.surveys",
    "samordna.statistics",
    "samordna.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: they read request.user, and an expired session leaves a message.
    "samordna.accounts.middleware.NoStoreForAuthenticatedMiddleware",
    "samordna.accounts.middleware.SessionLifetimeMiddleware",
    "samordna.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.config.urls"
WSGI_APPLICATION = "samordna.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "samordna.notifications.context_processors.notifications",
            ],
        },
    },
]

# Widgets render with the project's own template settings, so a widget template can live in templates/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
# PostgreSQL's JIT compiles a query whose estimated cost is high before running it; for the statistics' working-day
# tables that took 300 ms of a 650 ms query, and the app's short queries never gain from it. Off unless
# DATABASE_JIT is true.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not envbool("DATABASE_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username before the password is even checked.
    "samordna.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Login with e-legitimation; answers only the callback of accounts.oidc_views, and only when configured.
    "samordna.accounts.oidc.IdentityProviderBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


def _positive_envint(name: str, default: int) -> int:
    value = envint(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, got {value}.")
    return value


# Login and sessions (README: "Inloggning och säkerhet / Login and security").
# A session ends after this long without a request, and in any case this long after login.
SAMORDNA_SESSION_IDLE_MINUTES = _positive_envint("SAMORDNA_SESSION_IDLE_MINUTES", 30)
SAMORDNA_SESSION_MAX_HOURS = _positive_envint("SAMORDNA_SESSION_MAX_HOURS", 10)
# Every staff account (a unit membership, admin access or superuser) must pass a TOTP second factor.
SAMORDNA_REQUIRE_SECOND_FACTOR = envbool("SAMORDNA_REQUIRE_SECOND_FACTOR", True)
SAMORDNA_RECOVERY_CODE_COUNT = 10
OTP_TOTP_ISSUER = envstr("SAMORDNA_TOTP_ISSUER", "Samordna")
# Wrong second-factor codes double the wait before the next try (1, 2, 4, ... seconds).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Lockout after repeated failed logins (django-axes). Locked per username, wherever the attempts come
# from, so guessing one account's password from many addresses is stopped too; a lockout ends by itself
# after SAMORDNA_LOCKOUT_MINUTES, or earlier when a superuser removes the attempt in the admin.
SAMORDNA_LOGIN_FAILURE_LIMIT = _positive_envint("SAMORDNA_LOGIN_FAILURE_LIMIT", 5)
SAMORDNA_LOCKOUT_MINUTES = _positive_envint("SAMORDNA_LOCKOUT_MINUTES", 30)
AXES_FAILURE_LIMIT = SAMORDNA_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=SAMORDNA_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the IP address among the lockout parameters, against attackers who rotate user agents
# or cookies; counting per username alone already ignores both. Locking by address would shut a whole
# hospital out behind its one NAT address after five typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not prolong it: "locked for 30 minutes" means 30 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "samordna.accounts.views.locked_out"
# Successful logins are already in the audit log; axes keeps only what it needs to count failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken", "code"]

# Login with e-legitimation (SITHS, BankID, Freja eID) through an OpenID Connect provider, usually a broker
# (README: "Inloggning med e-legitimation (OIDC) / Connecting an identity provider"). Off unless the issuer,
# the client and the provider's endpoints are all set; the login page then offers only the password.
_OIDC_REQUIRED = {
    "SAMORDNA_OIDC_ISSUER": envstr("SAMORDNA_OIDC_ISSUER", ""),
    "SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT": envstr("SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "SAMORDNA_OIDC_TOKEN_ENDPOINT": envstr("SAMORDNA_OIDC_TOKEN_ENDPOINT", ""),
    "SAMORDNA_OIDC_JWKS_ENDPOINT": envstr("SAMORDNA_OIDC_JWKS_ENDPOINT", ""),
    "SAMORDNA_OIDC_CLIENT_ID": envstr("SAMORDNA_OIDC_CLIENT_ID", ""),
    "SAMORDNA_OIDC_CLIENT_SECRET": envstr("SAMORDNA_OIDC_CLIENT_SECRET", ""),
}
SAMORDNA_OIDC_ENABLED = all(_OIDC_REQUIRED.values())
if any(_OIDC_REQUIRED.values()) and not SAMORDNA_OIDC_ENABLED:
    _missing = ", ".join(name for name, value in _OIDC_REQUIRED.items() if not value)
    raise ImproperlyConfigured(f"OIDC login is half configured: also set {_missing}.")
SAMORDNA_OIDC_ISSUER = _OIDC_REQUIRED["SAMORDNA_OIDC_ISSUER"]
# mozilla-django-oidc's own settings, read by accounts.oidc.
OIDC_OP_AUTHORIZATION_ENDPOINT = _OIDC_REQUIRED["SAMORDNA_OIDC_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _OIDC_REQUIRED["SAMORDNA_OIDC_TOKEN_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _OIDC_REQUIRED["SAMORDNA_OIDC_JWKS_ENDPOINT"]
OIDC_OP_USER_ENDPOINT = ""  # not used: the claims are taken from the signed ID token only
OIDC_RP_CLIENT_ID = _OIDC_REQUIRED["SAMORDNA_OIDC_CLIENT_ID"]
OIDC_RP_CLIENT_SECRET = _OIDC_REQUIRED["SAMORDNA_OIDC_CLIENT_SECRET"]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = envstr("SAMORDNA_OIDC_SCOPES", "openid")
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
# client_secret_basic (the OpenID Connect default); false sends the secret in the form (client_secret_post).
OIDC_TOKEN_USE_BASIC_AUTH = envbool("SAMORDNA_OIDC_CLIENT_SECRET_BASIC", True)
OIDC_TIMEOUT = _positive_envint("SAMORDNA_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Optional: the provider's end_session_endpoint (OpenID Connect RP-Initiated Logout). When set, logging out of a
# session begun with e-legitimation also ends the session at the provider, which then sends the browser back to
# Samordna's login page (register that address with the provider as a post-logout redirect URI).
SAMORDNA_OIDC_END_SESSION_ENDPOINT = envstr("SAMORDNA_OIDC_END_SESSION_ENDPOINT", "")
# Assurance levels (the ID token's `acr`) from lowest to highest, and the lowest accepted. The default
# list is the Swedish levels of assurance (DIGG, Tillitsramverk för Svensk e-legitimation); HSLF-FS 2016:40
# asks for strong authentication, which is level 3.
SAMORDNA_OIDC_ACR_LEVELS = envlist(
    "SAMORDNA_OIDC_ACR_LEVELS",
    "http://id.elegnamnden.se/loa/1.0/loa1,http://id.elegnamnden.se/loa/1.0/loa2,"
    "http://id.elegnamnden.se/loa/1.0/loa3,http://id.elegnamnden.se/loa/1.0/loa4",
)
SAMORDNA_OIDC_MIN_ACR = envstr("SAMORDNA_OIDC_MIN_ACR", "http://id.elegnamnden.se/loa/1.0/loa3")
if SAMORDNA_OIDC_MIN_ACR not in SAMORDNA_OIDC_ACR_LEVELS:
    raise ImproperlyConfigured("SAMORDNA_OIDC_MIN_ACR must be one of SAMORDNA_OIDC_ACR_LEVELS.")
# The claims an account is matched by: HSA-id first (SITHS), then personnummer (BankID, Freja eID).
SAMORDNA_OIDC_HSA_ID_CLAIM = envstr("SAMORDNA_OIDC_HSA_ID_CLAIM", "employeeHsaId")
SAMORDNA_OIDC_PERSONNUMMER_CLAIM = envstr(
    "SAMORDNA_OIDC_PERSONNUMMER_CLAIM", "https://id.oidc.se/claim/personalIdentityNumber"
)
# Clock difference tolerated between Samordna and the provider when checking the ID token's times.
SAMORDNA_OIDC_LEEWAY_SECONDS = envint("SAMORDNA_OIDC_LEEWAY_SECONDS", 60)


def form_action_sources(end_session_endpoint: str) -> list[str]:
    """Where a form may lead: our own pages, and the provider's end-session endpoint when logout goes on there
    (browsers apply form-action to the redirects after a form's POST, and logout is a form)."""
    if not end_session_endpoint:
        return [SELF]
    parts = urlsplit(end_session_endpoint)
    return [SELF, f"{parts.scheme}://{parts.netloc}"]


# Content-Security-Policy (django-csp): our own files only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": form_action_sources(SAMORDNA_OIDC_END_SESSION_ENDPOINT),
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files (consent scans) hold personal data: kept outside the web root and never served statically.
MEDIA_ROOT = Path(envstr("SAMORDNA_MEDIA_ROOT", str(VAR_DIR / "uploads")))
UPLOAD_MAX_BYTES = envint("SAMORDNA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# Largest attachment to a message in a case (messaging); stored like the consent scans, under MEDIA_ROOT.
MESSAGE_ATTACHMENT_MAX_BYTES = _positive_envint("SAMORDNA_MESSAGE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "samordna@example.org")

# Notifications (README: "Notiser och e-post / Notifications"). Background work (e-mail notices, the deadline
# sweep) runs in the database-backed task worker (`manage.py db_worker`), on SQLite as on PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The address e-mail notices link to (only the login page, never a case).
SAMORDNA_BASE_URL = envstr("SAMORDNA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How often the deadline sweep runs again in the worker.
SAMORDNA_DEADLINE_SWEEP_MINUTES = _positive_envint("SAMORDNA_DEADLINE_SWEEP_MINUTES", 60)
# Months of past cases the demo data (`seed_demo`) adds in units without demo users, for the statistics charts.
SAMORDNA_DEMO_HISTORY_MONTHS = envint("SAMORDNA_DEMO_HISTORY_MONTHS", 12)

# Code of the RoutineProfile used when a principal has none of its own (see organizations.RoutineProfile).
SAMORDNA_ROUTINE_PROFILE = envstr("SAMORDNA_ROUTINE_PROFILE", "vastmanland")

# Audit log (README: "Loggkontroll och loggutdrag"). `manage.py purge_audit_log` removes events older than
# this many years; HSLF-FS 2016:40 4 kap. 9 § requires at least five, so a shorter value stops start-up.
SAMORDNA_AUDIT_MINIMUM_RETENTION_YEARS = 5
SAMORDNA_AUDIT_RETENTION_YEARS = envint("SAMORDNA_AUDIT_RETENTION_YEARS", SAMORDNA_AUDIT_MINIMUM_RETENTION_YEARS)
if SAMORDNA_AUDIT_RETENTION_YEARS < SAMORDNA_AUDIT_MINIMUM_RETENTION_YEARS:
    raise ImproperlyConfigured(
        f"SAMORDNA_AUDIT_RETENTION_YEARS must be at least {SAMORDNA_AUDIT_MINIMUM_RETENTION_YEARS} "
        f"(HSLF-FS 2016:40 4 kap. 9 §), got {SAMORDNA_AUDIT_RETENTION_YEARS}."
    )

# SIP-kollen is anonymous: no request line or error record for its pages may reach a log (the link holds the
# code, the record the time). The filter sits on the loggers Django writes requests to and on the handler.
SURVEY_LOG_FILTER = {"survey_privacy": {"()": "samordna.surveys.logging.DropSurveyRequests"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        **SURVEY_LOG_FILTER,
        "redact_identity_numbers": {"()": "samordna.common.logging.RedactIdentityNumbers"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_identity_numbers", "survey_privacy"]}
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # PDF rendering libraries log every layout step at INFO; only their warnings are worth reading.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        # These log request paths; a personnummer typed into the address bar must not reach the log, and no
        # request for SIP-kollen may reach it at all.
        "django.request": {"filters": ["redact_identity_numbers", "survey_privacy"]},
        "django.security": {"filters": ["redact_identity_numbers"]},
        "django.security.csrf": {"filters": ["redact_identity_numbers", "survey_privacy"]},
        # runserver's request lines; Django's own handler for them is replaced by the filtered console.
        "django.server": {"handlers": ["console"], "propagate": False, "filters": ["survey_privacy"]},
    },
}

# GetCarePlans 2.0 (NPÖ and 1177). Samordna's own HSA-id as a source system; the certificate subjects of the
# national platform that may call it (empty: the endpoint answers 404); the request META key where the reverse
# proxy that terminates mutual TLS puts the verified client certificate's subject.
SAMORDNA_RIV_SOURCE_SYSTEM_HSA_ID = envstr("SAMORDNA_RIV_SOURCE_SYSTEM_HSA_ID", "SE0000000000-SAMORDNA")
SAMORDNA_RIV_TRUSTED_CONSUMERS = envlist("SAMORDNA_RIV_TRUSTED_CONSUMERS")
SAMORDNA_RIV_CLIENT_CERT_META = envstr("SAMORDNA_RIV_CLIENT_CERT_META", "HTTP_X_CLIENT_CERT_SUBJECT")
