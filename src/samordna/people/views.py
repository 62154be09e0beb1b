"""Finding and registering the individual and their circle. Every page that shows a person is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.services import audit_read
from samordna.cases.policies import visible_cases
from samordna.common.forms import add_service_errors
from samordna.common.views import submit_form
from samordna.people import services
from samordna.people.forms import GuardianForm, PersonForm, PersonSearchForm, RelatedPersonForm, RepresentativeForm
from samordna.people.models import Person
from samordna.people.policies import can_see_protected_details, get_visible_person, is_case_staff

LOOKUP_SESSION_KEY = "samordna_person_lookup"


def _require_staff(request) -> None:
    if not is_case_staff(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def person_search(request):
    """Look a person up by full identity number. POST keeps the number out of URLs and server logs."""
    _require_staff(request)
    form = PersonSearchForm(request.POST or None)
    person = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        number = form.cleaned_data["personal_identity_number"]
        person = Person.objects.filter(personal_identity_number=number).first()
        if person is not None:
            request.session[LOOKUP_SESSION_KEY] = person.pk
            audit_read(user=request.user, obj=person, person_id=person.pk, summary="person_search")
        else:
            request.session[LOOKUP_SESSION_KEY] = None
            request.session["samordna_new_person_number"] = number
    return render(request, "people/search.html", {"form": form, "person": person, "searched": searched})


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    _require_staff(request)
    initial = {"personal_identity_number": request.session.get("samordna_new_person_number", "")}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[LOOKUP_SESSION_KEY] = person.pk
            request.session.pop("samordna_new_person_number", None)
            messages.success(request, _("Personen är registrerad."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form})


@login_required
def person_detail(request, pk: int):
    person = get_visible_person(request.user, pk)
    audit_read(user=request.user, obj=person, person_id=person.pk, summary="person_detail")
    context = {
        "person": person,
        "show_details": can_see_protected_details(request.user, person),
        "guardians": person.guardians.all(),
        "representatives": person.representatives.all(),
        "related_persons": person.relatedpersons.all(),
        "cases": visible_cases(request.user).filter(person=person).select_related("convener_unit"),
    }
    return render(request, "people/detail.html", context)


CIRCLE_FORMS = {
    "guardian": (GuardianForm, services.guardian_add, _("Lägg till vårdnadshavare")),
    "representative": (RepresentativeForm, services.representative_add, _("Lägg till företrädare")),
    "related": (RelatedPersonForm, services.related_person_add, _("Lägg till närstående")),
}


@login_required
@require_http_methods(["GET", "POST"])
def circle_add(request, pk: int, kind: str):
    """Add a guardian, representative or related person to the person's circle."""
    person = get_visible_person(request.user, pk)
    form_class, service, title = CIRCLE_FORMS[kind]
    if request.method == "GET":
        audit_read(user=request.user, obj=person, person_id=person.pk, summary=f"circle_add:{kind}")
    form = form_class(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: service(person=person, by=request.user, **data),
        success=_("Uppgifterna är sparade."),
    ):
        return redirect(person)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "subject": person.display_name, "cancel_url": person.get_absolute_url()},
    )
