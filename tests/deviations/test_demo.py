"""The demo has deviations in every state, a dispute, escalation levels and completed self-audits."""

import io

import pytest
from django.core.management import call_command

from samordna.accounts.models import User
from samordna.deviations.models import Deviation, DeviationStatus, Dispute, EscalationLevel
from samordna.deviations.policies import deviation_actions, visible_deviations
from samordna.routine_audits.models import AuditStatus, RoutineAudit
from samordna.routine_audits.selectors import indicator_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_deviations_in_every_state_a_dispute_and_two_completed_audits():
    call_command("seed_demo", stdout=io.StringIO())

    assert set(Deviation.objects.values_list("status", flat=True)) == set(DeviationStatus.values)
    assert Dispute.objects.filter(deviation__isnull=False).count() == 1
    assert EscalationLevel.objects.count() == 2
    skola_chef = User.objects.get(username="skola.chef")
    waiting = visible_deviations(skola_chef).get(status=DeviationStatus.REPORTED)
    assert deviation_actions(skola_chef, waiting)["receive"]
    soc_chef = User.objects.get(username="soc.chef")
    assert deviation_actions(soc_chef, Deviation.objects.get(status=DeviationStatus.ANSWERED)) == {
        "receive": False,
        "start_resolving": False,
        "comment": False,
        "answer": False,
        "close": True,
        "dispute": True,
    }
    audits = RoutineAudit.objects.all()
    assert audits.count() == 2 and set(audits.values_list("status", flat=True)) == {AuditStatus.COMPLETED}
    results = indicator_results([audits[0].unit_id])
    assert len(results) == 2 and all(cell["total"] for row in results for cell in row["indicators"])
