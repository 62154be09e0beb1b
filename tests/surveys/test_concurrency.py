"""Two answers with the same code at the same moment: exactly one is saved (PostgreSQL, the production database)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samordna.surveys import services
from samordna.surveys.models import SurveyResponse

RATINGS = {"participation": 3, "listened_to": 3, "understood_plan": 3, "overall": 3}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writes")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_code_answered_twice_at_once_is_saved_once(held_meeting, convener):
    """Committed for real (threads need their own connections); the routine profiles come back afterwards."""
    code = services.survey_tokens_create(meeting=held_meeting, by=convener, count=1)[0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer():
        try:
            barrier.wait()
            services.survey_answer(code=code, **RATINGS)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(["saved", str(services.CODE_USED)])
    assert SurveyResponse.objects.count() == 1
