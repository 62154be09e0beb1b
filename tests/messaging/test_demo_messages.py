"""The demo has one conversation between the school and BUP, answered and read."""

import pytest

from samordna.demo.seed import seed_demo
from samordna.messaging.models import MessageRead, Thread

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_conversation_between_skola_and_bup_in_alvas_case():
    seed_demo()
    thread = Thread.objects.get(subject="Samtalsstödet efter lovet")
    assert thread.case.person.first_name == "Alva"
    assert [message.author.username for message in thread.messages.all()] == ["skola", "bup"]
    writers = {message.author_unit for message in thread.messages.all()}
    assert set(thread.units.all()) == writers
    assert MessageRead.objects.filter(message__thread=thread).count() == 2  # each writer's own unit
