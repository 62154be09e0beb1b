"""Pages that read across the whole process: my overview and the case page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from samordna.audit.services import audit_read, audit_read_many
from samordna.cases.models import STEP_ORDER, ConsentStatus, CoordinationCase, Step
from samordna.cases.policies import acting_unit_ids, is_convener_unit_manager, valid_consent
from samordna.cases.selectors import case_for_page, case_preparation, cases_for_overview
from samordna.deadlines.rules import case_deadlines, next_deadline
from samordna.deadlines.selectors import with_deadline_data
from samordna.meetings.policies import can_convene
from samordna.meetings.selectors import invitations_awaiting_answer, meetings_for_case
from samordna.organizations.selectors import units_for_user
from samordna.people.policies import is_case_staff
from samordna.plans.selectors import current_version, unseen_events_for_lead

CLOSED_SHOWN = 10


@login_required
def home(request):
    """What the user must do next: invitations to answer, events for them as lead, and their open cases
    sorted by the next deadline (overdue first)."""
    cases = with_deadline_data(cases_for_overview(request.user))
    rows = [{"case": case, "deadline": next_deadline(case)} for case in cases]
    rows.sort(key=lambda row: (row["deadline"] is None, row["deadline"].due_on if row["deadline"] else None))
    closed = list(cases_for_overview(request.user, include_closed=True).filter(status="closed")[:CLOSED_SHOWN])
    to_answer = list(invitations_awaiting_answer(request.user))
    events = list(unseen_events_for_lead(request.user))
    shown_cases = [row["case"] for row in rows] + closed
    shown_cases += [invitation.meeting.case for invitation in to_answer] + [event.case for event in events]
    audit_read_many(user=request.user, objects=shown_cases, summary="overview")
    context = {
        "rows": rows,
        "closed": closed,
        "to_answer": to_answer,
        "events": events,
        "units": units_for_user(request.user),
        "is_case_staff": is_case_staff(request.user),
    }
    return render(request, "overview/home.html", context)


@login_required
def case_detail(request, pk: int):
    """The case page: the process time line and every step so far. It reads across the process, so it lives
    here, above the step apps, and the step apps stay free of upward imports."""
    case = case_for_page(request.user, pk)
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="case_detail")
    reached = {step.step: step for step in case.steps.all()}
    timeline = [
        {"value": value, "label": label, "reached": reached.get(value), "current": value == case.status}
        for value, label in Step.choices
    ]
    consents = list(case.consents.all())
    can_act = bool(acting_unit_ids(request.user, case)) and not case.is_closed
    context = {
        "case": case,
        "person": case.person,
        "timeline": timeline,
        "step_index": STEP_ORDER.index(case.status),
        "actors": [actor for actor in case.actors.all() if actor.is_active],
        "former_actors": [actor for actor in case.actors.all() if not actor.is_active],
        "consents": consents,
        "active_consent": next((c for c in consents if c.status == ConsentStatus.ACTIVE), None),
        "consent_in_force": valid_consent(case),
        "preparation": case_preparation(case),
        "deadlines": case_deadlines(with_deadline_data(CoordinationCase.objects.filter(pk=case.pk)).get()),
        "meetings": meetings_for_case(case),
        "plan_version": current_version(case),
        "can_convene": can_convene(request.user, case),
        "can_act": can_act,
        "can_name_viewers": case.person.protected_identity and is_convener_unit_manager(request.user, case),
    }
    return render(request, "overview/case_detail.html", context)
