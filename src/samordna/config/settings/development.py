"""Local development: `make run`. DEBUG on, embedded SQLite under var/ unless DATABASE_URL says otherwise."""

from samordna.config.env import envbool
from samordna.config.settings.base import *  # noqa: F403

DEBUG = envbool("DEBUG", True)
