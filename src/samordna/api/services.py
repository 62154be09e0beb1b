"""Creating and revoking API tokens: local administrators, for units of their own principal."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from samordna.api.models import ApiToken, TokenScope, token_hash
from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.common import clock
from samordna.organizations.models import Membership, Role, Unit
from samordna.organizations.selectors import administered_principal_ids

TOKEN_PREFIX = "smd_"  # noqa: S105 - a public marker that makes leaked tokens easy to scan for, not a secret


def ensure_can_manage_tokens(by, unit: Unit) -> None:
    if unit.principal_id not in administered_principal_ids(by):
        raise PermissionDenied


@transaction.atomic
def api_token_create(*, by, unit: Unit, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
    """A new token and its plaintext, which is shown once and never stored. The token acts through a service
    account that is staff of `unit` and nothing else, so every access rule for people applies to it."""
    ensure_can_manage_tokens(by, unit)
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    account = get_user_model().objects.create_user(
        username=f"api-{prefix}", password=None, first_name=name[:150], last_name=f"({unit.name})"[:150]
    )
    Membership.objects.create(user=account, unit=unit, role=Role.STAFF)
    token = ApiToken(name=name, unit=unit, scope=scope, account=account, prefix=prefix, key_hash=token_hash(plaintext))
    token.created_by = by
    token.full_clean()
    token.save()
    audit_record(user=by, action=AuditAction.CREATE, obj=token, summary=f"api_token_create:{scope}")
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, by, token: ApiToken) -> ApiToken:
    """Revoking ends the token at once and closes its service account."""
    ensure_can_manage_tokens(by, token.unit)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = clock.now(), by
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        token.account.is_active = False
        token.account.save(update_fields=["is_active"])
        audit_record(user=by, action=AuditAction.UPDATE, obj=token, summary="api_token_revoke")
    return token
