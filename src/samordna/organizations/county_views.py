"""Read-only pages for county coordinators (länssamordnare): the routine profiles and the county's
contact directory. No case content: these pages read organisations only, and case and person policies
give the role nothing (they admit staff and managers only).

Anyone without the county-coordinator role gets 403; anonymous visitors are sent to the login page.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samordna.organizations.models import ContactRoute, Principal, Role, RoutineProfile
from samordna.organizations.selectors import user_unit_ids

CONTACTS_PER_PAGE = 50
# Fields shown on a profile's page, in the order of the county routine documents.
PROFILE_FIELDS = (
    "source",
    "consent_default_validity_days",
    "consent_max_validity_days",
    "invitation_answer_working_days",
    "plan_documentation_working_days",
    "meeting_within_days",
    "discharge_invitation_days",
    "withdrawn_documentation",
    "protected_identity_handling",
)


def county_coordinator_required(view):
    """Only county coordinators pass, whatever the method (a refused POST is a 403 like a refused GET)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_unit_ids(request.user, roles=(Role.COUNTY_COORDINATOR,)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class ContactSearchForm(forms.Form):
    principal = forms.ModelChoiceField(
        label=_("Huvudman (kommun, region)"),
        queryset=Principal.objects.all(),
        required=False,
        empty_label=_("Alla huvudmän"),
    )
    q = forms.CharField(label=_("Enhet"), max_length=100, required=False, help_text=_("Del av enhetens namn."))


@login_required
@county_coordinator_required
@require_GET
def routine_profile_list(request):
    profiles = RoutineProfile.objects.prefetch_related("principal_set").order_by("name")
    return render(
        request,
        "organizations/county/profiles.html",
        {"profiles": profiles, "default_code": settings.SAMORDNA_ROUTINE_PROFILE},
    )


@login_required
@county_coordinator_required
@require_GET
def routine_profile_detail(request, pk: int):
    profile = get_object_or_404(RoutineProfile, pk=pk)
    is_default = profile.code == settings.SAMORDNA_ROUTINE_PROFILE
    facts = []
    for name in PROFILE_FIELDS:
        field = profile._meta.get_field(name)
        value = getattr(profile, f"get_{name}_display")() if field.choices else getattr(profile, name)
        facts.append((field.verbose_name, value))
    principals = Principal.objects.filter(
        Q(routine_profile=profile) | Q(routine_profile__isnull=True) if is_default else Q(routine_profile=profile)
    ).order_by("name")
    return render(
        request,
        "organizations/county/profile_detail.html",
        {"profile": profile, "facts": facts, "principals": principals, "is_default": is_default},
    )


@login_required
@county_coordinator_required
@require_GET
def contact_directory(request):
    """Every active unit's contact routes, searchable by principal and unit name."""
    form = ContactSearchForm(request.GET or None)
    routes = ContactRoute.objects.filter(unit__is_active=True).select_related("unit__principal")
    if form.is_valid():
        if form.cleaned_data["principal"]:
            routes = routes.filter(unit__principal=form.cleaned_data["principal"])
        if form.cleaned_data["q"]:
            routes = routes.filter(unit__name__icontains=form.cleaned_data["q"].strip())
    routes = routes.order_by("unit__principal__name", "unit__name", "label", "id")
    page = Paginator(routes, CONTACTS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "organizations/county/contacts.html", {"form": form, "page": page})
