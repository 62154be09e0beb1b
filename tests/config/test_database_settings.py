"""The app's PostgreSQL connections run without the JIT compiler, which cost the statistics hundreds of
milliseconds of compiling per query."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_app_connects_to_postgresql_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
