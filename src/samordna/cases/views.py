"""Case pages: start, the case page, consent, actors, preparation, closure. Thin: access and rules live
in cases.policies and cases.services; every page showing the case is audited as a read."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read, audit_record
from samordna.cases import services
from samordna.cases.forms import (
    ActorAddForm,
    ActorLeaveForm,
    AssessmentForm,
    CaseCloseForm,
    CaseStartForm,
    ConsentRecordForm,
    PreparationForm,
    ProtectedIdentityViewerForm,
    ProtectedIdentityViewerRevokeForm,
)
from samordna.cases.policies import (
    ensure_can_name_protected_identity_viewers,
    get_visible_case,
    units_seeing_case,
    valid_consent,
    visible_cases,
)
from samordna.cases.selectors import case_preparation, protected_identity_viewers, staff_of_units
from samordna.common import clock
from samordna.common.forms import add_service_errors, error_codes
from samordna.common.pdf import pdf_response, render_pdf
from samordna.common.views import submit_form
from samordna.organizations.selectors import active_units, outpatient_unit_of, units_for_user
from samordna.people.models import Person
from samordna.people.policies import visible_persons
from samordna.people.views import LOOKUP_SESSION_KEY

FORM_PAGE = "form_page.html"


def case_for_form(request, pk: int):
    """The case behind a form page; 404 when not visible. Showing the form is a read of the case."""
    case = get_visible_case(request.user, pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary=request.resolver_match.url_name)
    return case


def without_confirm(data: dict) -> dict:
    """The cleaned data without the confirmation tick box, which is the form's business, not the service's."""
    return {key: value for key, value in data.items() if key != "confirm"}


def case_form_page(request, case, form, title: str, **extra):
    context = {"form": form, "title": title, "subject": f"{case.reference} · {case.person.display_name}"}
    context.setdefault("cancel_url", case.get_absolute_url())
    context.update(extra)
    return render(request, FORM_PAGE, context)


def _person_for_new_case(request) -> Person:
    """The person just looked up or registered in this session, or one the user already may see."""
    person_id = request.GET.get("person") or request.POST.get("person") or ""
    if not person_id.isdigit():
        raise Http404
    if int(person_id) == request.session.get(LOOKUP_SESSION_KEY):
        return get_object_or_404(Person, pk=person_id)
    return get_object_or_404(visible_persons(request.user), pk=person_id)


@login_required
@require_http_methods(["GET", "POST"])
def case_start(request):
    """Start a case for the person just found or registered (or one the user already may see)."""
    person = _person_for_new_case(request)
    units = units_for_user(request.user).filter(memberships__role__in=("staff", "manager")).distinct()
    form = CaseStartForm(request.POST or None, units=units, initial={"need_noticed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        convener = data.pop("convener") or request.user
        if not data.pop("is_discharge"):
            data.update(discharge_ward=None, discharge_sent_at=None, expected_discharge_on=None)
        elif convener != request.user:
            data.update(convener=convener, unit=outpatient_unit_of(convener) or data["unit"])
        try:
            case = services.case_start(by=request.user, person=person, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ärendet är startat. Nästa steg är att registrera samtycke."))
            return redirect(case)
    elif request.method == "GET":
        audit_read(user=request.user, obj=person, person_id=person.pk, summary="case_start_form")
    paper_only = [unit for unit in units if person.protected_identity and services.is_paper_only(unit)]
    context = {
        "form": form,
        "person": person,
        "paper_only": bool(paper_only),
        "only_paper": bool(paper_only) and len(paper_only) == len(units),
        "paper_only_message": services.PROTECTED_IDENTITY_PAPER_ONLY,
    }
    return render(request, "cases/start.html", context)


@login_required
def paper_kit(request):
    """The printable kit for a protected person whose case the routine keeps on paper: a blank consent form, an
    invitation and a plan template, with the person named only as "Skyddad identitet"."""
    person = _person_for_new_case(request)
    if not person.protected_identity:
        raise Http404
    audit_record(user=request.user, action=AuditAction.PRINT, obj=person, person_id=person.pk, summary="paper_kit")
    document = render_pdf("cases/paper_kit_pdf.html", {"person": person, "printed_on": clock.today()})
    return pdf_response(document, "sip-pappersunderlag.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request, pk: int):
    case = case_for_form(request, pk)
    form = AssessmentForm(request.POST or None, initial={"assessment": case.assessment, "note": case.assessment_note})
    if submit_form(
        request,
        form,
        lambda data: services.case_record_assessment(case=case, by=request.user, **data),
        success=_("Bedömningen är sparad."),
    ):
        return redirect(case)
    return case_form_page(request, case, form, _("Bedömning av om SIP-process ska inledas"))


@login_required
@require_http_methods(["GET", "POST"])
def consent_record(request, pk: int):
    case = case_for_form(request, pk)
    current = valid_consent(case)
    initial = {"valid_from": clock.today(), "given_by": "guardians" if case.person.is_minor() else "individual"}
    if current is not None:
        initial.update(
            units=list(current.units.all()),
            information_scope=current.information_scope,
            exclusions=current.exclusions,
        )
    else:
        initial["units"] = [actor.unit for actor in case.actors.filter(left_at__isnull=True).select_related("unit")]
    extra_unit = request.GET.get("unit")
    if extra_unit and extra_unit.isdigit() and request.method == "GET":
        initial["units"] = list(initial["units"]) + list(active_units().filter(pk=extra_unit))
    form = ConsentRecordForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        max_upload_bytes=settings.UPLOAD_MAX_BYTES,
        initial=initial,
    )
    if submit_form(
        request,
        form,
        lambda data: services.consent_record(case=case, by=request.user, **data),
        success=_("Samtycket är registrerat."),
    ):
        return redirect(case)
    return case_form_page(
        request,
        case,
        form,
        _("Registrera samtycke"),
        intro=_(
            "Fråga också vad den enskilde inte vill ska delas. Ett nytt samtycke ersätter det som gäller nu. "
            "Längsta giltighet enligt rutinen: %(days)s dagar."
        )
        % {"days": case.routine_profile.consent_max_validity_days},
        multipart=True,
    )


@login_required
def consent_scan(request, pk: int, consent_pk: int):
    """The scanned consent form, served only through this access-checked, audited view."""
    case = get_visible_case(request.user, pk)
    consent = get_object_or_404(case.consents, pk=consent_pk)
    if not consent.scan:
        raise Http404
    audit_record(
        user=request.user, action=AuditAction.READ, obj=consent, person_id=case.person_id, summary="consent_scan"
    )
    response = FileResponse(consent.scan.open("rb"), as_attachment=True, filename=f"samtycke-{case.reference}")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def actor_add(request, pk: int):
    case = case_for_form(request, pk)
    existing = case.actors.filter(left_at__isnull=True).values_list("unit_id", flat=True)
    form = ActorAddForm(request.POST or None, units=active_units().exclude(pk__in=list(existing)))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_add_actor(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if "unit_not_covered" in error_codes(error):
                messages.warning(request, _("Enheten omfattas inte av samtycket. Registrera ett nytt samtycke först."))
                return redirect(f"{case.get_absolute_url()}samtycke/nytt/?unit={form.cleaned_data['unit'].pk}")
            add_service_errors(form, error)
        else:
            messages.success(request, _("Enheten är tillagd som aktör."))
            return redirect(case)
    return case_form_page(
        request,
        case,
        form,
        _("Lägg till aktör"),
        intro=_("En enhet som inte omfattas av samtycket kräver ett nytt samtycke innan den läggs till."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_leave(request, pk: int, actor_pk: int):
    case = case_for_form(request, pk)
    actor = get_object_or_404(case.actors.select_related("unit"), pk=actor_pk, left_at__isnull=True)
    form = ActorLeaveForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.case_leave_actor(actor=actor, by=request.user, **without_confirm(data)),
        success=_("%(unit)s har lämnat ärendet.") % {"unit": actor.unit.name},
    ):
        still_visible = visible_cases(request.user).filter(pk=case.pk).exists()
        return redirect(case) if still_visible else redirect("overview:home")
    return case_form_page(request, case, form, _("%(unit)s lämnar ärendet") % {"unit": actor.unit.name}, danger=True)


@login_required
@require_http_methods(["GET", "POST"])
def preparation_edit(request, pk: int):
    case = case_for_form(request, pk)
    preparation = case_preparation(case)
    form = PreparationForm(request.POST or None, instance=preparation, case=case)
    if submit_form(
        request,
        form,
        lambda data: services.preparation_save(case=case, by=request.user, **data),
        success=_("Förberedelsen är sparad."),
    ):
        return redirect(case)
    return case_form_page(
        request,
        case,
        form,
        _("Förberedelse med den enskilde"),
        intro=_("Börja med den enskildes egna ord: Vad är viktigt för dig?"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk: int):
    case = case_for_form(request, pk)
    form = CaseCloseForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.case_close(case=case, by=request.user, **without_confirm(data)),
        success=_("Ärendet är avslutat."),
    ):
        return redirect(case)
    return case_form_page(request, case, form, _("Avsluta ärendet"), danger=True, submit_label=_("Avsluta ärendet"))


def _protected_identity_case(request, pk: int):
    """The case, 404 when not visible; 403 unless the user manages the convener's unit."""
    case = get_visible_case(request.user, pk)
    ensure_can_name_protected_identity_viewers(request.user, case)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def protected_identity(request, pk: int):
    """The convener's unit manager names who may see a protected person's name, address and phone."""
    case = _protected_identity_case(request, pk)
    named = protected_identity_viewers(case)
    active_ids = [viewer.user_id for viewer in named if viewer.is_active]
    staff = staff_of_units(units_seeing_case(case)).exclude(pk__in=active_ids)
    form = ProtectedIdentityViewerForm(request.POST or None, staff=staff)
    if submit_form(
        request,
        form,
        lambda data: services.protected_identity_viewer_add(case=case, by=request.user, **data),
        success=_("Medarbetaren är utsedd."),
    ):
        return redirect("cases:protected_identity", pk=case.pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary="protected_identity")
    context = {"case": case, "person": case.person, "form": form, "viewers": named}
    return render(request, "cases/protected_identity.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def protected_identity_revoke(request, pk: int, viewer_pk: int):
    case = _protected_identity_case(request, pk)
    viewer = get_object_or_404(protected_identity_viewers(case), pk=viewer_pk, revoked_at__isnull=True)
    form = ProtectedIdentityViewerRevokeForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.protected_identity_viewer_revoke(case=case, by=request.user, viewer=viewer),
        success=_("Behörigheten är återkallad."),
    ):
        return redirect("cases:protected_identity", pk=case.pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary="protected_identity_revoke")
    return case_form_page(
        request,
        case,
        form,
        _("Återkalla behörighet för %(name)s") % {"name": viewer.user.get_full_name() or viewer.user.get_username()},
        cancel_url=reverse("cases:protected_identity", args=[case.pk]),
        danger=True,
        submit_label=_("Återkalla"),
    )
