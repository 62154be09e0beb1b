"""The plan fixtures of tests/plans, for the approval and follow-up deadlines."""

from tests.plans.conftest import approved, draft, filled, make_meeting, sip_meeting  # noqa: F401
