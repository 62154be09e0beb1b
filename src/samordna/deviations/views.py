"""Deviation and dispute pages. Thin: who sees what lives in deviations.policies, the steps in
deviations.services. A deviation or dispute the user may not see answers 404; every page showing one is
audited as a read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samordna.audit.services import audit_read, audit_read_many
from samordna.cases.policies import can_view_case, get_visible_case, visible_cases
from samordna.common import clock
from samordna.common.views import submit_form
from samordna.deviations import services
from samordna.deviations.forms import (
    DeviationAnswerForm,
    DeviationCloseForm,
    DeviationCommentForm,
    DeviationReportForm,
    DisputeEscalateForm,
    DisputeInterimForm,
    DisputeOpenForm,
    DisputeResolveForm,
)
from samordna.deviations.models import DisputeStatus
from samordna.deviations.policies import (
    CASE_ROLES,
    deviation_actions,
    ensure_concerned_manager,
    ensure_reporting_manager,
    get_visible_deviation,
    handles_dispute_now,
    is_party_to_dispute,
    managed_unit_ids,
    manages_either_unit,
)
from samordna.deviations.selectors import (
    deviation_for_page,
    deviation_steps,
    deviation_timeline,
    deviations_concerning_my_units,
    deviations_reported_by_my_units,
    dispute_for_page,
    disputes_for_user,
    escalation_ladder,
)
from samordna.organizations.models import Unit
from samordna.organizations.selectors import active_units, user_unit_ids

FORM_PAGE = "form_page.html"
LIST_LIMIT = 200


def _form_page(request, form, title: str, cancel_url: str, subject: str = "", **extra):
    context = {"form": form, "title": title, "cancel_url": cancel_url, "subject": subject, **extra}
    return render(request, FORM_PAGE, context)


@login_required
def deviation_list(request):
    """My unit's deviations: those it reported (or I reported) and those that concern the units I manage, and
    the disputes I take part in."""
    reported = list(deviations_reported_by_my_units(request.user)[:LIST_LIMIT])
    concerning = list(deviations_concerning_my_units(request.user)[:LIST_LIMIT])
    disputes = list(disputes_for_user(request.user)[:LIST_LIMIT])
    shown = {deviation.pk: deviation for deviation in reported + concerning}
    audit_read_many(user=request.user, objects=list(shown.values()), summary="deviation_list")
    audit_read_many(user=request.user, objects=disputes, summary="dispute_list")
    context = {
        "reported": reported,
        "concerning": concerning,
        "disputes": disputes,
        "is_manager": bool(managed_unit_ids(request.user)),
        "can_report": bool(user_unit_ids(request.user, roles=CASE_ROLES)),
    }
    return render(request, "deviations/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deviation_report(request):
    """Any staff member reports a deviation, on its own or from a case (`?arende=<id>`, access-checked)."""
    reporting_units = Unit.objects.filter(id__in=user_unit_ids(request.user, roles=CASE_ROLES)).select_related(
        "principal"
    )
    if not reporting_units.exists():
        raise PermissionDenied
    initial = {"occurred_on": clock.today()}
    case_id = request.GET.get("arende", "")
    if case_id.isdigit():
        case = get_visible_case(request.user, int(case_id))
        initial["case_reference"] = case.reference
        if request.method == "GET":
            audit_read(user=request.user, obj=case, person_id=case.person_id, summary="deviation_report_form")
    form = DeviationReportForm(
        request.POST or None,
        reporting_units=reporting_units,
        concerned_units=active_units(),
        cases=visible_cases(request.user),
        initial=initial,
    )
    created = {}

    def report(data):
        created["deviation"] = services.deviation_report(by=request.user, **form.service_data())

    if submit_form(request, form, report, success=_("Avvikelsen är rapporterad till den berörda enhetens chef.")):
        return redirect(created["deviation"])
    return _form_page(
        request,
        form,
        _("Rapportera avvikelse"),
        cancel_url=reverse("deviations:list"),
        intro=_(
            "En avvikelse rapporteras när samverkan mellan parterna inte fungerar som tänkt. Den går till chefen "
            "för den berörda enheten, som svarar skriftligt med orsak och åtgärder."
        ),
        submit_label=_("Rapportera"),
    )


@login_required
def deviation_detail(request, pk: int):
    deviation = deviation_for_page(request.user, pk)
    audit_read(user=request.user, obj=deviation, person_id=deviation.person_id, summary="deviation_detail")
    actions = deviation_actions(request.user, deviation)
    context = {
        "deviation": deviation,
        "steps": deviation_steps(deviation),
        "timeline": deviation_timeline(deviation),
        "actions": actions,
        "is_unit_manager": manages_either_unit(request.user, deviation),
        "case_visible": deviation.case_id is not None and can_view_case(request.user, deviation.case),
        "comment_form": DeviationCommentForm() if actions["comment"] else None,
    }
    return render(request, "deviations/detail.html", context)


def _deviation_step(request, pk: int, service, success: str):
    deviation = get_visible_deviation(request.user, pk)
    try:
        service(deviation=deviation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(deviation)


@login_required
@require_POST
def deviation_receive(request, pk: int):
    return _deviation_step(request, pk, services.deviation_receive, _("Avvikelsen är mottagen."))


@login_required
@require_POST
def deviation_start_resolving(request, pk: int):
    return _deviation_step(
        request, pk, services.deviation_start_resolving, _("Hanteringen har börjat. Båda enheternas chefer kan skriva.")
    )


@login_required
@require_POST
def deviation_comment(request, pk: int):
    deviation = get_visible_deviation(request.user, pk)
    form = DeviationCommentForm(request.POST)
    if submit_form(
        request,
        form,
        lambda data: services.deviation_comment(deviation=deviation, by=request.user, **data),
        success=_("Kommentaren är sparad."),
    ):
        return redirect(deviation)
    return _form_page(request, form, _("Skriv kommentar"), deviation.get_absolute_url(), deviation.reference)


@login_required
@require_http_methods(["GET", "POST"])
def deviation_answer(request, pk: int):
    deviation = get_visible_deviation(request.user, pk)
    ensure_concerned_manager(request.user, deviation)
    if request.method == "GET":
        audit_read(user=request.user, obj=deviation, person_id=deviation.person_id, summary="deviation_answer_form")
    form = DeviationAnswerForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.deviation_answer(deviation=deviation, by=request.user, **data),
        success=_("Svaret är skickat till den rapporterande enheten."),
    ):
        return redirect(deviation)
    return _form_page(
        request,
        form,
        _("Svara skriftligt på avvikelsen"),
        deviation.get_absolute_url(),
        f"{deviation.reference} · {deviation.get_category_display()}",
        intro=_(
            "Svaret går till den rapporterande enheten. Ange orsaken och de åtgärder enheten planerar eller har gjort."
        ),
        submit_label=_("Skicka svaret"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deviation_close(request, pk: int):
    """Confirmation page before the reporting unit's manager closes the deviation."""
    deviation = get_visible_deviation(request.user, pk)
    ensure_reporting_manager(request.user, deviation)
    if request.method == "GET":
        audit_read(user=request.user, obj=deviation, person_id=deviation.person_id, summary="deviation_close_form")
    form = DeviationCloseForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.deviation_close(deviation=deviation, by=request.user),
        success=_("Avvikelsen är avslutad."),
    ):
        return redirect(deviation)
    return _form_page(
        request,
        form,
        _("Avsluta avvikelsen"),
        deviation.get_absolute_url(),
        deviation.reference,
        intro=_("Avsluta när den berörda enhetens svar med orsak och åtgärder har tagits emot."),
        danger=True,
        submit_label=_("Avsluta avvikelsen"),
    )


# Disputes


@login_required
@require_http_methods(["GET", "POST"])
def dispute_open(request):
    """A manager raises a dispute, on its own or from a deviation (`?avvikelse=<id>`)."""
    own_units = Unit.objects.filter(id__in=managed_unit_ids(request.user)).select_related("principal")
    if not own_units.exists():
        raise PermissionDenied
    deviation = None
    # The form posts back to the same URL, query string included.
    deviation_id = request.GET.get("avvikelse", "")
    other_units = active_units()
    initial = {}
    if deviation_id.isdigit():
        deviation = get_visible_deviation(request.user, int(deviation_id))
        if request.method == "GET":
            audit_read(user=request.user, obj=deviation, person_id=deviation.person_id, summary="dispute_open_form")
        pair = {deviation.reporting_unit_id, deviation.concerned_unit_id}
        own_units = own_units.filter(pk__in=pair)
        other_units = other_units.filter(pk__in=pair)
        mine = own_units.first()
        if mine is not None:
            initial["other_unit"] = (pair - {mine.pk}).pop()
    form = DisputeOpenForm(request.POST or None, own_units=own_units, other_units=other_units, initial=initial)
    created = {}

    def open_dispute(data):
        created["dispute"] = services.dispute_open(by=request.user, deviation=deviation, **data)

    if submit_form(request, form, open_dispute, success=_("Tvisten är registrerad.")):
        return redirect(created["dispute"])
    return _form_page(
        request,
        form,
        _("Lyft en tvist"),
        deviation.get_absolute_url() if deviation else reverse("deviations:list"),
        deviation.reference if deviation else "",
        intro=_(
            "Tvister löses i första hand av närmaste chefer. Går det inte lyfts frågan vidare i respektive "
            "huvudmans linjeorganisation. Kom under tiden överens om en tillfällig ansvarsfördelning."
        ),
        submit_label=_("Registrera tvisten"),
    )


@login_required
def dispute_detail(request, dispute_pk: int):
    dispute = dispute_for_page(request.user, dispute_pk)
    audit_read(user=request.user, obj=dispute, person_id=dispute.person_id, summary="dispute_detail")
    handles = dispute.is_open and handles_dispute_now(request.user, dispute)
    is_party = is_party_to_dispute(request.user, dispute)
    context = {
        "is_party": is_party,
        "dispute": dispute,
        "can_handle": handles,
        "can_escalate": handles and dispute.level < services.highest_level(dispute),
        "can_change_interim": dispute.is_open and (handles or is_party),
        "case_visible": dispute.case_id is not None and can_view_case(request.user, dispute.case),
        "resolved": dispute.status == DisputeStatus.RESOLVED,
        "ladder": escalation_ladder(dispute),
    }
    return render(request, "deviations/dispute_detail.html", context)


def _dispute_form(request, dispute_pk: int, form_class, service, title: str, success: str, **extra):
    dispute = dispute_for_page(request.user, dispute_pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=dispute, person_id=dispute.person_id, summary="dispute_form")
    form = form_class(request.POST or None, **({"initial": extra.pop("initial")} if "initial" in extra else {}))
    if submit_form(
        request,
        form,
        lambda data: service(dispute=dispute, by=request.user, **{k: v for k, v in data.items() if k != "confirm"}),
        success=success,
    ):
        return redirect(dispute)
    return _form_page(request, form, title, dispute.get_absolute_url(), dispute.reference, **extra)


@login_required
@require_http_methods(["GET", "POST"])
def dispute_escalate(request, dispute_pk: int):
    return _dispute_form(
        request,
        dispute_pk,
        DisputeEscalateForm,
        services.dispute_escalate,
        _("Lyft tvisten till nästa nivå"),
        _("Tvisten är lyft till nästa nivå."),
        submit_label=_("Lyft tvisten"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispute_interim(request, dispute_pk: int):
    dispute = dispute_for_page(request.user, dispute_pk)
    return _dispute_form(
        request,
        dispute_pk,
        DisputeInterimForm,
        services.dispute_set_interim,
        _("Ändra den tillfälliga ansvarsfördelningen"),
        _("Den tillfälliga ansvarsfördelningen är sparad."),
        initial={"interim_arrangement": dispute.interim_arrangement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispute_resolve(request, dispute_pk: int):
    return _dispute_form(
        request,
        dispute_pk,
        DisputeResolveForm,
        services.dispute_resolve,
        _("Registrera tvistens utfall"),
        _("Tvisten är registrerad som löst."),
        danger=True,
        submit_label=_("Registrera utfallet"),
    )
