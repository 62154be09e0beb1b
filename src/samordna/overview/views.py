"""Pages that read across the whole process: my overview, the unit inbox, the case page and the downtime print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.audit.services import audit_read, audit_read_many
from samordna.cases.models import STEP_ORDER, CaseActor, ConsentStatus, Step
from samordna.cases.policies import acting_unit_ids, case_unit_ids, is_convener_unit_manager, valid_consent
from samordna.cases.selectors import case_for_page, case_preparation, cases_for_overview
from samordna.cases.services_assignment import case_actor_assign, managed_unit_ids
from samordna.common import clock
from samordna.common.pdf import pdf_response
from samordna.meetings.policies import can_convene
from samordna.meetings.selectors import meetings_for_case, unit_staff
from samordna.messaging.selectors import unread_count_for_case
from samordna.organizations.models import Unit
from samordna.organizations.selectors import units_for_user
from samordna.overview import selectors
from samordna.overview.downtime import downtime_pdf, downtime_units
from samordna.overview.forms import AssignForm, DowntimeForm, OverviewFilterForm
from samordna.people.policies import is_case_staff
from samordna.plans.selectors import current_version, unseen_events_for_lead

CLOSED_SHOWN = 10


@login_required
def home(request):
    """What the user must do next, grouped by action (call a meeting, answer an invitation, document or approve
    the plan, prepare the follow-up, renew consent) and sorted by due date, the first items of each group (all
    of one with `grupp`); then the open cases by next deadline, a page at a time (`sida`), events for the user
    as lead and the latest closed cases. Filters: process step and unit. Each case shown is logged as read."""
    filter_form = OverviewFilterForm(
        request.GET or None, units=Unit.objects.filter(pk__in=case_unit_ids(request.user)).order_by("name")
    )
    filters = filter_form.filters() if request.GET else {"step": "", "unit_id": None}
    cases = selectors.work_cases(request.user, **filters)
    opened = request.GET.get("grupp", "")
    groups = selectors.work_groups(request.user, cases, unit_id=filters["unit_id"], opened=opened)
    page = Paginator(cases, selectors.OPEN_CASES_PER_PAGE).get_page(request.GET.get("sida"))
    rows = selectors.case_rows(list(page.object_list))
    closed = list(cases_for_overview(request.user, include_closed=True).filter(status=Step.CLOSED)[:CLOSED_SHOWN])
    events = list(unseen_events_for_lead(request.user))
    shown = {row["case"].pk: row["case"] for row in rows}
    shown.update((item.case.pk, item.case) for group in groups for item in group.items)
    shown.update((case.pk, case) for case in closed)
    shown.update((event.case_id, event.case) for event in events)
    audit_read_many(user=request.user, objects=list(shown.values()), summary="overview")
    context = {
        "groups": groups,
        "has_work": any(group.items for group in groups),
        "opened": opened,
        "group_shown": selectors.GROUP_SHOWN,
        "rows": rows,
        "page": page,
        "closed": closed,
        "events": events,
        "units": units_for_user(request.user),
        "filter_form": filter_form,
        "is_filtered": bool(filters["step"] or filters["unit_id"]),
        "is_case_staff": is_case_staff(request.user),
        "is_manager": bool(managed_unit_ids(request.user)),
    }
    return render(request, "overview/home.html", context)


@login_required
def unit_inbox(request):
    """The manager's inbox for their units: invitations nobody has been given yet, cases without a named contact
    and everything overdue, each with the unit's staff to assign it to."""
    if not managed_unit_ids(request.user):
        raise PermissionDenied
    inbox = selectors.unit_inbox(request.user)
    audit_read_many(user=request.user, objects=inbox.cases, summary="unit_inbox")
    return render(request, "overview/inbox.html", {"inbox": inbox})


@login_required
@require_POST
def assign(request, actor_pk: int):
    """Name a staff member as the unit's contact in the case; the manager's own units only (else 404)."""
    actor = (
        CaseActor.objects.filter(pk=actor_pk, unit_id__in=managed_unit_ids(request.user))
        .select_related("case", "unit")
        .first()
    )
    if actor is None:
        raise Http404
    form = AssignForm(request.POST, staff=unit_staff([actor.unit_id]))
    if not form.is_valid():
        messages.error(request, _("Välj en medarbetare på enheten."))
        return redirect("overview:inbox")
    try:
        case_actor_assign(actor=actor, by=request.user, assignee=form.cleaned_data["assignee"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("overview:inbox")
    messages.success(
        request,
        _("%(case)s är tilldelat %(user)s.")
        % {"case": actor.case.reference, "user": form.cleaned_data["assignee"].get_full_name()},
    )
    return redirect("overview:inbox")


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
        "deadlines": selectors.case_page_deadlines(case),
        "meetings": meetings_for_case(case),
        "plan_version": current_version(case),
        "can_convene": can_convene(request.user, case),
        "can_act": can_act,
        "can_name_viewers": case.person.protected_identity and is_convener_unit_manager(request.user, case),
        "unread_messages": unread_count_for_case(request.user, case),
    }
    return render(request, "overview/case_detail.html", context)


@login_required
def downtime(request):
    """Reservrutin: choose a unit and print its open cases, approved plans and coming meetings as one PDF.
    The form is sent with GET, so the page stays where it is and the browser downloads the file."""
    units = downtime_units(request.user)
    if not units:
        raise PermissionDenied
    if "unit" not in request.GET:
        return render(request, "overview/downtime.html", {"form": DowntimeForm(units=units)})
    form = DowntimeForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "overview/downtime.html", {"form": form})
    unit, days = form.cleaned_data["unit"], form.cleaned_data["days"]
    document = downtime_pdf(user=request.user, unit=unit, days=days, request=request)
    return pdf_response(document, f"reservutskrift-{clock.today():%Y-%m-%d}.pdf")
