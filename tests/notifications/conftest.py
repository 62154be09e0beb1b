"""Fixtures for notifications: the meeting and plan fixtures of those apps' tests, and a helper that runs the
`transaction.on_commit` callbacks (where notifications are created) as a real commit would."""

import pytest

from tests.meetings.conftest import bup_invitation, draft_meeting, sent_meeting  # noqa: F401
from tests.plans.conftest import approved, draft, filled, make_meeting, sip_meeting  # noqa: F401


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): service(...)` runs what the service scheduled for after its commit."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
