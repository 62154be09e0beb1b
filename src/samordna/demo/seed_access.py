"""Demo data for access control: the manager of Socialtjänsten IFO Köping names the convener of Linnea's case
(a person with protected identity) as the one who may see her name, address and phone."""

from samordna.accounts.models import User
from samordna.cases import services
from samordna.cases.models import CoordinationCase


def seed_protected_identity_viewers() -> None:
    manager = User.objects.get(username="soc.chef")
    cases = CoordinationCase.objects.filter(person__protected_identity=True, convener_unit__memberships__user=manager)
    for case in cases:
        services.protected_identity_viewer_add(case=case, by=manager, user=case.convener)
