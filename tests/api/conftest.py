from tests.plans.conftest import approved, draft, filled, follow_up_meeting, make_meeting, revised, sip_meeting  # noqa: F401
