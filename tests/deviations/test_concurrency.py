"""Two managers pressing "receive" at the same moment: the row lock lets exactly one through."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samordna.deviations import services
from samordna.deviations.models import DeviationStatus

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE) are tested on PostgreSQL, the production database")


def test_only_one_of_two_simultaneous_receives_succeeds(deviation, bup_manager):
    barrier = threading.Barrier(2)
    outcomes = []

    def receive():
        try:
            barrier.wait(timeout=10)
            services.deviation_receive(deviation=deviation, by=bup_manager)
            outcomes.append("received")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["invalid_transition", "received"]
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.RECEIVED
