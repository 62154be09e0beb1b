"""Production: refuses to start with the development secret key or DEBUG on; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from samordna.config.env import envbool, envint
from samordna.config.settings.base import *  # noqa: F403
from samordna.config.settings.base import DEVELOPMENT_SECRET_KEY, SECRET_KEY

if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (at least 50 characters) in production; "
        "the development key must never be used."
    )
if envbool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production.")

DEBUG = False
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
