"""Browser tests: Debian's Chromium driven by Playwright against the app served by pytest-django's live server.

The browser is the system's (`/usr/bin/chromium`, installed by `make chromium`); Playwright never downloads one.
Every test here runs on a fresh, transactional database (`live_server`), reloaded from the migrations' data
afterwards (`serialized_rollback`), so the other tests still find the routine profiles.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.browsing import Accessibility, Actor

CHROMIUM = Path(os.environ.get("SAMORDNA_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="package")
def chromium():
    """One Chromium for the browser tests, stopped after them so that no event loop outlives them."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's synchronous API keeps an asyncio loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate (the fixtures make users and units).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    # With an event loop running in this thread, asgiref hands Django fresh connection objects (kept per
    # context instead of per thread). They reach the same test database but lack the snapshot taken when it
    # was created, which `serialized_rollback` reloads after each browser test has flushed the tables.
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--disable-dev-shm-usage"])
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def accessibility() -> Accessibility:
    return Accessibility()


@pytest.fixture
def open_browser(chromium, live_server, accessibility):
    """Open a browser window (its own context: own cookies) for a user; all are closed after the test."""
    actors: list[Actor] = []

    def open_(name: str, **context_options) -> Actor:
        actor = Actor(chromium, live_server.url, name, accessibility, **context_options)
        actors.append(actor)
        return actor

    yield open_
    for actor in actors:
        actor.close()
