"""Which changes make a case's stored deadlines stale: a save or delete of anything `rules.all_case_deadlines`
reads. Connected in `DeadlinesConfig.ready`, so the process apps below keep importing nothing of this one.

A change made with `QuerySet.update()` sends no signal; the services that use it (closing a case, withdrawing a
consent or a meeting's invitations) also save the case or the meeting in the same transaction, which marks it.
"""

from django.db.models.signals import post_delete, post_save

from samordna.cases.models import CaseActor, Consent, CoordinationCase, DischargeNotice
from samordna.deadlines.store import deadlines_mark, deadlines_mark_open_cases
from samordna.meetings.models import Invitation, Meeting
from samordna.organizations.models import RoutineProfile
from samordna.plans.models import Intervention, Plan, PlanVersion, PrincipalApproval


def _case_of_invitation(invitation: Invitation) -> int | None:
    return Meeting.objects.filter(pk=invitation.meeting_id).values_list("case_id", flat=True).first()


def _case_of_version(version: PlanVersion) -> int | None:
    return Plan.objects.filter(pk=version.plan_id).values_list("case_id", flat=True).first()


def _case_of_version_part(part) -> int | None:
    return PlanVersion.objects.filter(pk=part.version_id).values_list("plan__case_id", flat=True).first()


CASE_OF = {
    CoordinationCase: lambda case: case.pk,
    Consent: lambda consent: consent.case_id,
    CaseActor: lambda actor: actor.case_id,
    DischargeNotice: lambda notice: notice.case_id,
    Meeting: lambda meeting: meeting.case_id,
    Invitation: _case_of_invitation,
    Plan: lambda plan: plan.case_id,
    PlanVersion: _case_of_version,
    PrincipalApproval: _case_of_version_part,
    Intervention: _case_of_version_part,
}


def _mark_case(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: the loader marks what it loads
    deadlines_mark(case_ids=[CASE_OF[sender](instance)])


def _mark_profile_cases(sender, instance, **kwargs) -> None:
    """A routine profile's day counts change every open case that follows it."""
    if not kwargs.get("raw"):
        deadlines_mark_open_cases(cases=CoordinationCase.objects.filter(routine_profile_id=instance.pk))


def connect() -> None:
    for model in CASE_OF:
        post_save.connect(_mark_case, sender=model, dispatch_uid=f"deadlines-save-{model._meta.label}")
        post_delete.connect(_mark_case, sender=model, dispatch_uid=f"deadlines-delete-{model._meta.label}")
    post_save.connect(_mark_profile_cases, sender=RoutineProfile, dispatch_uid="deadlines-profile")
