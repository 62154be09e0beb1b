"""Writes in steps 1-3 of the SIP process and closure. Each service runs in one transaction, checks
the acting user's permission first (cases.policies), validates, saves and writes its audit event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import (
    STEP_ORDER,
    CaseActor,
    CaseStep,
    CloseReason,
    Consent,
    ConsentDecision,
    ConsentGiver,
    ConsentStatus,
    CoordinationCase,
    DischargeNotice,
    Preparation,
    Step,
)
from samordna.cases.policies import (
    acting_unit_ids,
    case_unit_ids,
    ensure_can_act,
    ensure_can_document,
    ensure_can_name_protected_identity_viewers,
    units_seeing_case,
    valid_consent,
)
from samordna.common import clock
from samordna.organizations.models import ProtectedIdentityHandling, Unit, WithdrawnDocumentation
from samordna.organizations.selectors import routine_profile_for_principal
from samordna.people.models import Person, ProtectedIdentityViewer

NOT_MEMBER_OF_UNIT = _("Du kan bara starta ärenden för en enhet där du arbetar.")
NEED_IN_FUTURE = _("Datumet kan inte ligga i framtiden.")
CONVENER_NOT_OUTPATIENT = _(
    "Vid utskrivning är samordningsansvarig den enskildes fasta vårdkontakt i regionens öppenvård."
)
WARD_NOT_INPATIENT = _("Välj den slutenvårdsavdelning som skickade meddelandet.")
CONSENT_TOO_LONG = _("Samtycket kan gälla högst %(days)s dagar enligt rutinen (till och med %(last)s).")
CONSENT_ENDS_BEFORE_START = _("Slutdatum kan inte vara före startdatum.")
MINOR_NEEDS_GUARDIAN = _("För ett barn lämnas samtycket av vårdnadshavare. Välj minst en vårdnadshavare.")
GUARDIAN_NOT_OF_PERSON = _("Vårdnadshavaren hör inte till den här personen.")
REPRESENTATIVE_REQUIRED = _("Välj vilken företrädare som lämnade samtycket.")
CONSENT_NEEDS_UNITS = _("Ange vilka enheter samtycket omfattar.")
UNIT_NOT_COVERED = _(
    "Enheten omfattas inte av samtycket. Registrera ett nytt samtycke som omfattar enheten innan den läggs till."
)
UNIT_ALREADY_ACTOR = _("Enheten är redan aktör i ärendet.")
CONVENER_UNIT_CANNOT_LEAVE = _("Samordningsansvarigs enhet kan inte lämna ärendet; avsluta ärendet i stället.")
CONSENT_NOT_ACTIVE = _("Samtycket gäller inte och kan inte återkallas.")
ACTOR_ALREADY_LEFT = _("Enheten har redan lämnat ärendet.")
LEFT_ON_WITHDRAWAL = _("Samtycket återkallades.")
ASSESSMENT_NOT_NEEDED = _("Bedömning behövs bara när initiativtagaren inte är personal.")
PROTECTED_IDENTITY_PAPER_ONLY = _(
    "Personen har skyddade personuppgifter och enligt rutinen hanteras sådana ärenden bara på papper, inte i "
    "Samordna. Skriv ut pappersunderlaget (samtyckesblankett, kallelse och planmall) och arbeta vidare med det."
)
NOT_PROTECTED = _("Personen har inga skyddade personuppgifter; alla med tillgång till ärendet ser namn och adress.")
VIEWER_NOT_IN_CASE = _("Välj en medarbetare på en enhet som har tillgång till ärendet.")
VIEWER_ALREADY_NAMED = _("Medarbetaren är redan utsedd.")
VIEWER_ALREADY_REVOKED = _("Behörigheten är redan återkallad.")


def case_reach_step(case: CoordinationCase, step: Step, by) -> None:
    """Move the case forward to `step` (never backwards) and note it on the time line."""
    CaseStep.objects.get_or_create(case=case, step=step, defaults={"reached_at": clock.now(), "by": by})
    if STEP_ORDER.index(step) > STEP_ORDER.index(case.status):
        case.status = step
        case.save(update_fields=["status", "updated_at"])


def _audit(by, action: AuditAction, obj, case: CoordinationCase, summary: str) -> None:
    audit_record(user=by, action=action, obj=obj, person_id=case.person_id, summary=summary)


def is_paper_only(unit: Unit) -> bool:
    """Whether the routine profile of the unit's principal keeps protected identities out of the system."""
    profile = routine_profile_for_principal(unit.principal)
    return profile.protected_identity_handling == ProtectedIdentityHandling.PAPER_ONLY


@transaction.atomic
def case_start(
    *,
    by,
    person: Person,
    unit: Unit,
    initiator_kind: str,
    need_noticed_on: datetime.date,
    initiator_text: str = "",
    need_description: str = "",
    level: str = "",
    assessment: str = "",
    assessment_note: str = "",
    discharge_ward: Unit | None = None,
    discharge_sent_at: datetime.datetime | None = None,
    expected_discharge_on: datetime.date | None = None,
    convener=None,
) -> CoordinationCase:
    """Open a case for `person` with `unit` as the convener's unit. The starting user is the convener, except
    at discharge: the convener is then the person's fixed care contact in regional outpatient care (lag
    2017:612), and the case may be opened by that unit or by the inpatient ward that sent the notice, which
    then takes part as an actor."""
    by_units = case_unit_ids(by)
    is_discharge = discharge_ward is not None
    started_by_ward = is_discharge and discharge_ward.pk in by_units and unit.pk not in by_units
    if unit.pk not in by_units and not started_by_ward:
        raise PermissionDenied(NOT_MEMBER_OF_UNIT)
    if need_noticed_on > clock.today():
        raise ValidationError({"need_noticed_on": NEED_IN_FUTURE})
    if person.protected_identity and is_paper_only(unit):
        raise ValidationError(PROTECTED_IDENTITY_PAPER_ONLY, code="protected_identity_paper_only")
    convener = convener or by
    if is_discharge:
        if not discharge_ward.is_inpatient_ward:
            raise ValidationError({"discharge_ward": WARD_NOT_INPATIENT})
        if not unit.is_regional_outpatient_care or unit.pk not in case_unit_ids(convener):
            raise ValidationError({"unit": CONVENER_NOT_OUTPATIENT})
    elif convener != by:
        raise PermissionDenied(NOT_MEMBER_OF_UNIT)
    case = CoordinationCase(
        person=person,
        routine_profile=routine_profile_for_principal(unit.principal),
        initiator_kind=initiator_kind,
        initiator_text=initiator_text,
        need_noticed_on=need_noticed_on,
        need_description=need_description,
        level=level,
        assessment=assessment if assessment else "",
        assessment_note=assessment_note,
        convener=convener,
        convener_unit=unit,
    )
    if not case.needs_assessment:
        case.assessment, case.assessment_note = "", ""
    case.full_clean()
    case.save()
    CaseActor.objects.create(case=case, unit=unit, contact=convener, joined_at=clock.now())
    CaseStep.objects.create(case=case, step=Step.NEED, reached_at=clock.now(), by=by)
    if started_by_ward:
        CaseActor.objects.create(case=case, unit=discharge_ward, contact=by, joined_at=clock.now())
    if is_discharge:
        notice = DischargeNotice(
            case=case,
            ward=discharge_ward,
            sent_at=discharge_sent_at,
            expected_discharge_on=expected_discharge_on,
        )
        notice.full_clean()
        notice.save()
    _audit(by, AuditAction.CREATE, case, case, "case_start")
    return case


@transaction.atomic
def case_record_assessment(*, case: CoordinationCase, by, assessment: str, note: str) -> CoordinationCase:
    """The receiving unit's assessment of whether a SIP process starts, when the initiator is not staff."""
    ensure_can_act(by, case)
    if not case.needs_assessment:
        raise ValidationError(ASSESSMENT_NOT_NEEDED)
    case.assessment, case.assessment_note = assessment, note
    case.full_clean()
    case.save(update_fields=["assessment", "assessment_note", "updated_at"])
    _audit(by, AuditAction.UPDATE, case, case, "case_record_assessment")
    return case


def consent_latest_valid_to(case: CoordinationCase, valid_from: datetime.date) -> datetime.date:
    """The last day a consent starting `valid_from` may be valid under the case's routine profile."""
    return valid_from + datetime.timedelta(days=case.routine_profile.consent_max_validity_days - 1)


def consent_default_valid_to(case: CoordinationCase, valid_from: datetime.date) -> datetime.date:
    return valid_from + datetime.timedelta(days=case.routine_profile.consent_default_validity_days - 1)


def _validate_consent_giver(case: CoordinationCase, given_by: str, guardians, representative, valid_from) -> None:
    person = case.person
    if given_by == ConsentGiver.GUARDIANS or (person.is_minor(valid_from) and given_by == ConsentGiver.INDIVIDUAL):
        if person.is_minor(valid_from) and not guardians:
            raise ValidationError({"guardians": MINOR_NEEDS_GUARDIAN})
        if any(guardian.person_id != person.pk for guardian in guardians):
            raise ValidationError({"guardians": GUARDIAN_NOT_OF_PERSON})
        if not guardians:
            raise ValidationError({"guardians": MINOR_NEEDS_GUARDIAN})
    if given_by == ConsentGiver.REPRESENTATIVE and (representative is None or representative.person_id != person.pk):
        raise ValidationError({"representative": REPRESENTATIVE_REQUIRED})


@transaction.atomic
def consent_record(
    *,
    case: CoordinationCase,
    by,
    decision: str,
    given_by: str,
    form: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    units=(),
    guardians=(),
    representative=None,
    related_persons=(),
    information_scope: str = "",
    exclusions: str = "",
    child_view: str = "",
    scan=None,
) -> Consent:
    """Record a consent (or a refusal). A new consent replaces the one in force, so scope changes are new
    records and the history stays. The period may not exceed the routine profile's maximum."""
    ensure_can_act(by, case)
    guardians, units, related_persons = list(guardians), list(units), list(related_persons)
    _validate_consent_giver(case, given_by, guardians, representative, valid_from)
    if decision == ConsentDecision.GIVEN:
        if not units:
            raise ValidationError({"units": CONSENT_NEEDS_UNITS})
        valid_to = valid_to or consent_default_valid_to(case, valid_from)
        if valid_to < valid_from:
            raise ValidationError({"valid_to": CONSENT_ENDS_BEFORE_START})
        latest = consent_latest_valid_to(case, valid_from)
        if valid_to > latest:
            raise ValidationError(
                {
                    "valid_to": CONSENT_TOO_LONG
                    % {"days": case.routine_profile.consent_max_validity_days, "last": latest}
                }
            )
        status = ConsentStatus.ACTIVE
    else:
        valid_to = valid_from
        status = ConsentStatus.REFUSED
    if status == ConsentStatus.ACTIVE:
        case.consents.filter(status=ConsentStatus.ACTIVE).update(
            status=ConsentStatus.SUPERSEDED, updated_at=clock.now()
        )
    consent = Consent(
        case=case,
        status=status,
        decision=decision,
        given_by=given_by,
        representative=representative if given_by == ConsentGiver.REPRESENTATIVE else None,
        form=form,
        information_scope=information_scope,
        exclusions=exclusions,
        valid_from=valid_from,
        valid_to=valid_to,
        child_view=child_view,
        recorded_by=by,
    )
    if scan:
        consent.scan = scan
    consent.full_clean()
    consent.save()
    consent.guardians.set(guardians if given_by == ConsentGiver.GUARDIANS or case.person.is_minor(valid_from) else [])
    consent.units.set(units)
    consent.related_persons.set(related_persons)
    if status == ConsentStatus.ACTIVE:
        case_reach_step(case, Step.CONSENT, by)
    _audit(by, AuditAction.CREATE, consent, case, f"consent_record:{decision}")
    return consent


def _void_documentation(case: CoordinationCase, by) -> None:
    """Older routines (004) void what was documented when consent is withdrawn; it is kept but struck out."""
    for preparation in Preparation.objects.filter(case=case, voided_at__isnull=True):
        preparation.voided_at = clock.now()
        preparation.save(update_fields=["voided_at", "updated_at"])
        _audit(by, AuditAction.UPDATE, preparation, case, "preparation_void")


@transaction.atomic
def consent_withdraw(*, consent: Consent, by, withdrawn_by_whom: str, withdrawal_form: str, note: str = "") -> Consent:
    """Withdrawal ends the case at once with reason "consent withdrawn". What was documented is kept
    read-only, or voided when the routine profile says so."""
    case = consent.case
    ensure_can_act(by, case)
    if consent.status != ConsentStatus.ACTIVE:
        raise ValidationError(CONSENT_NOT_ACTIVE)
    consent.status = ConsentStatus.WITHDRAWN
    consent.withdrawn_at = clock.now()
    consent.withdrawn_recorded_by = by
    consent.withdrawn_by_whom = withdrawn_by_whom
    consent.withdrawal_form = withdrawal_form
    consent.withdrawal_note = note
    consent.full_clean()
    consent.save()
    _audit(by, AuditAction.UPDATE, consent, case, "consent_withdraw")
    if case.routine_profile.withdrawn_documentation == WithdrawnDocumentation.VOID:
        _void_documentation(case, by)
    # Access for every unit but the convener's ends with the consent (SPEC step 2).
    case.actors.filter(left_at__isnull=True).exclude(unit_id=case.convener_unit_id).update(
        left_at=consent.withdrawn_at, left_note=LEFT_ON_WITHDRAWAL, updated_at=consent.withdrawn_at
    )
    _close(case, by=by, reason=CloseReason.CONSENT_WITHDRAWN, note=note)
    return consent


@transaction.atomic
def case_add_actor(*, case: CoordinationCase, by, unit: Unit, contact=None) -> CaseActor:
    """Add a unit to the case. A unit outside the consent's scope needs a new consent first."""
    ensure_can_document(by, case)
    consent = valid_consent(case)
    if not consent.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": ValidationError(UNIT_NOT_COVERED, code="unit_not_covered")})
    if case.actors.filter(unit=unit, left_at__isnull=True).exists():
        raise ValidationError({"unit": UNIT_ALREADY_ACTOR})
    actor = CaseActor(case=case, unit=unit, contact=contact, joined_at=clock.now())
    actor.full_clean()
    actor.save()
    _audit(by, AuditAction.CREATE, actor, case, "case_add_actor")
    return actor


@transaction.atomic
def case_leave_actor(*, actor: CaseActor, by, note: str = "") -> CaseActor:
    """A unit no longer involved leaves the case without closing it. Staff of that unit, or the convener's
    unit, may record it."""
    case = actor.case
    ensure_can_act(by, case)
    if actor.unit_id not in acting_unit_ids(by, case) and case.convener_unit_id not in case_unit_ids(by):
        raise PermissionDenied
    if actor.unit_id == case.convener_unit_id:
        raise ValidationError(CONVENER_UNIT_CANNOT_LEAVE)
    if not actor.is_active:
        raise ValidationError(ACTOR_ALREADY_LEFT)
    actor.left_at = clock.now()
    actor.left_note = note
    actor.save(update_fields=["left_at", "left_note", "updated_at"])
    _audit(by, AuditAction.UPDATE, actor, case, "case_leave_actor")
    return actor


PREPARATION_FIELDS = {
    "what_matters",
    "purpose",
    "questions",
    "meeting_wishes",
    "interpreter_language",
    "aids",
    "protected_identity_checked",
    "child_voice_form",
    "child_voice",
    "pre_meeting_consented",
}


@transaction.atomic
def preparation_save(
    *, case: CoordinationCase, by, wished_units=(), wished_related_persons=(), **fields
) -> Preparation:
    """Record or update the preparation with the individual; needs consent in force."""
    ensure_can_document(by, case)
    unknown = set(fields) - PREPARATION_FIELDS
    if unknown:
        raise ValueError(f"preparation_save got unknown fields: {sorted(unknown)}")
    preparation, created = Preparation.objects.get_or_create(case=case, defaults={**fields, "updated_by": by})
    if not created:
        for name, value in fields.items():
            setattr(preparation, name, value)
        preparation.updated_by = by
    preparation.full_clean()
    preparation.save()
    preparation.wished_units.set(wished_units)
    preparation.wished_related_persons.set(wished_related_persons)
    case_reach_step(case, Step.PREPARATION, by)
    _audit(by, AuditAction.CREATE if created else AuditAction.UPDATE, preparation, case, "preparation_save")
    return preparation


def _close(case: CoordinationCase, *, by, reason: str, note: str) -> None:
    case.status = Step.CLOSED
    case.closed_at = clock.now()
    case.close_reason = reason
    case.close_note = note
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "close_reason", "close_note", "updated_at"])
    CaseStep.objects.get_or_create(case=case, step=Step.CLOSED, defaults={"reached_at": case.closed_at, "by": by})
    _audit(by, AuditAction.UPDATE, case, case, f"case_close:{reason}")


@transaction.atomic
def case_close(*, case: CoordinationCase, by, reason: str, note: str = "") -> CoordinationCase:
    """Close the case with a reason. Withdrawal of consent closes through consent_withdraw instead."""
    ensure_can_act(by, case)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Välj ett skäl för avslut.")})
    if reason == CloseReason.CONSENT_WITHDRAWN and case.consents.filter(status=ConsentStatus.ACTIVE).exists():
        raise ValidationError({"reason": _("Registrera återkallelsen av samtycket i stället.")})
    _close(case, by=by, reason=reason, note=note)
    return case


LEAD_NEEDS_UNIT = _("Ange både huvudansvarig och huvudansvarigs enhet.")
LEAD_NOT_IN_UNIT = _("Huvudansvarig måste arbeta på den valda enheten.")
LEAD_UNIT_NOT_IN_CASE = _("Huvudansvarigs enhet måste vara aktör i ärendet.")


@transaction.atomic
def case_set_lead(*, case: CoordinationCase, by, lead, lead_unit: Unit | None) -> CoordinationCase:
    """Name the lead (huvudansvarig) who takes over the continued process, with the unit they act for: both or
    neither (the case_lead_has_unit constraint). The unit must take part in the case and the lead work there."""
    ensure_can_act(by, case)
    if (lead is None) != (lead_unit is None):
        raise ValidationError(LEAD_NEEDS_UNIT)
    if lead_unit is not None:
        in_case = {case.convener_unit_id} | set(
            case.actors.filter(left_at__isnull=True).values_list("unit_id", flat=True)
        )
        if lead_unit.pk not in in_case:
            raise ValidationError({"lead_unit": LEAD_UNIT_NOT_IN_CASE})
        if lead_unit.pk not in case_unit_ids(lead):
            raise ValidationError({"lead": LEAD_NOT_IN_UNIT})
    case.lead, case.lead_unit = lead, lead_unit
    case.full_clean()
    case.save(update_fields=["lead", "lead_unit", "updated_at"])
    _audit(by, AuditAction.UPDATE, case, case, "case_set_lead")
    return case


@transaction.atomic
def protected_identity_viewer_add(*, case: CoordinationCase, by, user) -> ProtectedIdentityViewer:
    """Name a staff member who may see the protected person's name, address and phone: only the manager of the
    convener's unit names, and only staff of a unit that has access to the case can be named."""
    ensure_can_name_protected_identity_viewers(by, case)
    person = case.person
    if not person.protected_identity:
        raise ValidationError(NOT_PROTECTED, code="not_protected")
    if not case_unit_ids(user) & units_seeing_case(case):
        raise ValidationError({"user": VIEWER_NOT_IN_CASE})
    if person.protected_identity_viewers.filter(user=user, revoked_at__isnull=True).exists():
        raise ValidationError({"user": VIEWER_ALREADY_NAMED})
    viewer = ProtectedIdentityViewer(person=person, user=user, granted_by=by, granted_at=clock.now())
    viewer.full_clean()
    viewer.save()
    _audit(by, AuditAction.CREATE, viewer, case, f"protected_identity_viewer_add:{user.pk}")
    return viewer


@transaction.atomic
def protected_identity_viewer_revoke(
    *, case: CoordinationCase, by, viewer: ProtectedIdentityViewer
) -> ProtectedIdentityViewer:
    """End a naming; the row is kept with who revoked it and when."""
    ensure_can_name_protected_identity_viewers(by, case)
    if viewer.person_id != case.person_id:
        raise PermissionDenied
    if not viewer.is_active:
        raise ValidationError(VIEWER_ALREADY_REVOKED)
    viewer.revoked_at, viewer.revoked_by = clock.now(), by
    viewer.full_clean()
    viewer.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    _audit(by, AuditAction.UPDATE, viewer, case, f"protected_identity_viewer_revoke:{viewer.user_id}")
    return viewer
