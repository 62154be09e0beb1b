"""Local administrators manage their principal's API tokens; nobody else even sees the page."""

import pytest
from django.urls import reverse

from samordna.api.models import ApiToken, TokenScope
from samordna.audit.models import AuditAction, AuditEvent


def test_a_local_admin_creates_a_token_and_sees_it_once(client, admin, school_unit):
    client.force_login(admin)

    response = client.post(
        reverse("api:tokens"), {"name": "Elevhälsans journal", "unit": school_unit.pk, "scope": "write"}
    )

    token = ApiToken.objects.get()
    assert response.status_code == 200
    assert f"smd_{token.prefix}_" in response.content.decode()
    assert token.scope == TokenScope.WRITE and token.account.memberships.get().unit == school_unit
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary__startswith="api_token_create").exists()
    listing = client.get(reverse("api:tokens")).content.decode()
    assert f"smd_{token.prefix}_" not in listing


def test_a_unit_of_another_principal_cannot_be_chosen(client, admin, bup_unit):
    client.force_login(admin)

    response = client.post(reverse("api:tokens"), {"name": "X", "unit": bup_unit.pk, "scope": "read"})

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "unit" in response.context["form"].errors


def test_revoking_asks_first_then_ends_the_token(client, admin, school_unit):
    client.force_login(admin)
    client.post(reverse("api:tokens"), {"name": "System", "unit": school_unit.pk, "scope": "read"})
    token = ApiToken.objects.get()
    url = reverse("api:token_revoke", args=[token.pk])

    assert "Det går inte att ångra" in client.get(url).content.decode()
    client.post(url)

    token.refresh_from_db()
    assert token.revoked_at is not None and not token.account.is_active


@pytest.mark.parametrize("persona", ["convener", "actor_staff", "outsider", "manager"])
def test_people_who_are_not_local_admins_get_404(client, request, persona, admin, school_unit):
    client.force_login(admin)
    client.post(reverse("api:tokens"), {"name": "System", "unit": school_unit.pk, "scope": "read"})
    token = ApiToken.objects.get()
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("api:tokens")).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("api:tokens"))

    assert response.status_code == 302 and "/logga-in/" in response["Location"]
