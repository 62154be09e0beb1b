"""The unit manager's distribution of work: naming the unit's contact person (CaseActor.contact) in a case,
for an incoming invitation or a case that has no named contact yet. The assignee is told in the app."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CaseActor
from samordna.cases.policies import CASE_CLOSED
from samordna.notifications.services import Target, notify_assigned
from samordna.organizations.models import Membership, Role
from samordna.organizations.selectors import user_unit_ids

NOT_UNIT_MANAGER = _("Bara enhetschefen för enheten kan fördela ärenden till enhetens medarbetare.")
ASSIGNEE_NOT_IN_UNIT = _("Välj en medarbetare på enheten.")
ACTOR_HAS_LEFT = _("Enheten deltar inte längre i ärendet.")


def managed_unit_ids(user) -> set[int]:
    """The units where the user is manager (enhetschef): the units whose incoming work they distribute."""
    return user_unit_ids(user, roles=(Role.MANAGER,))


def can_assign(user, actor: CaseActor) -> bool:
    return actor.unit_id in managed_unit_ids(user)


def ensure_can_assign(user, actor: CaseActor) -> None:
    """Only a manager of the actor's unit distributes its work, and only in an open case the unit is still in."""
    if not can_assign(user, actor):
        raise PermissionDenied(NOT_UNIT_MANAGER)
    if actor.case.is_closed:
        raise ValidationError(CASE_CLOSED, code="case_closed")
    if not actor.is_active:
        raise ValidationError(ACTOR_HAS_LEFT, code="actor_left")


@transaction.atomic
def case_actor_assign(*, actor: CaseActor, by, assignee) -> CaseActor:
    """Name `assignee`, staff or manager of the actor's unit, as the unit's contact person in the case. The
    assignee is notified once the change is committed."""
    actor = CaseActor.objects.select_for_update().select_related("case").get(pk=actor.pk)
    ensure_can_assign(by, actor)
    in_unit = Membership.objects.filter(
        user=assignee, unit_id=actor.unit_id, role__in=(Role.STAFF, Role.MANAGER), user__is_active=True
    ).exists()
    if not in_unit:
        raise ValidationError({"assignee": ASSIGNEE_NOT_IN_UNIT})
    actor.contact = assignee
    actor.full_clean()
    actor.save(update_fields=["contact", "updated_at"])
    audit_record(
        user=by,
        action=AuditAction.UPDATE,
        obj=actor,
        person_id=actor.case.person_id,
        summary=f"case_actor_assign:{assignee.pk}",
    )
    notify_assigned(
        assignee=assignee,
        target=Target.for_case(actor.case),
        key=f"case_actor_assign:{actor.pk}:{assignee.pk}",
        by=by,
    )
    return actor
