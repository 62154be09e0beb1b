"""Settings for the test suite: fast hashing, in-memory mail, uploads in a temporary folder."""

import tempfile
from pathlib import Path

from samordna.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samordna-test-uploads-"))
LANGUAGE_CODE = "sv"
# The suite logs in with client.force_login; tests of the second factor switch it on themselves.
SAMORDNA_REQUIRE_SECOND_FACTOR = False
# Background tasks run at once, in the test's own thread; one test runs the real database worker itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The demo's statistics history stays out of the story the demo tests count; tests/statistics switch it on.
SAMORDNA_DEMO_HISTORY_MONTHS = 0
