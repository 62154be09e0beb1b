"""Rutinkollen pages. Thin: access in routine_audits.policies, writes in routine_audits.services."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.services import audit_read, audit_read_many
from samordna.cases.policies import visible_cases
from samordna.common import clock
from samordna.common.views import submit_form
from samordna.organizations.models import Membership, Role, Unit
from samordna.routine_audits import services
from samordna.routine_audits.forms import IndicatorAnswersForm, RoutineAuditCompleteForm, RoutineAuditCreateForm
from samordna.routine_audits.models import Indicator
from samordna.routine_audits.policies import can_review, get_visible_audit, managed_unit_ids, manages_audit_unit
from samordna.routine_audits.selectors import (
    audit_for_page,
    audited_case_for_page,
    audits_for_user,
    indicator_results,
    result_unit_ids,
)

FORM_PAGE = "form_page.html"


@login_required
def audit_list(request):
    """The audits I manage or review, and the results per indicator over time for those units."""
    context = {
        "audits": list(audits_for_user(request.user)),
        "results": indicator_results(result_unit_ids(request.user)),
        "indicators": Indicator.choices,
        "is_manager": bool(managed_unit_ids(request.user)),
    }
    return render(request, "routine_audits/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audit_create(request):
    """A manager draws the sample and names the reviewers."""
    managed = managed_unit_ids(request.user)
    if not managed:
        raise PermissionDenied
    units = Unit.objects.filter(pk__in=managed).select_related("principal")
    reviewers = (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit_id__in=managed, memberships__role__in=(Role.STAFF, Role.MANAGER)
        )
        .distinct()
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.filter(unit_id__in=managed).select_related("unit"))
        )
        .order_by("last_name", "first_name")
    )
    today = clock.today()
    form = RoutineAuditCreateForm(
        request.POST or None,
        units=units,
        reviewers=reviewers,
        initial={"period_start": today.replace(month=1, day=1), "period_end": today},
    )
    created = {}

    def create(data):
        created["audit"] = services.routine_audit_create(by=request.user, **data)

    if submit_form(request, form, create, success=_("Urvalet är draget och sparat. Granskarna kan börja.")):
        return redirect(created["audit"])
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("Ny rutinkoll"),
            "cancel_url": reverse("routine_audits:list"),
            "intro": _(
                "Ett slumpmässigt urval dras bland enhetens ärenden där behovet uppmärksammades under perioden. "
                "Urvalet sparas, så det ändras inte om fler ärenden tillkommer."
            ),
            "submit_label": _("Dra urval"),
        },
    )


@login_required
def audit_detail(request, pk: int):
    audit = audit_for_page(request.user, pk)
    # The page lists the sampled cases by number: one read per case, so each person's log extract finds it.
    audit_read_many(user=request.user, objects=[item.case for item in audit.sample.all()], summary="routine_audit")
    visible_ids = set(
        visible_cases(request.user)
        .filter(pk__in=[item.case_id for item in audit.sample.all()])
        .values_list("pk", flat=True)
    )
    sample = [{"item": item, "case_visible": item.case_id in visible_ids} for item in audit.sample.all()]
    context = {
        "audit": audit,
        "sample": sample,
        "indicator_count": len(Indicator.values),
        "can_review": not audit.is_completed and can_review(request.user, audit),
        "can_complete": not audit.is_completed and manages_audit_unit(request.user, audit),
        "results": indicator_results([audit.unit_id]) if audit.is_completed else [],
    }
    return render(request, "routine_audits/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audited_case_review(request, pk: int, audited_pk: int):
    """A reviewer answers the five indicators for one case in the sample. The page shows the case number and
    links to the case page; the case content is read there, under the case access rules."""
    audit = get_visible_audit(request.user, pk)
    audited = audited_case_for_page(audit, audited_pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=audited, person_id=audited.case.person_id, summary="routine_audit_review")
    form = IndicatorAnswersForm(request.POST or None, initial=IndicatorAnswersForm.initial_from(audited.answers.all()))
    if not audit.is_completed and submit_form(
        request,
        form,
        lambda data: services.indicator_answers_save(audited_case=audited, by=request.user, answers=form.answers()),
        success=_("Bedömningen är sparad."),
    ):
        return redirect(audit)
    context = {
        "audit": audit,
        "audited": audited,
        "form": form,
        "case_visible": visible_cases(request.user).filter(pk=audited.case_id).exists(),
        "can_review": not audit.is_completed and can_review(request.user, audit),
    }
    return render(request, "routine_audits/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audit_complete(request, pk: int):
    """Confirmation before the manager completes the audit."""
    audit = get_visible_audit(request.user, pk)
    if not manages_audit_unit(request.user, audit):
        raise PermissionDenied
    form = RoutineAuditCompleteForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.routine_audit_complete(audit=audit, by=request.user),
        success=_("Rutinkollen är slutförd."),
    ):
        return redirect(audit)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("Slutför rutinkollen"),
            "subject": str(audit),
            "cancel_url": audit.get_absolute_url(),
            "danger": True,
            "submit_label": _("Slutför"),
        },
    )
