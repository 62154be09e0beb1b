"""Meetings, invitations and plans. Edits of a plan draft use optimistic concurrency: GET gives an ETag,
PATCH needs `If-Match` with it; a draft changed meanwhile answers 412 and nothing is written."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from samordna.api.rest import schemas as s
from samordna.api.rest.problems import problem
from samordna.audit.services import audit_read
from samordna.cases.policies import get_visible_case, visible_cases
from samordna.meetings import services as meeting_services
from samordna.meetings.models import Invitation, Meeting
from samordna.organizations.models import Principal, Unit
from samordna.plans import services as plan_services
from samordna.plans.models import Goal, Intervention, PlanVersion
from samordna.plans.selectors import compare_versions, plan_versions, versions_with_content

router = Router(tags=["meetings and plans"])

STALE = _("Utkastet har ändrats sedan du läste det. Hämta det igen och gör om ändringen.")
UNKNOWN_USER = _("Det finns ingen aktiv användare med det id:t.")
IF_MATCH_REQUIRED = _("Ändringar av ett utkast kräver If-Match med versionens ETag.")


def _meeting(request, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(case__in=visible_cases(request.user)).prefetch_related("invitations"), pk=meeting_id
    )


@router.post("/cases/{case_id}/meetings", response={201: s.MeetingOut}, summary="Föreslå ett möte (utkast)")
def meeting_propose(request, case_id: int, payload: s.MeetingIn):
    case = get_visible_case(request.user, case_id)
    data = payload.dict(exclude={"unit_ids"})
    meeting = meeting_services.meeting_propose(
        case=case, by=request.user, units=list(Unit.objects.filter(pk__in=payload.unit_ids)), **data
    )
    return Status(201, _meeting(request, meeting.pk))


@router.get("/meetings/{meeting_id}", response=s.MeetingOut, summary="Ett möte med kallelserna")
def meeting_detail(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    audit_read(user=request.user, obj=meeting, person_id=meeting.case.person_id, summary="api:meeting")
    return meeting


@router.post("/meetings/{meeting_id}/send", response=s.MeetingOut, summary="Skicka kallelsen")
def meeting_send(request, meeting_id: int):
    meeting_services.meeting_send(meeting=_meeting(request, meeting_id), by=request.user)
    return _meeting(request, meeting_id)


@router.post("/meetings/{meeting_id}/move", response=s.MeetingOut, summary="Flytta mötet")
def meeting_move(request, meeting_id: int, payload: s.MoveIn):
    meeting_services.meeting_move(meeting=_meeting(request, meeting_id), by=request.user, **payload.dict())
    return _meeting(request, meeting_id)


@router.post("/meetings/{meeting_id}/withdraw", response=s.MeetingOut, summary="Ställ in mötet")
def meeting_withdraw(request, meeting_id: int, payload: s.WithdrawMeetingIn):
    meeting_services.meeting_withdraw(meeting=_meeting(request, meeting_id), by=request.user, reason=payload.reason)
    return _meeting(request, meeting_id)


@router.post("/meetings/{meeting_id}/record", response=s.MeetingOut, summary="Protokollför ett genomfört möte")
def meeting_record(request, meeting_id: int, payload: s.RecordIn):
    meeting = _meeting(request, meeting_id)
    data = payload.dict(exclude={"chair_id", "secretary_id", "invitation_attendance", "participant_attendance"})
    meeting_services.meeting_record(
        meeting=meeting,
        by=request.user,
        chair=_staff(payload.chair_id, "chair_id"),
        secretary=_staff(payload.secretary_id, "secretary_id"),
        invitation_attendance={row.id: row.attended for row in payload.invitation_attendance},
        participant_attendance={row.id: row.attended for row in payload.participant_attendance},
        **data,
    )
    return _meeting(request, meeting_id)


def _staff(user_id: int | None, field: str):
    """The user named by id, or a validation problem naming the field (never a silent fallback)."""
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({field: UNKNOWN_USER})
    return user


@router.post("/invitations/{invitation_id}/answer", response=s.InvitationOut, summary="Svara på en kallelse")
def invitation_answer(request, invitation_id: int, payload: s.AnswerIn):
    invitation = get_object_or_404(
        Invitation.objects.filter(meeting__case__in=visible_cases(request.user)), pk=invitation_id
    )
    data = payload.dict(exclude={"attendee_ids", "forward_to_unit_id"})
    return meeting_services.invitation_answer(
        invitation=invitation,
        by=request.user,
        attendees=list(get_user_model().objects.filter(pk__in=payload.attendee_ids)),
        forward_to=Unit.objects.filter(pk=payload.forward_to_unit_id).first() if payload.forward_to_unit_id else None,
        **data,
    )


def version_etag(version: PlanVersion) -> str:
    """Changes whenever the version or anything in it changes: its own row, goals, interventions, contacts
    and sign-offs (counts catch removals, newest change times catch edits)."""
    parts = [str(version.pk), version.updated_at.isoformat()]
    for related in ("goals", "interventions", "contacts", "approvals"):
        summary = getattr(version, related).aggregate(n=Count("pk"), newest=Max("updated_at"))
        parts.append(f"{summary['n']}:{summary['newest']}")
    return '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def _version(request, version_id: int) -> PlanVersion:
    version = get_object_or_404(
        PlanVersion.objects.filter(plan__case__in=visible_cases(request.user)).select_related("plan__case"),
        pk=version_id,
    )
    return versions_with_content(version.plan.case).get(pk=version_id)


@router.get("/cases/{case_id}/plan/versions", response=list[s.PlanVersionOut], summary="Planens versioner")
def plan_version_list(request, case_id: int):
    case = get_visible_case(request.user, case_id)
    versions = list(versions_with_content(case).order_by("number"))
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="api:plan_versions")
    return versions


@router.post("/cases/{case_id}/plan/versions", response={201: s.PlanVersionOut}, summary="Skapa planens första version")
def plan_version_create(request, case_id: int, payload: s.PlanVersionCreateIn):
    case = get_visible_case(request.user, case_id)
    meeting = get_object_or_404(Meeting, pk=payload.meeting_id, case=case)
    version = plan_services.plan_version_create(
        case=case, by=request.user, meeting=meeting, **payload.dict(exclude={"meeting_id"})
    )
    return Status(201, _version(request, version.pk))


@router.get("/plan-versions/{version_id}", response=s.PlanVersionOut, summary="En version (med ETag)")
def plan_version_detail(request, version_id: int, response: HttpResponse):
    version = _version(request, version_id)
    audit_read(user=request.user, obj=version, person_id=version.plan.case.person_id, summary="api:plan_version")
    response["ETag"] = version_etag(version)
    return version


@router.patch(
    "/plan-versions/{version_id}",
    response=s.PlanVersionOut,
    summary="Ändra ett utkast (kräver If-Match)",
)
def plan_version_update(request, version_id: int, payload: s.PlanVersionPatchIn, response: HttpResponse):
    version = _version(request, version_id)
    expected = request.headers.get("If-Match", "").strip()
    if not expected:
        return problem(request, 428, "precondition-required", str(IF_MATCH_REQUIRED))
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if expected != "*" and expected != version_etag(locked):
            return problem(request, 412, "stale", str(STALE))
        fields = payload.dict(exclude_unset=True)
        plan_services.plan_version_update(version=locked, by=request.user, **fields)
    response["ETag"] = version_etag(PlanVersion.objects.get(pk=version.pk))
    return _version(request, version.pk)


def _check_if_match(request, version: PlanVersion):
    """Adding to a draft may carry If-Match too; when it does, a stale ETag refuses the write."""
    expected = request.headers.get("If-Match", "").strip()
    if expected and expected != "*" and expected != version_etag(version):
        return problem(request, 412, "stale", str(STALE))
    return None


@router.post("/plan-versions/{version_id}/goals", response={201: s.GoalOut}, summary="Lägg till ett mål")
def goal_add(request, version_id: int, payload: s.GoalIn):
    version = _version(request, version_id)
    stale = _check_if_match(request, version)
    if stale:
        return stale
    parent = get_object_or_404(Goal, pk=payload.parent_id, version=version) if payload.parent_id else None
    return Status(201, plan_services.goal_add(version=version, by=request.user, text=payload.text, parent=parent))


@router.post(
    "/plan-versions/{version_id}/interventions",
    response={201: s.InterventionOut},
    summary="Lägg till en insats",
)
def intervention_add(request, version_id: int, payload: s.InterventionIn):
    version = _version(request, version_id)
    stale = _check_if_match(request, version)
    if stale:
        return stale
    goal = get_object_or_404(Goal, pk=payload.goal_id, version=version) if payload.goal_id else None
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    data = payload.dict(exclude={"unit_id", "goal_id"})
    return Status(201, plan_services.intervention_add(version=version, by=request.user, unit=unit, goal=goal, **data))


@router.post(
    "/plan-versions/{version_id}/approvals",
    response={201: s.ApprovalOut},
    summary="Godkänn din huvudmans del",
)
def plan_approve_part(request, version_id: int, payload: s.ApproveIn):
    version = _version(request, version_id)
    principal = get_object_or_404(Principal, pk=payload.principal_id)
    return Status(201, plan_services.plan_approve_part(version=version, by=request.user, principal=principal))


@router.post(
    "/plan-versions/{version_id}/revise",
    response={201: s.PlanVersionOut},
    summary="Ny version vid uppföljning",
)
def plan_revise(request, version_id: int, payload: s.ReviseIn):
    version = _version(request, version_id)
    meeting = get_object_or_404(Meeting, pk=payload.meeting_id, case=version.plan.case)
    new = plan_services.plan_revise(version=version, by=request.user, meeting=meeting)
    return Status(201, _version(request, new.pk))


@router.get("/cases/{case_id}/plan/compare", response=list[s.ComparisonRowOut], summary="Jämför två versioner")
def plan_compare(request, case_id: int, a: int, b: int):
    case = get_visible_case(request.user, case_id)
    versions = {version.pk: version for version in plan_versions(case).filter(pk__in=[a, b])}
    old, new = get_object_or_404_from(versions, a), get_object_or_404_from(versions, b)
    comparison = compare_versions(old, new)
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="api:plan_compare")
    rows = comparison.sections + comparison.goals + comparison.interventions
    return [
        {"label": row.label, "old_html": str(row.old_html), "new_html": str(row.new_html), "changed": row.changed}
        for row in rows
    ]


def get_object_or_404_from(found: dict, pk: int):
    if pk not in found:
        raise Http404
    return found[pk]


@router.post(
    "/interventions/{intervention_id}/status", response=s.InterventionOut, summary="Rapportera insatsens status"
)
def intervention_set_status(request, intervention_id: int, payload: s.InterventionStatusIn):
    intervention = get_object_or_404(
        Intervention.objects.filter(version__plan__case__in=visible_cases(request.user)), pk=intervention_id
    )
    plan_services.intervention_set_status(
        intervention=intervention, by=request.user, status=payload.status, note=payload.note
    )
    return Intervention.objects.get(pk=intervention.pk)
