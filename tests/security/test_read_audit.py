"""Every page that shows personal data writes a read (or print or export) audit event for the person, for every user
allowed to open it (loggkontroll, Patientdatalagen 4 kap. 3 §)."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditAction, AuditEvent
from tests.security.matrix import EXPECTED, WITHOUT_PERSONAL_DATA
from tests.security.test_authorization_matrix import project_routes, world_values
from tests.security.urls import url_for

ACCESS_ACTIONS = (AuditAction.READ, AuditAction.PRINT, AuditAction.EXPORT)


@pytest.mark.parametrize("role", ["convener", "actor", "manager"])
def test_every_page_with_personal_data_writes_a_read_event(client, world, role):
    user = world.users[role]
    client.force_login(user)
    unaudited = []
    checked = 0
    for route in project_routes():
        row = EXPECTED.get(route.name)
        if row is None or route.name in WITHOUT_PERSONAL_DATA or row.status(role) != 200:
            continue
        url = url_for(route, world_values(world, route)) + row.query.format(person=world.person.pk)
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code == 200, url
        checked += 1
        logged = AuditEvent.objects.filter(
            id__gt=before, user=user, person_id=world.person.pk, action__in=ACCESS_ACTIONS
        )
        if not logged.exists():
            unaudited.append(f"{route.name} {url}")
    assert checked > 30
    assert unaudited == []


def test_a_search_result_is_audited_and_a_miss_is_not(client, world):
    client.force_login(world.users["outsider"])
    client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})
    assert AuditEvent.objects.filter(
        user=world.users["outsider"], action=AuditAction.READ, person_id=world.person.pk, summary="person_search"
    ).exists()
    client.post(reverse("people:search"), {"personal_identity_number": "20170101-2393"})
    assert AuditEvent.objects.filter(user=world.users["outsider"], summary="person_search").count() == 1
