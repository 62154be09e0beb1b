"""Steps 4-8 of a generated case: the SIP meeting and follow-ups with their invitations, and the plan with its
versions, goals, sub-goals, interventions, contact persons and principals' sign-offs."""

import datetime
import uuid

from samordna.cases.models import Step
from samordna.demo.scale.context import CaseDraft, Context
from samordna.demo.scale.timeline import DAY
from samordna.meetings.models import (
    IndividualParticipation,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProcedureCode,
)
from samordna.plans.models import (
    AgreementKind,
    ContactPerson,
    Goal,
    GoalAchievement,
    Intervention,
    InterventionStatus,
    Plan,
    PlanStatus,
    PlanVersion,
    PrincipalApproval,
)

GOALS = ("Gå i skolan varje dag", "Sova bättre", "Ha en meningsfull fritid", "Klara vardagen hemma",
         "Ha en trygg boendesituation", "Må bättre psykiskt", "Ha kontakt med vänner")  # fmt: skip
SUBGOALS = ("Komma till första lektionen", "Vara ute en stund varje dag", "Ha en fast tid för läggning")
INTERVENTIONS = ("Samtalskontakt varannan vecka", "Anpassad studiegång", "Boendestöd två gånger i veckan",
                 "Läkemedelsgenomgång", "Kontaktperson enligt SoL", "Familjebehandling")  # fmt: skip
OUTCOMES = (GoalAchievement.ACHIEVED, GoalAchievement.IMPROVING, GoalAchievement.IMPROVING,
            GoalAchievement.NO_CHANGE, GoalAchievement.SUSTAINING, GoalAchievement.WORSENING)  # fmt: skip


def meetings_and_plan(*, context: Context, draft: CaseDraft) -> None:
    """The SIP meeting (sent or held), the held follow-ups, and one plan version per held meeting."""
    timeline, rng = draft.timeline, context.rng
    if not timeline.reached_step(Step.INVITATION):
        return
    sent = timeline.steps[Step.INVITATION]
    if timeline.reached_step(Step.MEETING):
        held = timeline.steps[Step.MEETING]
        meetings = [(_meeting(context, draft, kind=MeetingKind.SIP, sent=sent, starts=held, held=True), held)]
        for follow_up in timeline.follow_ups:
            notice = follow_up - datetime.timedelta(days=rng.randint(10, 25))
            meeting_id = _meeting(context, draft, kind=MeetingKind.FOLLOW_UP, sent=notice, starts=follow_up, held=True)
            meetings.append((meeting_id, follow_up))
    else:
        starts = context.now + datetime.timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 6))
        _meeting(context, draft, kind=MeetingKind.SIP, sent=sent, starts=starts, held=False)
        return
    if not timeline.closed and timeline.reached == Step.ONGOING and rng.random() < 0.3:
        notice = context.now - datetime.timedelta(days=rng.randint(1, 10))
        starts = context.now + datetime.timedelta(days=rng.randint(3, 30))
        _meeting(context, draft, kind=MeetingKind.FOLLOW_UP, sent=notice, starts=starts, held=False)
    if timeline.reached_step(Step.PLAN):
        _plan(context, draft, meetings)


def _meeting(context: Context, draft: CaseDraft, *, kind: str, sent, starts, held: bool) -> int:
    rng, ids = context.rng, context.ids
    meeting_id = ids.next(Meeting)
    code = (ProcedureCode.ESTABLISHED if kind == MeetingKind.SIP else ProcedureCode.FOLLOW_UP) if held else ""
    participation = rng.choice((IndividualParticipation.PRESENT,) * 4 + (IndividualParticipation.PART,)) if held else ""
    context.add(
        Meeting,
        (
            meeting_id, draft.id, kind, MeetingStatus.HELD if held else MeetingStatus.SENT, starts,
            f"Mötesrummet, {draft.convener_unit.name}", "Samordna insatserna kring den enskilde.", draft.convener,
            draft.convener_unit.id, sent, uuid.UUID(int=rng.getrandbits(128), version=4), starts if held else None,
            draft.convener if held else None, participation, held, held, code, sent, starts if held else sent,
        ),
    )  # fmt: skip
    for actor in draft.actors[1:]:
        if held:
            status = rng.choices((InvitationStatus.ACCEPTED, InvitationStatus.DECLINED), weights=(88, 12))[0]
        else:
            status = rng.choices((InvitationStatus.SENT, InvitationStatus.ACCEPTED), weights=(55, 45))[0]
        answered = status != InvitationStatus.SENT
        answered_at = sent + datetime.timedelta(hours=rng.randint(2, 40)) if answered else None
        answered_by = draft.unit_staff(actor.unit, rng) if answered else None
        context.add(
            Invitation,
            (
                ids.next(Invitation), meeting_id, actor.unit.id, status, True, sent, sent.date() + DAY, answered_at,
                answered_by, (status == InvitationStatus.ACCEPTED) if held else None, sent, answered_at or sent,
            ),
        )  # fmt: skip
    draft.meetings.append((meeting_id, starts, MeetingStatus.HELD if held else MeetingStatus.SENT))
    return meeting_id


def _plan(context: Context, draft: CaseDraft, meetings: list[tuple[int, datetime.datetime]]) -> None:
    rng, ids, timeline = context.rng, context.ids, draft.timeline
    plan_id = ids.next(Plan)
    context.add(Plan, (plan_id, draft.id, meetings[0][1], meetings[-1][1]))
    open_last = not timeline.closed and (
        timeline.reached == Step.PLAN or (timeline.reached == Step.FOLLOW_UP and rng.random() < 0.4)
    )
    previous: tuple[int, list[int], list[int]] | None = None
    lead = draft.lead or draft.convener
    lead_unit = draft.lead_unit or draft.convener_unit
    for number, (meeting_id, made) in enumerate(meetings, start=1):
        last = number == len(meetings)
        version_id = ids.next(PlanVersion)
        approved_at = None if last and open_last else made + datetime.timedelta(days=rng.randint(1, 8))
        if approved_at is None:
            status = PlanStatus.PARTLY_APPROVED if rng.random() < 0.4 and len(draft.actors) > 1 else PlanStatus.DRAFT
        else:
            status = PlanStatus.APPROVED if last else PlanStatus.SUPERSEDED
        superseded_at = None if last else meetings[number][1]
        agreed = approved_at.date() if approved_at else None
        context.add(
            PlanVersion,
            (
                version_id, plan_id, number, previous[0] if previous else None, meeting_id, status,
                "Att få vara med och bestämma.", "Att ha en vardag som fungerar.", lead, lead_unit.id,
                (approved_at or made).date() + datetime.timedelta(days=rng.randint(90, 180)),
                AgreementKind.ORAL if agreed else "", agreed, draft.convener if agreed else None, approved_at,
                superseded_at, draft.convener, made, superseded_at or approved_at or made,
            ),
        )  # fmt: skip
        goal_ids, intervention_ids = _content(context, draft, version_id, made, previous, followed_up=number > 1)
        _contacts_and_approvals(context, draft, version_id, made, approved_at, status)
        previous = (version_id, goal_ids, intervention_ids)
        draft.version_ids.append(version_id)


def _content(context: Context, draft: CaseDraft, version_id: int, made, previous, *, followed_up: bool):
    rng, ids = context.rng, context.ids
    goal_ids: list[int] = []
    earlier_goals = previous[1] if previous else []
    for position in range(rng.choice((1, 2, 2, 3))):
        goal_id = ids.next(Goal)
        carried = earlier_goals[position] if position < len(earlier_goals) else None
        achievement = rng.choice(OUTCOMES) if followed_up and carried else GoalAchievement.IN_PROGRESS
        recorded = made if followed_up and carried else None
        context.add(Goal, (goal_id, version_id, None, rng.choice(GOALS), position, achievement, recorded, carried,
                           made, made))  # fmt: skip
        goal_ids.append(goal_id)
        for sub_position in range(rng.choice((0, 0, 1, 2))):
            context.add(Goal, (ids.next(Goal), version_id, goal_id, rng.choice(SUBGOALS), sub_position,
                               GoalAchievement.IN_PROGRESS, None, None, made, made))  # fmt: skip
    intervention_ids: list[int] = []
    earlier = previous[2] if previous else []
    for position, actor in enumerate(draft.actors):
        intervention_id = ids.next(Intervention)
        carried = earlier[position] if position < len(earlier) else None
        status = InterventionStatus.IN_PROGRESS if followed_up or draft.timeline.closed else rng.choice(
            (InterventionStatus.NOT_STARTED, InterventionStatus.IN_PROGRESS))  # fmt: skip
        context.add(
            Intervention,
            (
                intervention_id, version_id, rng.choice(goal_ids), rng.choice(INTERVENTIONS), actor.unit.id,
                made.date() + datetime.timedelta(days=rng.randint(3, 20)), "Varje vecka", actor.unit.name, status,
                position, carried, made, made,
            ),
        )  # fmt: skip
        intervention_ids.append(intervention_id)
    return goal_ids, intervention_ids


def _contacts_and_approvals(context: Context, draft: CaseDraft, version_id: int, made, approved_at, status) -> None:
    rng, ids = context.rng, context.ids
    principals: dict[int, int] = {}
    for actor in draft.actors:
        user = draft.unit_staff(actor.unit, rng)
        context.add(ContactPerson, (ids.next(ContactPerson), version_id, actor.unit.id, user, made, made))
        principals.setdefault(actor.unit.principal_id, actor.unit.id)
    if status == PlanStatus.DRAFT:
        return
    signing = list(principals.items())
    if status == PlanStatus.PARTLY_APPROVED:
        signing = signing[: max(1, len(signing) - 1)] if len(signing) > 1 else []
    for principal_id, unit_id in signing:
        unit = context.org.units[unit_id]
        signed = (approved_at or made + DAY) - datetime.timedelta(hours=rng.randint(0, 20))
        signed = max(signed, made)
        row = (ids.next(PrincipalApproval), version_id, principal_id, unit_id, draft.unit_staff(unit, rng), signed)
        context.add(PrincipalApproval, (*row, signed, signed))


PROCESS_COLUMNS = {
    Meeting: ("id", "case_id", "kind", "status", "starts_at", "place", "purpose", "organiser_id", "organiser_unit_id",
              "sent_at", "ical_uid", "held_at", "chair_id", "individual_participation", "consent_checked",
              "secrecy_reminded", "procedure_code", "created_at", "updated_at"),
    Invitation: ("id", "meeting_id", "unit_id", "status", "is_summoned", "received_at", "answer_due_on",
                 "answered_at", "answered_by_id", "attended", "created_at", "updated_at"),
    Plan: ("id", "case_id", "created_at", "updated_at"),
    PlanVersion: ("id", "plan_id", "number", "replaces_id", "meeting_id", "status", "individual_wishes",
                  "long_term_goal", "lead_id", "lead_unit_id", "follow_up_on", "individual_agreement",
                  "individual_agreed_on", "individual_agreement_recorded_by_id", "approved_at", "superseded_at",
                  "created_by_id", "created_at", "updated_at"),
    Goal: ("id", "version_id", "parent_id", "text", "position", "achievement_status", "achievement_recorded_at",
           "carried_from_id", "created_at", "updated_at"),
    Intervention: ("id", "version_id", "goal_id", "what", "unit_id", "start_on", "frequency", "place", "status",
                   "position", "carried_from_id", "created_at", "updated_at"),
    ContactPerson: ("id", "version_id", "unit_id", "user_id", "created_at", "updated_at"),
    PrincipalApproval: ("id", "version_id", "principal_id", "unit_id", "approved_by_id", "approved_at", "created_at",
                        "updated_at"),
}  # fmt: skip
