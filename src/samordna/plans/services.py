"""Writes for the plan, SPEC steps 6-9: versions made at a meeting, their goals, interventions, contact persons
and lead, each principal's sign-off and the individual's agreement, status reports and events while the
interventions run, a new version at follow-up, and closure.

Each service runs in one transaction, checks the acting user's permission first (cases.policies), refuses to
touch an approved or superseded version (`PlanVersionLocked`), validates, saves and writes its audit event.

Sign-off. A version is a draft until someone signs off; then it is partly approved until every principal
with interventions has approved its part and the individual's agreement is recorded, which approves it. A
change to the content of a partly approved version withdraws the sign-offs given so far (they were given to
other content) and returns it to draft.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.models import CloseReason, CoordinationCase, Step
from samordna.cases.policies import acting_unit_ids, case_unit_ids, ensure_can_document
from samordna.cases.selectors import case_staff_to_tell
from samordna.cases.services import case_close, case_reach_step, case_set_lead
from samordna.common import clock
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus
from samordna.meetings.policies import ensure_can_convene
from samordna.notifications.models import NotificationKind
from samordna.notifications.services import Target, notify
from samordna.organizations.models import Principal, Unit
from samordna.organizations.selectors import unit_staff
from samordna.plans.models import (
    ContactPerson,
    Goal,
    GoalAchievement,
    Intervention,
    InterventionStatusUpdate,
    LeadDecision,
    Plan,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    PlanVersionLocked,
    PrincipalApproval,
)
from samordna.plans.policies import case_unit_set, ensure_is_lead

PLAN_EXISTS = _("Ärendet har redan en plan. En ny version görs vid uppföljning.")
MEETING_OTHER_CASE = _("Mötet hör till ett annat ärende.")
MEETING_CANNOT_HOLD_PLAN = _("En plan görs vid ett genomfört SIP- eller uppföljningsmöte, inte vid ett förmöte.")
MEETING_HAS_VERSION = _("Det finns redan en planversion från det här mötet.")
REVISE_NEEDS_FOLLOW_UP = _("En ny version görs vid ett genomfört uppföljningsmöte.")
REVISE_ONLY_APPROVED = _("En ny version kan bara göras från den gällande, godkända versionen.")
UNIT_NOT_IN_CASE = _("Enheten måste vara aktör i ärendet.")
USER_NOT_IN_UNIT = _("Personen arbetar inte på den valda enheten.")
GOAL_HAS_SUBGOALS = _("Ett mål som har delmål kan inte själv bli delmål.")
LEAD_REQUIRED = _("Utse huvudansvarig innan planen godkänns.")
LEAD_CHANGE_NOTE_REQUIRED = _("Skriv varför huvudansvarig byts.")
PRINCIPAL_HAS_NO_INTERVENTIONS = _("Huvudmannen har inga insatser i planen att godkänna.")
NOT_STAFF_OF_PRINCIPAL = _("Du kan bara godkänna för en huvudman vars enhet du arbetar på i ärendet.")
ALREADY_APPROVED = _("Huvudmannen har redan godkänt sin del av planen.")
SIGNED_BEFORE_MEETING = _("Planen kan inte ha undertecknats före mötet där den gjordes.")
SIGNER_REQUIRED = _("Skriv vem som undertecknade för huvudmannen.")
DATE_IN_FUTURE = _("Datumet kan inte ligga i framtiden.")
STATUS_ONLY_WHEN_APPROVED = _(
    "Status rapporteras på insatser i en godkänd plan. I ett utkast ändras statusen när insatsen redigeras."
)
NOT_PERFORMING_UNIT = _("Bara den enhet som utför insatsen kan ändra dess status.")
NO_PLAN = _("Det finns ingen plan i ärendet än.")
CHOOSE_UNIT = _("Välj vilken enhet du rapporterar för.")
EVENT_ALREADY_DECIDED = _("Händelsen är redan hanterad.")
CLOSE_NEEDS_FOLLOW_UP = _("Ärendet avslutas vid eller efter ett genomfört uppföljningsmöte.")
CLOSE_NOTE_REQUIRED = _("Skriv vart den enskilde kan vända sig om behovet kommer tillbaka.")

VERSION_FIELDS = {*PlanVersion.SECTION_FIELDS, "follow_up_on", "follow_up_time", "follow_up_place"}
GOAL_FIELDS = {"text", "parent", "position", "achievement_status", "evaluation", "evaluation_note"}
INTERVENTION_FIELDS = {
    "what",
    "unit",
    "goal",
    "start_on",
    "frequency",
    "place",
    "coordination",
    "status",
    "pending_decision",
    "meanwhile",
    "position",
    "delivered_as_planned",
    "effect",
    "evaluation_decision",
    "evaluation_note",
}
# What a follow-up copies of each intervention: everything but its evaluation, which starts empty.
INTERVENTION_COPY_FIELDS = (
    "what",
    "unit_id",
    "start_on",
    "frequency",
    "place",
    "coordination",
    "pending_decision",
    "meanwhile",
    "position",
)


def _audit(by, action: AuditAction, obj, case: CoordinationCase, summary: str) -> None:
    audit_record(user=by, action=action, obj=obj, person_id=case.person_id, summary=summary)


def _only(fields: dict, allowed: set[str], service: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"{service} got unknown fields: {sorted(unknown)}")


def _lock(version: PlanVersion) -> PlanVersion:
    """The version's row (and its case) read afresh and locked for this transaction, so a sign-off and an edit
    cannot cross and no decision rests on a stale status."""
    return PlanVersion.objects.select_for_update(of=("self",)).select_related("plan__case").get(pk=version.pk)


def _withdraw_sign_offs(version: PlanVersion, by, case: CoordinationCase) -> None:
    """Content changed after sign-offs began: they no longer cover what the version says."""
    if version.status != PlanStatus.PARTLY_APPROVED:
        return
    version.approvals.all().delete()
    version.status = PlanStatus.DRAFT
    version.individual_agreement = ""
    version.individual_agreed_on = None
    version.individual_agreement_note = ""
    version.individual_agreement_recorded_by = None
    version.save(
        update_fields=[
            "status",
            "individual_agreement",
            "individual_agreed_on",
            "individual_agreement_note",
            "individual_agreement_recorded_by",
            "updated_at",
        ]
    )
    _audit(by, AuditAction.UPDATE, version, case, "plan_sign_offs_withdrawn")


def _begin_content_change(version: PlanVersion, by) -> tuple[PlanVersion, CoordinationCase]:
    """The start of every content edit: the version's row freshly read and locked, the permission on its case,
    refusal when approved or superseded, and withdrawal of sign-offs given so far."""
    fresh = _lock(version)
    case = fresh.plan.case
    ensure_can_document(by, case)
    if fresh.is_locked:
        raise PlanVersionLocked()
    _withdraw_sign_offs(fresh, by, case)
    return fresh, case


def _ensure_unit_in_case(case: CoordinationCase, unit: Unit, field: str = "unit") -> None:
    if unit.pk not in case_unit_set(case):
        raise ValidationError({field: UNIT_NOT_IN_CASE})


def _check_meeting(case: CoordinationCase, meeting: Meeting) -> None:
    if meeting.case_id != case.pk:
        raise ValidationError({"meeting": MEETING_OTHER_CASE})
    if PlanVersion.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": MEETING_HAS_VERSION})


@transaction.atomic
def plan_version_create(*, case: CoordinationCase, by, meeting: Meeting, **fields) -> PlanVersion:
    """The first version of the plan, a draft made at a held SIP meeting. The lead named on the case (if any)
    is named in the version too."""
    ensure_can_document(by, case)
    _only(fields, VERSION_FIELDS, "plan_version_create")
    _check_meeting(case, meeting)
    if not meeting.can_hold_plan:
        raise ValidationError({"meeting": MEETING_CANNOT_HOLD_PLAN})
    plan, _created = Plan.objects.get_or_create(case=case)
    if plan.versions.exists():
        raise ValidationError(PLAN_EXISTS)
    version = PlanVersion(
        plan=plan,
        number=1,
        meeting=meeting,
        status=PlanStatus.DRAFT,
        lead_id=case.lead_id,
        lead_unit_id=case.lead_unit_id,
        created_by=by,
        **fields,
    )
    version.full_clean()
    version.save()
    case_reach_step(case, Step.PLAN, by)
    _audit(by, AuditAction.CREATE, version, case, "plan_version_create")
    return version


@transaction.atomic
def plan_version_update(*, version: PlanVersion, by, **fields) -> PlanVersion:
    """Edit the text sections and the follow-up of a version that is not yet approved."""
    _only(fields, VERSION_FIELDS, "plan_version_update")
    version, case = _begin_content_change(version, by)
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    version.save()
    _audit(by, AuditAction.UPDATE, version, case, "plan_version_update")
    return version


@transaction.atomic
def goal_add(*, version: PlanVersion, by, text: str, parent: Goal | None = None, **fields) -> Goal:
    """Add a goal, or a sub-goal under `parent`, at the end of the version's goals."""
    _only(fields, GOAL_FIELDS - {"text", "parent"}, "goal_add")
    version, case = _begin_content_change(version, by)
    fields.setdefault("position", (version.goals.aggregate(last=Max("position"))["last"] or 0) + 1)
    goal = Goal(version=version, text=text, parent=parent, **fields)
    goal.full_clean()
    goal.save()
    _audit(by, AuditAction.CREATE, goal, case, "goal_add")
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by, **fields) -> Goal:
    """Change a goal's text, place, achievement or (at a follow-up) its evaluation. At a follow-up, a goal carried
    from the version before gets its achievement recorded (FHIR goal-achievement code and when)."""
    _only(fields, GOAL_FIELDS, "goal_update")
    version, case = _begin_content_change(goal.version, by)
    for name, value in fields.items():
        setattr(goal, name, value)
    if "achievement_status" in fields and version.replaces_id is not None and goal.carried_from_id is not None:
        # At a follow-up the goal's achievement is recorded, not only carried over: the outcome the history
        # and the statistics count.
        goal.achievement_recorded_at = clock.now()
    if goal.parent_id is not None and goal.subgoals.exists():
        raise ValidationError({"parent": GOAL_HAS_SUBGOALS})
    goal.full_clean()
    goal.save()
    _audit(by, AuditAction.UPDATE, goal, case, "goal_update")
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal, by) -> None:
    """Remove a goal with its sub-goals; its interventions stay, without a goal."""
    _version, case = _begin_content_change(goal.version, by)
    _audit(by, AuditAction.DELETE, goal, case, "goal_remove")
    goal.delete()


@transaction.atomic
def intervention_add(*, version: PlanVersion, by, what: str, unit: Unit, **fields) -> Intervention:
    """Add an intervention performed by `unit`, which must take part in the case (its principal signs it off)."""
    _only(fields, INTERVENTION_FIELDS - {"what", "unit"}, "intervention_add")
    version, case = _begin_content_change(version, by)
    _ensure_unit_in_case(case, unit)
    fields.setdefault("position", (version.interventions.aggregate(last=Max("position"))["last"] or 0) + 1)
    intervention = Intervention(version=version, what=what, unit=unit, **fields)
    intervention.full_clean()
    intervention.save()
    _audit(by, AuditAction.CREATE, intervention, case, "intervention_add")
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, by, **fields) -> Intervention:
    """Change an intervention in a version that is not yet approved, its evaluation at a follow-up included."""
    _only(fields, INTERVENTION_FIELDS, "intervention_update")
    _version, case = _begin_content_change(intervention.version, by)
    if "unit" in fields and fields["unit"].pk != intervention.unit_id:
        _ensure_unit_in_case(case, fields["unit"])
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.full_clean()
    intervention.save()
    _audit(by, AuditAction.UPDATE, intervention, case, "intervention_update")
    return intervention


@transaction.atomic
def intervention_remove(*, intervention: Intervention, by) -> None:
    _version, case = _begin_content_change(intervention.version, by)
    _audit(by, AuditAction.DELETE, intervention, case, "intervention_remove")
    intervention.delete()


@transaction.atomic
def contact_person_set(
    *, version: PlanVersion, by, unit: Unit, user=None, name: str = "", phone: str = "", email: str = ""
) -> ContactPerson:
    """Name the individual's contact person at `unit` (a user, or a name), replacing the one named before."""
    version, case = _begin_content_change(version, by)
    _ensure_unit_in_case(case, unit)
    if user is not None and unit.pk not in case_unit_ids(user):
        raise ValidationError({"user": USER_NOT_IN_UNIT})
    contact = ContactPerson.objects.filter(version=version, unit=unit).first() or ContactPerson(
        version=version, unit=unit
    )
    created = contact.pk is None
    contact.user, contact.name, contact.phone, contact.email = user, name, phone, email
    contact.full_clean()
    contact.save()
    _audit(by, AuditAction.CREATE if created else AuditAction.UPDATE, contact, case, "contact_person_set")
    return contact


@transaction.atomic
def contact_person_remove(*, contact: ContactPerson, by) -> None:
    _version, case = _begin_content_change(contact.version, by)
    _audit(by, AuditAction.DELETE, contact, case, "contact_person_remove")
    contact.delete()


@transaction.atomic
def plan_set_lead(*, version: PlanVersion, by, lead, lead_unit: Unit, note: str = "") -> PlanVersion:
    """Name the lead (huvudansvarig) in the version and on the case. A new lead at a follow-up is recorded in
    the version with the reason."""
    version, case = _begin_content_change(version, by)
    previous = version.replaces
    changed_at_follow_up = previous is not None and (previous.lead_id, previous.lead_unit_id) != (
        lead.pk,
        lead_unit.pk,
    )
    if changed_at_follow_up and not note.strip():
        raise ValidationError({"note": LEAD_CHANGE_NOTE_REQUIRED})
    case_set_lead(case=case, by=by, lead=lead, lead_unit=lead_unit)
    version.lead, version.lead_unit = lead, lead_unit
    version.lead_change_note = note.strip() if changed_at_follow_up else ""
    version.full_clean()
    version.save(update_fields=["lead", "lead_unit", "lead_change_note", "updated_at"])
    _audit(by, AuditAction.UPDATE, version, case, "plan_set_lead")
    return version


def principals_with_interventions(version: PlanVersion) -> set[int]:
    """Ids of the principals whose units perform at least one intervention in the version."""
    return set(version.interventions.values_list("unit__principal_id", flat=True))


def _settle_sign_offs(version: PlanVersion, by, case: CoordinationCase) -> None:
    """Approved when every principal with interventions has approved and the individual has agreed; partly
    approved when some of that is done; the case then reaches "interventions ongoing"."""
    required = principals_with_interventions(version)
    approved = set(version.approvals.values_list("principal_id", flat=True))
    if required and required <= approved and version.has_individual_agreement:
        version.status = PlanStatus.APPROVED
        version.approved_at = clock.now()
        version.full_clean()
        version.save(update_fields=["status", "approved_at", "updated_at"])
        case_reach_step(case, Step.ONGOING, by)
        _audit(by, AuditAction.UPDATE, version, case, "plan_version_approved")
        notify(
            kind=NotificationKind.PLAN_APPROVED,
            recipients=case_staff_to_tell(case),
            target=Target.for_case(case, url=version.get_absolute_url()),
            key=f"plan_version:{version.pk}",
            by=by,
        )
    elif approved or version.has_individual_agreement:
        version.status = PlanStatus.PARTLY_APPROVED
        version.save(update_fields=["status", "updated_at"])
        notify(
            kind=NotificationKind.PLAN_AWAITING_APPROVAL,
            recipients=unit_staff(case_unit_set(case), principal_ids=required - approved),
            target=Target.for_case(case, url=version.get_absolute_url()),
            key=f"plan_version:{version.pk}",
            by=by,
        )


def _ensure_principal_may_sign(version: PlanVersion, principal: Principal) -> None:
    """What every sign-off needs, in the system or on paper: a draft with a lead, the principal performing an
    intervention in it, and no sign-off of that principal yet."""
    if version.is_locked:
        raise PlanVersionLocked()
    if version.lead_id is None:
        raise ValidationError(LEAD_REQUIRED)
    if principal.pk not in principals_with_interventions(version):
        raise ValidationError({"principal": PRINCIPAL_HAS_NO_INTERVENTIONS})
    if version.approvals.filter(principal=principal).exists():
        raise ValidationError({"principal": ALREADY_APPROVED})


def _sign_off(version: PlanVersion, case: CoordinationCase, by, summary: str, **fields) -> PrincipalApproval:
    """Save the sign-off, audit it, and approve the version when it was the last one missing."""
    approval = PrincipalApproval(version=version, approved_by=by, approved_at=clock.now(), **fields)
    approval.full_clean()
    approval.save()
    _audit(by, AuditAction.CREATE, approval, case, summary)
    _settle_sign_offs(version, by, case)
    return approval


@transaction.atomic
def plan_approve_part(*, version: PlanVersion, by, principal: Principal) -> PrincipalApproval:
    """A user at a unit of `principal` taking part in the case signs off that principal's part of the version.
    Irreversible: the last sign-off makes the version approved and immutable."""
    version = _lock(version)
    case = version.plan.case
    ensure_can_document(by, case)
    unit = Unit.objects.filter(pk__in=acting_unit_ids(by, case), principal=principal).order_by("name").first()
    if unit is None:
        raise PermissionDenied(NOT_STAFF_OF_PRINCIPAL)
    _ensure_principal_may_sign(version, principal)
    return _sign_off(version, case, by, "plan_approve_part", principal=principal, unit=unit)


@transaction.atomic
def plan_approve_part_on_paper(
    *, version: PlanVersion, by, principal: Principal, signed_by_name: str, signed_on: datetime.date
) -> PrincipalApproval:
    """The convener's or lead's unit records a principal's sign-off given on paper: a principal whose staff do
    not use Samordna, or any principal during downtime (reservrutin). The signed paper is kept in the record;
    the system keeps who signed, when, and who recorded it. Irreversible, like a sign-off in the system."""
    version = _lock(version)
    case = version.plan.case
    ensure_can_convene(by, case)
    _ensure_principal_may_sign(version, principal)
    signed_by_name = (signed_by_name or "").strip()
    if not signed_by_name:
        raise ValidationError({"signed_by_name": SIGNER_REQUIRED})
    if signed_on > clock.today():
        raise ValidationError({"signed_on": DATE_IN_FUTURE})
    if version.meeting_id and signed_on < timezone.localdate(version.meeting.starts_at):
        raise ValidationError({"signed_on": SIGNED_BEFORE_MEETING})
    unit = (
        Unit.objects.filter(pk__in=version.interventions.values("unit_id"), principal=principal)
        .order_by("name")
        .first()
    )
    return _sign_off(
        version,
        case,
        by,
        "plan_approve_part_on_paper",
        principal=principal,
        unit=unit,
        on_paper=True,
        signed_by_name=signed_by_name,
        signed_on=signed_on,
    )


@transaction.atomic
def plan_record_individual_agreement(
    *, version: PlanVersion, by, how: str, agreed_on: datetime.date, note: str = ""
) -> PlanVersion:
    """Record how and when the individual agreed to the version (orally, in writing or through a representative)."""
    version = _lock(version)
    case = version.plan.case
    ensure_can_document(by, case)
    if version.is_locked:
        raise PlanVersionLocked()
    if agreed_on > clock.today():
        raise ValidationError({"agreed_on": DATE_IN_FUTURE})
    version.individual_agreement = how
    version.individual_agreed_on = agreed_on
    version.individual_agreement_note = note
    version.individual_agreement_recorded_by = by
    version.full_clean()
    version.save(
        update_fields=[
            "individual_agreement",
            "individual_agreed_on",
            "individual_agreement_note",
            "individual_agreement_recorded_by",
            "updated_at",
        ]
    )
    _audit(by, AuditAction.UPDATE, version, case, "plan_record_individual_agreement")
    _settle_sign_offs(version, by, case)
    return version


@transaction.atomic
def intervention_set_status(*, intervention: Intervention, by, status: str, note: str = "") -> InterventionStatusUpdate:
    """The performing unit reports where its intervention stands in the approved plan. The approved intervention
    itself is not changed: the report is a new row, and the latest report is the current status."""
    version = _lock(intervention.version)
    case = version.plan.case
    ensure_can_document(by, case)
    if intervention.unit_id not in acting_unit_ids(by, case):
        raise PermissionDenied(NOT_PERFORMING_UNIT)
    if version.status == PlanStatus.SUPERSEDED:
        raise PlanVersionLocked()
    if version.status != PlanStatus.APPROVED:
        raise ValidationError(STATUS_ONLY_WHEN_APPROVED)
    update = InterventionStatusUpdate(
        intervention=intervention, status=status, note=note, unit_id=intervention.unit_id, by=by, at=clock.now()
    )
    update.full_clean()
    update.save()
    _audit(by, AuditAction.CREATE, update, case, f"intervention_set_status:{status}")
    return update


@transaction.atomic
def plan_event_report(*, case: CoordinationCase, by, text: str, unit: Unit | None = None) -> PlanEvent:
    """Any actor tells the lead about something that affects the plan."""
    ensure_can_document(by, case)
    units = acting_unit_ids(by, case)
    if unit is None and len(units) == 1:
        unit = Unit.objects.get(pk=next(iter(units)))
    if unit is None or unit.pk not in units:
        raise ValidationError({"unit": CHOOSE_UNIT})
    version = PlanVersion.objects.current().filter(plan__case=case).first()
    if version is None:
        raise ValidationError(NO_PLAN)
    event = PlanEvent(case=case, version=version, unit=unit, by=by, text=text, at=clock.now())
    event.full_clean()
    event.save()
    _audit(by, AuditAction.CREATE, event, case, "plan_event_report")
    notify(
        kind=NotificationKind.PLAN_EVENT,
        recipients=[case.lead_id],
        target=Target.for_case(case, url=reverse("plans:detail", args=[case.pk])),
        key=f"plan_event:{event.pk}",
        by=by,
    )
    return event


@transaction.atomic
def plan_events_mark_seen(*, case: CoordinationCase, by) -> int:
    """The lead has opened the plan: the events reported so far are seen. Returns how many were new."""
    ensure_is_lead(by, case)
    now = clock.now()
    count = PlanEvent.objects.filter(case=case, seen_by_lead_at__isnull=True).update(
        seen_by_lead_at=now, updated_at=now
    )
    if count:
        audit_record(
            user=by, action=AuditAction.UPDATE, obj=case, person_id=case.person_id, summary="plan_events_mark_seen"
        )
    return count


@transaction.atomic
def plan_event_decide(*, event: PlanEvent, by, decision: str, note: str = "") -> PlanEvent:
    """The lead decides what an event means: noted, or the follow-up is brought forward (the new invitation
    is then made in the meetings app)."""
    case = event.case
    ensure_can_document(by, case)
    ensure_is_lead(by, case)
    event = PlanEvent.objects.select_for_update().get(pk=event.pk)
    if event.is_decided:
        raise ValidationError(EVENT_ALREADY_DECIDED)
    if decision not in LeadDecision.values:
        raise ValidationError({"decision": _("Välj ett beslut.")})
    now = clock.now()
    event.lead_decision = decision
    event.decision_note = note
    event.decided_at = now
    event.decided_by = by
    event.seen_by_lead_at = event.seen_by_lead_at or now
    event.full_clean()
    event.save()
    _audit(by, AuditAction.UPDATE, event, case, f"plan_event_decide:{decision}")
    return event


def _copy_goals(source: PlanVersion, target: PlanVersion) -> dict[int, Goal]:
    """Copy goals (parents before sub-goals) with their achievement; evaluations start empty."""
    copies: dict[int, Goal] = {}
    for goal in sorted(source.goals.all(), key=lambda g: (g.parent_id is not None, g.position, g.pk)):
        copy = Goal(
            version=target,
            parent=copies.get(goal.parent_id),
            text=goal.text,
            position=goal.position,
            achievement_status=goal.achievement_status or GoalAchievement.IN_PROGRESS,
            carried_from=goal,
        )
        copy.save()
        copies[goal.pk] = copy
    return copies


def _copy_interventions(source: PlanVersion, target: PlanVersion, goals: dict[int, Goal]) -> None:
    """Copy interventions with the status last reported for them; evaluations start empty."""
    for intervention in source.interventions.prefetch_related("status_updates"):
        copy = Intervention(
            version=target,
            goal=goals.get(intervention.goal_id),
            status=intervention.current_status,
            carried_from=intervention,
            **{field: getattr(intervention, field) for field in INTERVENTION_COPY_FIELDS},
        )
        copy.save()


@transaction.atomic
def plan_revise(*, version: PlanVersion, by, meeting: Meeting) -> PlanVersion:
    """At a held follow-up, start the next version from the approved one, which is superseded in the same step.
    Every section starts as a copy of its last text; goals and interventions carry over (`carried_from`) with
    empty evaluations; the lead, contact persons and follow-up place are copied, the follow-up date is not."""
    old = _lock(version)
    case = old.plan.case
    ensure_can_document(by, case)
    if old.status != PlanStatus.APPROVED:
        raise ValidationError(REVISE_ONLY_APPROVED, code="revise_only_approved")
    _check_meeting(case, meeting)
    if not (meeting.can_hold_plan and meeting.kind == MeetingKind.FOLLOW_UP):
        raise ValidationError({"meeting": REVISE_NEEDS_FOLLOW_UP})
    old.status = PlanStatus.SUPERSEDED
    old.superseded_at = clock.now()
    old.save(update_fields=["status", "superseded_at", "updated_at"])
    _audit(by, AuditAction.UPDATE, old, case, "plan_version_superseded")
    new = PlanVersion(
        plan=old.plan,
        number=old.number + 1,
        replaces=old,
        meeting=meeting,
        status=PlanStatus.DRAFT,
        lead_id=old.lead_id,
        lead_unit_id=old.lead_unit_id,
        follow_up_place=old.follow_up_place,
        created_by=by,
        **{field: getattr(old, field) for field in PlanVersion.SECTION_FIELDS},
    )
    new.full_clean()
    new.save()
    goals = _copy_goals(old, new)
    _copy_interventions(old, new, goals)
    for contact in old.contacts.all():
        ContactPerson(
            version=new,
            unit_id=contact.unit_id,
            user_id=contact.user_id,
            name=contact.name,
            phone=contact.phone,
            email=contact.email,
        ).save()
    case_reach_step(case, Step.FOLLOW_UP, by)
    _audit(by, AuditAction.CREATE, new, case, "plan_revise")
    return new


@transaction.atomic
def plan_close_case(*, case: CoordinationCase, by, reason: str, note: str) -> CoordinationCase:
    """The lead closes the case at (or after) a held follow-up, with a reason and a note that tells the
    individual where to turn if the need returns."""
    ensure_is_lead(by, case)
    if reason == CloseReason.CONSENT_WITHDRAWN:
        raise ValidationError({"reason": _("Registrera återkallelsen av samtycket i stället.")})
    if not Meeting.objects.filter(case=case, kind=MeetingKind.FOLLOW_UP, status=MeetingStatus.HELD).exists():
        raise ValidationError(CLOSE_NEEDS_FOLLOW_UP)
    if not note.strip():
        raise ValidationError({"note": CLOSE_NOTE_REQUIRED})
    return case_close(case=case, by=by, reason=reason, note=note.strip())
