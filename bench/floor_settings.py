"""The bare-framework floor: Samordna's production settings (middleware, sessions, security headers) with a
URLconf of one view that touches no database, served by the same gunicorn as the app. What Django and
gunicorn cost per request here, so each page can be given as a multiple of it."""

from samordna.config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
