import pytest

from tests.security.world import build_world


@pytest.fixture
def world(adult, school_unit, bup_unit, other_unit, municipality, profile):
    return build_world(
        adult=adult, school_unit=school_unit, bup_unit=bup_unit, other_unit=other_unit, municipality=municipality
    )
