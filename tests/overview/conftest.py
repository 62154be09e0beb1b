from tests.plans.conftest import approved, draft, filled, make_meeting, sip_meeting  # noqa: F401
