"""Log follow-up for auditors (loggkontroll) and the individual's log extract (loggutdrag).

Both read the audit log and write to it: an auditor's search, the result pages and exports are logged,
and so is every extract handed out, as an export concerning the person.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read, audit_read_persons, audit_record
from samordna.common import clock
from samordna.common.pdf import pdf_response, render_pdf
from samordna.logreview.exports import log_search_csv, person_extract_csv
from samordna.logreview.forms import ExtractFormat, LogExtractForm, LogSearchForm, Requester
from samordna.logreview.policies import ensure_auditor
from samordna.logreview.selectors import (
    LOG_REVIEW_OBJECT_TYPE,
    LogSearch,
    log_search,
    object_type_label,
    person_display,
    person_id_with_number,
    person_log_extract,
)
from samordna.people.identity import format_identity_number
from samordna.people.policies import get_visible_person

SEARCH_SESSION_KEY = "samordna_log_search"
PAGE_SIZE = 50
UNKNOWN_PERSON = gettext_lazy("Ingen person med det numret finns i Samordna.")


def auditor_required(view):
    """Only auditors pass, whatever the method (checked before the method, so a refused POST is a 403 like a
    refused GET); the view gets the auditor's principals. A refused attempt is logged (denied) before the 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            principal_ids = ensure_auditor(request.user)
        except PermissionDenied:
            audit_record(
                user=request.user,
                action=AuditAction.DENIED,
                object_type=LOG_REVIEW_OBJECT_TYPE,
                summary=f"log_review {request.method} {request.path}",
            )
            raise
        return view(request, *args, principal_ids=principal_ids, **kwargs)

    return wrapper


def _search_summary(search: LogSearch) -> str:
    """The criteria as written to the log: never the identity number (the person is in `person_id`)."""
    parts = [f"{search.date_from.isoformat()}..{search.date_to.isoformat()}"]
    if search.username:
        parts.append(f"user={search.username}")
    if search.unit_id is not None:
        parts.append(f"unit={search.unit_id}")
    if search.action:
        parts.append(f"action={search.action}")
    if search.outside_only:
        parts.append("outside_only")
    return " ".join(parts)


def _form_initial(search: LogSearch) -> dict:
    return {
        "personal_identity_number": format_identity_number(search.identity_number),
        "username": search.username,
        "unit": search.unit_id,
        "date_from": search.date_from,
        "date_to": search.date_to,
        "action": search.action,
        "outside_only": search.outside_only,
    }


def _search_from(form: LogSearchForm) -> LogSearch | None:
    """The criteria of a valid form, or None (with a form error) when the number names no known person."""
    data = form.cleaned_data
    number = data["personal_identity_number"] or ""
    person_id = None
    if number:
        person_id = person_id_with_number(number)
        if person_id is None:
            form.add_error("personal_identity_number", UNKNOWN_PERSON)
            return None
    return LogSearch(
        date_from=data["date_from"],
        date_to=data["date_to"],
        person_id=person_id,
        identity_number=number,
        username=data["username"].strip(),
        unit_id=data["unit"].pk if data["unit"] else None,
        action=data["action"],
        outside_only=data["outside_only"],
    )


@login_required
@auditor_required
@require_http_methods(["GET", "POST"])
def log_search_page(request, *, principal_ids: set[int]):
    """Search form (POST) and paged results (GET, criteria from the session, never from the URL)."""
    if request.method == "POST":
        if "reset" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect("logreview:search")
        form = LogSearchForm(request.POST, principal_ids=principal_ids)
        search = _search_from(form) if form.is_valid() else None
        if search is not None:
            audit_record(
                user=request.user,
                action=AuditAction.READ,
                object_type=LOG_REVIEW_OBJECT_TYPE,
                person_id=search.person_id,
                summary=f"audit_log_search {_search_summary(search)}",
            )
            request.session[SEARCH_SESSION_KEY] = search.as_session()
            return redirect("logreview:search")
        return render(request, "logreview/search.html", {"form": form, "page": None})

    search = LogSearch.from_session(request.session.get(SEARCH_SESSION_KEY))
    if search is None:
        form = LogSearchForm(principal_ids=principal_ids)
        return render(request, "logreview/search.html", {"form": form, "page": None})
    form = LogSearchForm(initial=_form_initial(search), principal_ids=principal_ids)
    page = Paginator(log_search(principal_ids=principal_ids, search=search), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    for event in page:
        event.object_label = object_type_label(event.object_type)
        event.person_label = person_display(event)
        event.person_number_label = format_identity_number(event.person_number) if event.person_number else ""
    audit_read_persons(
        user=request.user,
        person_ids=[event.person_id for event in page],
        object_type=LOG_REVIEW_OBJECT_TYPE,
        summary="audit_log_results",
    )
    return render(request, "logreview/search.html", {"form": form, "page": page, "search": search})


@login_required
@auditor_required
@require_GET
def log_search_export(request, *, principal_ids: set[int]):
    """The current search's results as CSV; logged as an export."""
    search = LogSearch.from_session(request.session.get(SEARCH_SESSION_KEY))
    if search is None:
        messages.info(request, _("Gör en sökning först; exporten innehåller sökningens resultat."))
        return redirect("logreview:search")
    events = log_search(principal_ids=principal_ids, search=search)
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type=LOG_REVIEW_OBJECT_TYPE,
        person_id=search.person_id,
        summary=f"audit_log_export csv {_search_summary(search)}",
    )
    response = StreamingHttpResponse(log_search_csv(events.iterator(chunk_size=500)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="loggkontroll-{clock.today().isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_log_extract_page(request, pk: int):
    """The individual's log extract, asked for by staff who may see the person, as PDF or CSV."""
    person = get_visible_person(request.user, pk)
    form = LogExtractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        events = list(person_log_extract(person))
        chosen = form.cleaned_data["format"]
        requested_by = form.cleaned_data["requested_by"]
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            obj=person,
            person_id=person.pk,
            summary=f"log_extract {chosen} requested_by={requested_by} events={len(events)}",
        )
        filename = f"loggutdrag-{person.pk}-{clock.today().isoformat()}"
        if chosen == ExtractFormat.PDF:
            context = {
                "person": person,
                "events": [(event, object_type_label(event.object_type)) for event in events],
                "requested_by": Requester(requested_by).label,
                "issued_at": clock.now(),
            }
            return pdf_response(render_pdf("logreview/extract_pdf.html", context), f"{filename}.pdf")
        response = HttpResponse("".join(person_extract_csv(events)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response["Cache-Control"] = "no-store"
        return response
    context = {"person": person, "form": form, "event_count": person_log_extract(person).count()}
    audit_read(user=request.user, obj=person, person_id=person.pk, summary="log_extract_page")
    return render(request, "logreview/extract.html", context)
