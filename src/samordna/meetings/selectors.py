"""Reads about meetings and invitations, shaped so each page costs a fixed number of queries.

For the pages above this app (the case page, the overview, deadlines): `meetings_for_case`,
`invitations_awaiting_answer` and `invitations_overdue`.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.accounts.models import User
from samordna.cases.models import Consent, ConsentGiver, CoordinationCase
from samordna.cases.policies import case_unit_ids, valid_consent, visible_cases
from samordna.common import clock
from samordna.meetings.models import (
    OPEN_STATUSES,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingChange,
    MeetingStatus,
    Participant,
)
from samordna.meetings.policies import visible_meetings
from samordna.organizations.models import ContactRoute, Role, Unit
from samordna.organizations.selectors import active_units


def meetings_for_case(case: CoordinationCase) -> QuerySet[Meeting]:
    """The case's meetings, earliest first, with their organiser and invitations (unit and status) loaded:
    enough for a list on the case page in a fixed number of queries."""
    return (
        Meeting.objects.filter(case=case)
        .select_related("organiser", "organiser_unit")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("unit").order_by("unit__name", "id"))
        )
        .order_by("starts_at", "id")
    )


def meeting_for_page(user, case_pk, pk) -> Meeting:
    """One meeting with everything its page shows; 404 when the user may not see the case."""
    meeting = (
        visible_meetings(user)
        .filter(case_id=case_pk, pk=pk)
        .select_related(
            "case__person",
            "case__routine_profile",
            "case__convener",
            "case__convener_unit",
            "case__lead_unit",
            "case__discharge_notice",
            "organiser",
            "organiser_unit__principal",
            "chair",
            "secretary",
        )
        .prefetch_related(
            "organiser_unit__contact_routes",
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("unit__principal", "answered_by", "forwarded_to__unit")
                .prefetch_related("attendees", "unit__contact_routes")
                .order_by("unit__name", "id"),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(removed_at__isnull=True).order_by("kind", "name", "id"),
            ),
            Prefetch("changes", queryset=MeetingChange.objects.select_related("by", "unit").order_by("at", "id")),
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def invitations_awaiting_answer(user) -> QuerySet[Invitation]:
    """Sent invitations to the user's units that nobody has answered yet, the earliest due first (for the
    overview). Each row carries its meeting, case and person, so a list costs one query."""
    return (
        Invitation.objects.filter(
            unit_id__in=case_unit_ids(user),
            status=InvitationStatus.SENT,
            meeting__status=MeetingStatus.SENT,
            meeting__case__in=visible_cases(user).exclude(status="closed"),
        )
        .select_related("unit", "meeting__case__person", "meeting__organiser_unit")
        .order_by("answer_due_on", "meeting__starts_at", "id")
    )


def invitations_overdue(user) -> QuerySet[Invitation]:
    """Unanswered invitations past their due date that concern the user: those to the user's units (their
    manager distributes them) and those the user's units sent as convener or lead."""
    unit_ids = case_unit_ids(user)
    return (
        Invitation.objects.filter(
            Q(unit_id__in=unit_ids) | Q(meeting__organiser_unit_id__in=unit_ids),
            status=InvitationStatus.SENT,
            answer_due_on__lt=clock.today(),
            meeting__status=MeetingStatus.SENT,
            meeting__case__in=visible_cases(user).exclude(status="closed"),
        )
        .select_related("unit", "meeting__case__person", "meeting__organiser_unit")
        .order_by("answer_due_on", "id")
    )


def directory_units() -> QuerySet[Unit]:
    """The contact directory (kontaktvägar): active units with their published contact routes."""
    return active_units().prefetch_related(
        Prefetch("contact_routes", queryset=ContactRoute.objects.order_by("label", "id"))
    )


def forward_targets(invitation: Invitation) -> QuerySet[Unit]:
    """Units of the invited unit's own principal that the invitation may be forwarded to."""
    return (
        active_units()
        .filter(principal_id=invitation.unit.principal_id)
        .exclude(pk__in=[invitation.unit_id, invitation.meeting.organiser_unit_id])
    )


def unit_staff(unit_ids) -> QuerySet[User]:
    """Active staff and managers of the given units, with their units loaded for the labels."""
    return (
        User.objects.filter(
            is_active=True, memberships__unit_id__in=list(unit_ids), memberships__role__in=(Role.STAFF, Role.MANAGER)
        )
        .distinct()
        .prefetch_related("memberships__unit")
        .order_by("last_name", "first_name", "id")
    )


def meeting_unit_ids(meeting: Meeting) -> set[int]:
    """The units taking part in the meeting: the organiser's and every unit whose invitation still stands."""
    invited = meeting.invitations.filter(status__in=OPEN_STATUSES).values_list("unit_id", flat=True)
    return {meeting.organiser_unit_id, *invited}


def consent_covered_unit_ids(case: CoordinationCase) -> set[int]:
    """The units the consent in force covers (none without a consent in force)."""
    consent = valid_consent(case)
    return set(consent.units.values_list("pk", flat=True)) if consent else set()


def consent_summary_text(consent: Consent | None) -> str:
    """The consent's content as it is written into an invitation: who gave it, the units it covers, what may
    and may not be shared, and its period."""
    if consent is None:
        return ""
    lines = [
        _("Samtycke lämnat av %(giver)s (%(form)s), gäller %(start)s – %(end)s.")
        % {
            "giver": consent.get_given_by_display().lower()
            if consent.given_by != ConsentGiver.REPRESENTATIVE
            else str(consent.representative or consent.get_given_by_display()),
            "form": consent.get_form_display().lower(),
            "start": consent.valid_from.isoformat(),
            "end": consent.valid_to.isoformat(),
        },
        _("Omfattar: %(units)s.") % {"units": ", ".join(unit.name for unit in consent.units.all())},
    ]
    related = [str(person) for person in consent.related_persons.all()]
    if related:
        lines.append(_("Närstående som omfattas: %(persons)s.") % {"persons": ", ".join(related)})
    if consent.information_scope:
        lines.append(_("Får delas: %(scope)s") % {"scope": consent.information_scope})
    if consent.exclusions:
        lines.append(_("Får INTE delas: %(exclusions)s") % {"exclusions": consent.exclusions})
    return "\n".join(lines)
