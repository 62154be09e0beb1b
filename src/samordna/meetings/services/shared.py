"""Helpers the meeting services share: audit and change notes, locks, consent coverage, invitations and
participants before they are saved."""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CoordinationCase
from samordna.cases.policies import valid_consent
from samordna.cases.services import case_add_actor, case_leave_actor
from samordna.common import clock
from samordna.meetings.models import (
    OPEN_STATUSES,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingChange,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
)
from samordna.meetings.policies import convening_unit_ids
from samordna.meetings.selectors import consent_covered_unit_ids
from samordna.meetings.services.messages import (
    CIRCLE_PERSON_REQUIRED,
    EXTERNAL_NEEDS_CONTACT,
    EXTERNAL_NEEDS_ORGANISATION,
    LEFT_AS_WRONG_UNIT,
    MEETING_IN_PAST,
    MEETING_NOT_CHANGEABLE,
    ORGANISER_UNIT_NOT_INVITED,
    PARTICIPANT_ALREADY_ADDED,
    PRE_MEETING_PROFESSIONALS_ONLY,
    RELATED_NOT_COVERED,
    UNIT_ALREADY_INVITED,
    UNITS_NOT_COVERED,
)
from samordna.meetings.services.rules import default_is_summoned, invitation_answer_due
from samordna.notifications.models import NotificationKind
from samordna.notifications.services import Target, notify
from samordna.organizations.models import Unit
from samordna.organizations.selectors import unit_staff
from samordna.people.models import Guardian, RelatedPerson, Representative


def audit_meeting(by, action: AuditAction, obj, meeting: Meeting, summary: str) -> None:
    audit_record(user=by, action=action, obj=obj, person_id=meeting.case.person_id, summary=summary)


def note_change(
    meeting: Meeting, kind: str, by, summary, params: Mapping | None = None, *, unit: Unit | None = None
) -> MeetingChange:
    """Note a change after sending, for everyone in the meeting to see. The text is written in the
    installation's language, as any record is."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(summary) % params if params else str(summary)
    return MeetingChange.objects.create(
        meeting=meeting, kind=kind, summary=text[:255], unit=unit, at=clock.now(), by=by
    )


def local_text(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def lock(obj):
    """Re-read `obj` under a row lock, so two requests never change the same meeting or invitation at once."""
    obj.refresh_from_db(from_queryset=type(obj).objects.select_for_update())
    return obj


def ensure_in_future(starts_at: datetime.datetime) -> None:
    if starts_at <= clock.now():
        raise ValidationError({"starts_at": MEETING_IN_PAST})


def ensure_changeable(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.SENT):
        raise ValidationError(MEETING_NOT_CHANGEABLE, code="meeting_not_changeable")


def organiser_unit_id(by, case: CoordinationCase, kind: str) -> int:
    """The unit the meeting is called from: the lead's for a follow-up when the user works there, else the
    convener's, else the lead's."""
    units = convening_unit_ids(by, case)
    order = [case.lead_unit_id, case.convener_unit_id] if kind == MeetingKind.FOLLOW_UP else []
    order += [case.convener_unit_id, case.lead_unit_id]
    return next(unit_id for unit_id in order if unit_id in units)


def ensure_units_covered(case: CoordinationCase, units: Iterable[Unit], field: str = "units") -> None:
    covered = consent_covered_unit_ids(case)
    missing = [unit.name for unit in units if unit.pk not in covered]
    if missing:
        raise ValidationError(
            {field: ValidationError(UNITS_NOT_COVERED % {"units": ", ".join(missing)}, code="unit_not_covered")}
        )


def join_case(case: CoordinationCase, unit: Unit, by) -> bool:
    """Make an invited unit an actor so its staff can open the case; True when it was not one already."""
    if case.actors.filter(unit=unit, left_at__isnull=True).exists():
        return False
    case_add_actor(case=case, by=by, unit=unit)
    return True


def leave_case_if_only_invited(invitation: Invitation, by) -> None:
    """A unit that joined the case only through this invitation, and turned out to be the wrong one, leaves
    the case again: it has no business with the person's data."""
    case = invitation.meeting.case
    if not invitation.joined_case or invitation.unit_id in {case.convener_unit_id, case.lead_unit_id}:
        return
    still_invited = (
        Invitation.objects.filter(meeting__case=case, unit_id=invitation.unit_id, status__in=OPEN_STATUSES)
        .exclude(pk=invitation.pk)
        .exclude(meeting__status=MeetingStatus.WITHDRAWN)
        .exists()
    )
    actor = case.actors.filter(unit_id=invitation.unit_id, left_at__isnull=True).first()
    if actor is not None and not still_invited:
        case_leave_actor(actor=actor, by=by, note=str(LEFT_AS_WRONG_UNIT))


def send_invitation(invitation: Invitation, by) -> Invitation:
    case = invitation.meeting.case
    invitation.status = InvitationStatus.SENT
    invitation.received_at = clock.now()
    invitation.answer_due_on = invitation_answer_due(case, invitation.received_at)
    invitation.joined_case = join_case(case, invitation.unit, by)
    invitation.full_clean()
    invitation.save()
    notify(
        kind=NotificationKind.INVITATION_RECEIVED,
        recipients=unit_staff([invitation.unit_id]),
        target=Target.for_case(case, url=invitation.meeting.get_absolute_url()),
        key=f"invitation:{invitation.pk}",
        by=by,
    )
    return invitation


def new_invitation(meeting: Meeting, unit: Unit, *, is_summoned: bool | None, expected_contribution: str):
    if unit.pk == meeting.organiser_unit_id:
        raise ValidationError({"unit": ORGANISER_UNIT_NOT_INVITED})
    if meeting.invitations.filter(unit=unit, status__in=OPEN_STATUSES).exists():
        raise ValidationError({"unit": UNIT_ALREADY_INVITED})
    return Invitation(
        meeting=meeting,
        unit=unit,
        status=InvitationStatus.DRAFT,
        is_summoned=default_is_summoned(unit) if is_summoned is None else is_summoned,
        expected_contribution=expected_contribution,
    )


def build_participant(
    meeting: Meeting,
    *,
    kind: str,
    guardian: Guardian | None = None,
    representative: Representative | None = None,
    related_person: RelatedPerson | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    postal_address: str = "",
) -> Participant:
    """A validated, unsaved participant. People from the individual's circle are copied with their contact
    details, so the invitation can reach them even if the circle record changes later."""
    if meeting.kind == MeetingKind.PRE_MEETING and kind != ParticipantKind.EXTERNAL:
        raise ValidationError({"kind": PRE_MEETING_PROFESSIONALS_ONLY})
    case = meeting.case
    active = meeting.participants.filter(removed_at__isnull=True)
    participant = Participant(
        meeting=meeting, kind=kind, name=name, organisation=organisation, email=email, phone=phone
    )
    participant.postal_address = postal_address
    circle = {
        ParticipantKind.GUARDIAN: ("guardian", guardian),
        ParticipantKind.REPRESENTATIVE: ("representative", representative),
        ParticipantKind.RELATED: ("related_person", related_person),
    }
    if kind == ParticipantKind.INDIVIDUAL:
        if active.filter(kind=ParticipantKind.INDIVIDUAL).exists():
            raise ValidationError({"kind": PARTICIPANT_ALREADY_ADDED})
        participant.name = participant.organisation = ""
    elif kind in circle:
        field, record = circle[kind]
        if record is None or record.person_id != case.person_id:
            raise ValidationError({field: CIRCLE_PERSON_REQUIRED})
        if active.filter(**{field: record}).exists():
            raise ValidationError({field: PARTICIPANT_ALREADY_ADDED})
        if kind == ParticipantKind.RELATED:
            consent = valid_consent(case)
            if consent is None or not consent.related_persons.filter(pk=record.pk).exists():
                raise ValidationError({field: RELATED_NOT_COVERED})
        setattr(participant, field, record)
        participant.name = record.name
        participant.organisation = ""
        participant.email = email or record.email
        participant.phone = phone or record.phone
        participant.postal_address = postal_address or record.address
    elif kind == ParticipantKind.EXTERNAL:
        errors = {}
        if not organisation.strip():
            errors["organisation"] = EXTERNAL_NEEDS_ORGANISATION
        if not (email.strip() or phone.strip() or postal_address.strip()):
            errors["phone"] = EXTERNAL_NEEDS_CONTACT
        if errors:
            raise ValidationError(errors)
    participant.full_clean()
    return participant


def add_circle_participants(meeting: Meeting, *, include_individual, guardians, representatives, related_persons):
    wanted = []
    if include_individual:
        wanted.append({"kind": ParticipantKind.INDIVIDUAL})
    wanted += [{"kind": ParticipantKind.GUARDIAN, "guardian": guardian} for guardian in guardians]
    wanted += [{"kind": ParticipantKind.REPRESENTATIVE, "representative": rep} for rep in representatives]
    wanted += [{"kind": ParticipantKind.RELATED, "related_person": person} for person in related_persons]
    for fields in wanted:
        build_participant(meeting, **fields).save()
