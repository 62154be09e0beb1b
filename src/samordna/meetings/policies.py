"""Who may see and act on a meeting. A meeting is seen by whoever may see its case (cases.policies); it is
called and changed by staff of the convener's or the lead's unit, and an invitation is answered only by
staff of the invited unit."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.cases.policies import case_unit_ids, ensure_can_document, visible_cases
from samordna.meetings.models import Invitation, Meeting

NOT_CONVENER = _("Bara samordningsansvarigs eller huvudansvarigs enhet kan kalla till och ändra möten.")
NOT_INVITED_UNIT = _("Bara personal på den kallade enheten kan svara på kallelsen.")


def convening_unit_ids(user, case: CoordinationCase) -> set[int]:
    """The user's units that may call meetings in the case: the convener's and the lead's."""
    return case_unit_ids(user) & {case.convener_unit_id, case.lead_unit_id}


def can_convene(user, case: CoordinationCase) -> bool:
    return bool(convening_unit_ids(user, case)) and not case.is_closed


def ensure_can_convene(user, case: CoordinationCase) -> None:
    """Calling, changing and recording meetings: the convener's or lead's unit, with consent in force."""
    if not convening_unit_ids(user, case):
        raise PermissionDenied(NOT_CONVENER)
    ensure_can_document(user, case)


def can_answer(user, invitation: Invitation) -> bool:
    return invitation.unit_id in case_unit_ids(user) and invitation.is_answerable


def ensure_can_answer(user, invitation: Invitation) -> None:
    """Only staff (or the manager) of the invited unit answer for it, with consent in force."""
    if invitation.unit_id not in case_unit_ids(user):
        raise PermissionDenied(NOT_INVITED_UNIT)
    ensure_can_document(user, invitation.meeting.case)


def visible_meetings(user) -> QuerySet[Meeting]:
    """Every meeting the user may open: the meetings of the cases they may see."""
    return Meeting.objects.filter(case__in=visible_cases(user))


def get_visible_meeting(user, case_pk, pk) -> Meeting:
    """The meeting `pk` of case `case_pk`, or 404 when either does not exist or the user may not see the case."""
    meeting = visible_meetings(user).filter(case_id=case_pk, pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting
