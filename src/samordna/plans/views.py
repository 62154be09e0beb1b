"""Plan pages: the plan with its current version, the forms that write it, the PDF, the history of each section
and the comparison of two versions. Thin: rules live in plans.services and cases.policies. Every URL answers 404
to a user who may not see the case; pages showing the plan are audited as reads, PDFs as prints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read, audit_record
from samordna.cases.policies import acting_unit_ids, get_visible_case, valid_consent
from samordna.cases.views import without_confirm
from samordna.common.pdf import pdf_response, render_pdf
from samordna.common.views import submit_form
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus
from samordna.meetings.policies import can_convene
from samordna.organizations.models import Principal, Unit
from samordna.plans import services
from samordna.plans.documents import plan_document_context
from samordna.plans.forms import (
    ApproveForm,
    CompareForm,
    ContactPersonForm,
    EventDecideForm,
    EventReportForm,
    GoalForm,
    IndividualAgreementForm,
    InterventionForm,
    InterventionStatusForm,
    LeadForm,
    PaperApprovalForm,
    PlanCloseForm,
    PlanSectionsForm,
    RemoveForm,
    ReviseForm,
    VersionCreateForm,
)
from samordna.plans.models import (
    VERSION_LOCKED,
    ContactPerson,
    Goal,
    Intervention,
    Plan,
    PlanEvent,
    PlanStatus,
    PlanVersion,
)
from samordna.plans.policies import case_unit_set, is_lead
from samordna.plans.selectors import (
    approval_rows,
    compare_versions,
    follow_ups_for_revision,
    goal_outcome_history,
    goal_tree,
    meetings_for_new_version,
    plan_events,
    plan_versions,
    principals_user_may_approve,
    relatives_for_copy,
    section_history,
    versions_with_content,
)

FORM_PAGE = "form_page.html"


def _case(request, case_pk: int):
    """The case behind a page; 404 when the user may not see it. Showing a form is a read of the case."""
    case = get_visible_case(request.user, case_pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary=request.resolver_match.url_name)
    return case


def _version(case, version_pk: int) -> PlanVersion:
    return get_object_or_404(PlanVersion.objects.select_related("plan"), pk=version_pk, plan__case=case)


def _not_offered_when_locked(request, version: PlanVersion):
    """Edit pages are not offered for an approved or superseded version; a POST still reaches the service, which
    refuses with the same message."""
    if request.method == "GET" and version.is_locked:
        messages.warning(request, VERSION_LOCKED)
        return redirect(version)
    return None


def _plan_url(case) -> str:
    return reverse("plans:detail", args=[case.pk])


def _form_page(request, case, form, title: str, *, version: PlanVersion | None = None, **extra):
    subject = f"{case.reference} · {case.person.display_name}"
    if version is not None:
        subject += f" · {_('version')} {version.number}"
        if version.status == PlanStatus.PARTLY_APPROVED:
            extra.setdefault(
                "intro", _("Godkännanden som redan har lämnats tas bort om innehållet ändras och behöver göras om.")
            )
    context = {"form": form, "title": title, "subject": subject, "cancel_url": _plan_url(case), **extra}
    return render(request, FORM_PAGE, context)


def _case_units(case):
    return Unit.objects.filter(pk__in=case_unit_set(case)).select_related("principal").order_by("name")


@login_required
def plan_detail(request, case_pk: int):
    """The plan page: the version in force or being made."""
    case = get_visible_case(request.user, case_pk)
    version = versions_with_content(case).current().first()
    return _plan_page(request, case, version)


@login_required
def version_detail(request, case_pk: int, version_pk: int):
    """One version of the plan, e.g. a superseded one."""
    case = get_visible_case(request.user, case_pk)
    version = get_object_or_404(versions_with_content(case), pk=version_pk)
    return _plan_page(request, case, version)


def _plan_page(request, case, version: PlanVersion | None):
    user = request.user
    acting = acting_unit_ids(user, case)
    consent = valid_consent(case)
    can_document = bool(acting) and not case.is_closed and consent is not None
    lead = is_lead(user, case)
    events = list(plan_events(case))
    if lead and not case.is_closed and any(event.seen_by_lead_at is None for event in events):
        services.plan_events_mark_seen(case=case, by=user)
    audit_read(user=user, obj=version or case, person_id=case.person_id, summary="plan_detail")
    context = {
        "case": case,
        "person": case.person,
        "version": version,
        "versions": list(plan_versions(case)),
        "events": events,
        "can_document": can_document,
        "is_lead": lead,
        "acting_unit_ids": acting,
        "can_create": can_document and version is None and meetings_for_new_version(case).exists(),
        "can_close": lead and not case.is_closed and _follow_up_held(case),
    }
    if version is not None:
        approvable = principals_user_may_approve(user, case, version, unit_ids=acting) if can_document else []
        rows = approval_rows(version)
        context.update(
            goal_rows=goal_tree(version),
            interventions=list(version.interventions.all()),
            approval_rows=rows,
            contacts=list(version.contacts.all()),
            can_edit=can_document and not version.is_locked,
            approvable=list(approvable),
            paper_approvable=can_document
            and not version.is_locked
            and can_convene(user, case)
            and any(row.approval is None for row in rows),
            can_revise=can_document
            and version.status == PlanStatus.APPROVED
            and follow_ups_for_revision(case).exists(),
            relatives=relatives_for_copy(case, consent=consent),
        )
    return render(request, "plans/detail.html", context)


def _follow_up_held(case) -> bool:
    return Meeting.objects.filter(case=case, kind=MeetingKind.FOLLOW_UP, status=MeetingStatus.HELD).exists()


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, case_pk: int):
    """Version 1, made at a held SIP meeting; the long-term goal starts from the preparation's own words."""
    case = _case(request, case_pk)
    meetings = meetings_for_new_version(case)
    preparation = getattr(case, "preparation", None)
    form = VersionCreateForm(
        request.POST or None,
        meetings=meetings,
        initial={"long_term_goal": preparation.what_matters if preparation else ""},
    )
    created = {}
    if submit_form(
        request,
        form,
        lambda data: created.setdefault("version", services.plan_version_create(case=case, by=request.user, **data)),
        success=_("Planen är påbörjad. Lägg till mål och insatser."),
    ):
        return redirect(created["version"])
    intro = _("Planen skrivs helst under SIP-mötet. Börja med den enskildes egna ord.")
    if not meetings.exists():
        intro = _("Det finns inget genomfört SIP-möte i ärendet som planen kan göras vid. Registrera mötet först.")
    return _form_page(request, case, form, _("Gör planen"), intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = PlanSectionsForm(request.POST or None, instance=version)
    if submit_form(
        request,
        form,
        lambda data: services.plan_version_update(version=version, by=request.user, **data),
        success=_("Planen är sparad."),
    ):
        return redirect(version)
    return _form_page(request, case, form, _("Ändra planens innehåll"), version=version)


@login_required
@require_http_methods(["GET", "POST"])
def lead_set(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    initial = {"lead": version.lead_id, "lead_unit": version.lead_unit_id, "note": version.lead_change_note}
    form = LeadForm(request.POST or None, units=_case_units(case), initial=initial)
    if submit_form(
        request,
        form,
        lambda data: services.plan_set_lead(version=version, by=request.user, **data),
        success=_("Huvudansvarig är utsedd."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Huvudansvarig"),
        version=version,
        intro=_("Huvudansvarig tar över ansvaret för den fortsatta processen och namnges i planen."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = GoalForm(request.POST or None, version=version)
    if submit_form(
        request,
        form,
        lambda data: services.goal_add(version=version, by=request.user, **data),
        success=_("Målet är tillagt."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Nytt mål"),
        version=version,
        intro=_("Målen ska vara konkreta och formulerade tillsammans med den enskilde."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, case_pk: int, version_pk: int, goal_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    goal = get_object_or_404(Goal, pk=goal_pk, version=version)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = GoalForm(request.POST or None, instance=goal, version=version)
    if submit_form(
        request,
        form,
        lambda data: services.goal_update(goal=goal, by=request.user, **data),
        success=_("Målet är sparat."),
    ):
        return redirect(version)
    return _form_page(request, case, form, _("Ändra mål"), version=version)


def _remove_page(request, case_pk: int, version_pk: int, queryset, pk: int, *, remove, title, success, describe):
    """The one shape of every removal from a draft: confirm, call the service, back to the version."""
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    item = get_object_or_404(queryset, pk=pk, version=version)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if submit_form(request, form, lambda data: remove(item, request.user), success=success):
        return redirect(version)
    return _form_page(
        request, case, form, title, version=version, intro=describe(item), danger=True, submit_label=_("Ta bort")
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_remove(request, case_pk: int, version_pk: int, goal_pk: int):
    return _remove_page(
        request,
        case_pk,
        version_pk,
        Goal.objects.all(),
        goal_pk,
        remove=lambda goal, by: services.goal_remove(goal=goal, by=by),
        title=_("Ta bort mål"),
        success=_("Målet är borttaget."),
        describe=lambda goal: goal.text,
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_add(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = InterventionForm(request.POST or None, version=version, units=_case_units(case))
    if submit_form(
        request,
        form,
        lambda data: services.intervention_add(version=version, by=request.user, **data),
        success=_("Insatsen är tillagd."),
    ):
        return redirect(version)
    return _form_page(request, case, form, _("Ny insats"), version=version)


@login_required
@require_http_methods(["GET", "POST"])
def intervention_edit(request, case_pk: int, version_pk: int, intervention_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    intervention = get_object_or_404(Intervention, pk=intervention_pk, version=version)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = InterventionForm(request.POST or None, instance=intervention, version=version, units=_case_units(case))
    if submit_form(
        request,
        form,
        lambda data: services.intervention_update(intervention=intervention, by=request.user, **data),
        success=_("Insatsen är sparad."),
    ):
        return redirect(version)
    return _form_page(request, case, form, _("Ändra insats"), version=version)


@login_required
@require_http_methods(["GET", "POST"])
def intervention_remove(request, case_pk: int, version_pk: int, intervention_pk: int):
    return _remove_page(
        request,
        case_pk,
        version_pk,
        Intervention.objects.all(),
        intervention_pk,
        remove=lambda intervention, by: services.intervention_remove(intervention=intervention, by=by),
        title=_("Ta bort insats"),
        success=_("Insatsen är borttagen."),
        describe=lambda intervention: intervention.what,
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_status(request, case_pk: int, version_pk: int, intervention_pk: int):
    """The performing unit reports where its intervention in the approved plan stands."""
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    intervention = get_object_or_404(
        Intervention.objects.prefetch_related("status_updates"), pk=intervention_pk, version=version
    )
    form = InterventionStatusForm(request.POST or None, initial={"status": intervention.current_status})
    if submit_form(
        request,
        form,
        lambda data: services.intervention_set_status(intervention=intervention, by=request.user, **data),
        success=_("Insatsens status är uppdaterad."),
    ):
        return redirect(version)
    return _form_page(request, case, form, _("Status för insats"), version=version, intro=intervention.what)


@login_required
@require_http_methods(["GET", "POST"])
def contact_set(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = ContactPersonForm(request.POST or None, units=_case_units(case))
    if submit_form(
        request,
        form,
        lambda data: services.contact_person_set(version=version, by=request.user, **data),
        success=_("Kontaktpersonen är sparad."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Kontaktperson"),
        version=version,
        intro=_(
            "Den enskildes kontaktperson i organisationen. En ny kontaktperson för samma enhet ersätter den förra."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_remove(request, case_pk: int, version_pk: int, contact_pk: int):
    return _remove_page(
        request,
        case_pk,
        version_pk,
        ContactPerson.objects.select_related("unit"),
        contact_pk,
        remove=lambda contact, by: services.contact_person_remove(contact=contact, by=by),
        title=_("Ta bort kontaktperson"),
        success=_("Kontaktpersonen är borttagen."),
        describe=lambda contact: f"{contact.display_name}, {contact.unit.name}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, case_pk: int, version_pk: int):
    """A principal signs off its part. Only the principals the user may sign for are offered."""
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = ApproveForm(request.POST or None, principals=principals_user_may_approve(request.user, case, version))
    if submit_form(
        request,
        form,
        lambda data: services.plan_approve_part(version=version, by=request.user, **without_confirm(data)),
        success=_("Godkännandet är registrerat."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Godkänn planen för din huvudman"),
        version=version,
        intro=_(
            "Varje huvudman som har insatser i planen godkänner sin del. Planen är godkänd när alla har gjort det "
            "och den enskildes godkännande är registrerat."
        ),
        submit_label=_("Godkänn"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve_on_paper(request, case_pk: int, version_pk: int):
    """The convener's or lead's unit records a principal's sign-off given on paper (a principal without users
    in Samordna, or downtime). Only principals with interventions that have not signed are offered."""
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if not can_convene(request.user, case):
        raise PermissionDenied
    if refused := _not_offered_when_locked(request, version):
        return refused
    waiting = [row.principal.pk for row in approval_rows(version) if row.approval is None]
    form = PaperApprovalForm(request.POST or None, principals=Principal.objects.filter(pk__in=waiting).order_by("name"))
    if submit_form(
        request,
        form,
        lambda data: services.plan_approve_part_on_paper(version=version, by=request.user, **without_confirm(data)),
        success=_("Godkännandet på papper är registrerat."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Registrera ett godkännande på papper"),
        version=version,
        intro=_(
            "För en huvudman vars personal inte använder Samordna, eller när planen godkändes på papper under ett "
            "driftstopp. Ange vem som skrev under och när; pappret förvaras i journalen eller akten."
        ),
        submit_label=_("Registrera godkännandet"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def individual_agreement(request, case_pk: int, version_pk: int):
    case = _case(request, case_pk)
    version = _version(case, version_pk)
    if refused := _not_offered_when_locked(request, version):
        return refused
    form = IndividualAgreementForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.plan_record_individual_agreement(version=version, by=request.user, **data),
        success=_("Den enskildes godkännande är registrerat."),
    ):
        return redirect(version)
    return _form_page(
        request,
        case,
        form,
        _("Den enskildes godkännande"),
        version=version,
        intro=_("Registrera hur och när den enskilde (eller företrädaren) godkände planen som den är skriven."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_report(request, case_pk: int):
    """Any actor tells the lead about something that affects the plan."""
    case = _case(request, case_pk)
    units = Unit.objects.filter(pk__in=acting_unit_ids(request.user, case)).select_related("principal")
    form = EventReportForm(request.POST or None, units=units)
    if submit_form(
        request,
        form,
        lambda data: services.plan_event_report(case=case, by=request.user, **data),
        success=_("Händelsen är rapporterad till huvudansvarig."),
    ):
        return redirect("plans:detail", case.pk)
    return _form_page(request, case, form, _("Rapportera händelse till huvudansvarig"))


@login_required
@require_http_methods(["GET", "POST"])
def event_decide(request, case_pk: int, event_pk: int):
    case = _case(request, case_pk)
    event = get_object_or_404(PlanEvent, pk=event_pk, case=case)
    if not is_lead(request.user, case):
        raise PermissionDenied
    form = EventDecideForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.plan_event_decide(event=event, by=request.user, **data),
        success=_("Beslutet är registrerat."),
    ):
        return redirect("plans:detail", case.pk)
    return _form_page(
        request,
        case,
        form,
        _("Beslut om händelse"),
        intro=_("En tidigarelagd uppföljning kallas till från mötessidan."),
        event=event,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, case_pk: int):
    """At a held follow-up: a new version from the approved one."""
    case = _case(request, case_pk)
    version = get_object_or_404(PlanVersion.objects.select_related("plan"), plan__case=case, status=PlanStatus.APPROVED)
    form = ReviseForm(request.POST or None, meetings=follow_ups_for_revision(case))
    created = {}
    if submit_form(
        request,
        form,
        lambda data: created.setdefault(
            "version", services.plan_revise(version=version, by=request.user, meeting=data["meeting"])
        ),
        success=_("En ny version är gjord. Utvärdera mål och insatser och ändra det som behövs."),
    ):
        return redirect(created["version"])
    return _form_page(
        request,
        case,
        form,
        _("Ny version vid uppföljning"),
        intro=_("Texterna, målen och insatserna följer med till den nya versionen där de utvärderas och ändras."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, case_pk: int):
    """The lead closes the case at a follow-up."""
    case = _case(request, case_pk)
    if not is_lead(request.user, case):
        raise PermissionDenied
    form = PlanCloseForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.plan_close_case(case=case, by=request.user, **without_confirm(data)),
        success=_("Ärendet är avslutat."),
    ):
        return redirect(case)
    return _form_page(request, case, form, _("Avsluta ärendet"), danger=True, submit_label=_("Avsluta ärendet"))


@login_required
def history(request, case_pk: int):
    """Each text section of the plan in every version."""
    case = get_visible_case(request.user, case_pk)
    plan = get_object_or_404(Plan, case=case)
    audit_read(user=request.user, obj=plan, person_id=case.person_id, summary="plan_history")
    return render(
        request,
        "plans/history.html",
        {"case": case, "history": section_history(plan), "goal_outcomes": goal_outcome_history(plan)},
    )


@login_required
def compare(request, case_pk: int):
    """Any two versions side by side with the changes marked."""
    case = get_visible_case(request.user, case_pk)
    versions = plan_versions(case).select_related("lead", "lead_unit")
    listed = list(versions)
    if not listed:
        raise Http404
    if "a" in request.GET:
        form = CompareForm(request.GET, versions=versions)
    else:
        default_old = listed[-2] if len(listed) > 1 else listed[-1]
        form = CompareForm(versions=versions, initial={"a": default_old.pk, "b": listed[-1].pk})
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = compare_versions(form.cleaned_data["a"], form.cleaned_data["b"])
    elif not form.is_bound and len(listed) > 1:
        comparison = compare_versions(listed[-2], listed[-1])
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="plan_compare")
    return render(request, "plans/compare.html", {"case": case, "form": form, "comparison": comparison})


@login_required
def pdf(request, case_pk: int, version_pk: int):
    """The plan as PDF for the individual and for actors without access."""
    case = get_visible_case(request.user, case_pk)
    version = get_object_or_404(versions_with_content(case), pk=version_pk)
    document = render_pdf("plans/plan_pdf.html", plan_document_context(case, version), request=request)
    audit_record(user=request.user, action=AuditAction.PRINT, obj=version, person_id=case.person_id, summary="plan_pdf")
    return pdf_response(document, f"plan-{case.reference}-v{version.number}.pdf")


@login_required
def pdf_relative(request, case_pk: int, version_pk: int, related_pk: int):
    """A relative's copy, only when the consent in force covers that relative."""
    case = get_visible_case(request.user, case_pk)
    version = get_object_or_404(versions_with_content(case), pk=version_pk)
    relative = next((r for r in relatives_for_copy(case) if r.pk == related_pk), None)
    if relative is None:
        raise Http404
    document = render_pdf("plans/plan_pdf.html", plan_document_context(case, version, relative), request=request)
    audit_record(
        user=request.user,
        action=AuditAction.PRINT,
        obj=version,
        person_id=case.person_id,
        summary=f"plan_pdf_relative:{relative.pk}",
    )
    return pdf_response(document, f"plan-{case.reference}-v{version.number}-narstaende.pdf")
