"""SIP-kollen pages. Staff make codes from the meeting page; the individual answers without logging in.

The answering views take nothing from the request but the form: no user, no address, no session, no audit
event, no message (which would need a session). Responses are never cached, because the link carries the
code."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samordna.accounts.qr import qr_code_data_uri
from samordna.audit.services import audit_read
from samordna.common import clock
from samordna.common.forms import add_service_errors
from samordna.common.pdf import pdf_response, render_pdf
from samordna.meetings.policies import get_visible_meeting
from samordna.surveys.forms import SurveyCodeForm, SurveyForm, SurveyTokensForm
from samordna.surveys.services import (
    CODE_VALID_DAYS,
    format_code,
    normalise_code,
    survey_answer,
    survey_token_check,
    survey_tokens_create,
)


def _private(response):
    # Never cached. The project's Referrer-Policy (same-origin) already keeps the link, and so the code, from
    # leaving the site: the survey pages link nowhere else.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _survey_page(request, form, *, easy: bool, code: str):
    if normalise_code(code):
        switch_url = _link(code, not easy)
    else:
        switch_url = reverse("surveys:start" if easy else "surveys:start_easy")
    return _private(
        render(request, "surveys/answer.html", {"form": form, "easy": easy, "code": code, "switch_url": switch_url})
    )


def _code_page(request, form, *, easy: bool, status: int = 200):
    switch_url = reverse("surveys:start" if easy else "surveys:start_easy")
    return _private(
        render(request, "surveys/start.html", {"form": form, "easy": easy, "switch_url": switch_url}, status=status)
    )


def _refused(code: str, error: ValidationError) -> SurveyCodeForm:
    """The code form again, with the code as typed and why it can't be used."""
    form = SurveyCodeForm({"code": format_code(normalise_code(code))})
    form.is_valid()
    add_service_errors(form, error)
    return form


def _link(code: str, easy: bool) -> str:
    return reverse("surveys:link_easy" if easy else "surveys:link", args=[format_code(normalise_code(code))])


@never_cache
@require_http_methods(["GET", "POST"])
def survey_start(request, easy: bool = False):
    """Type the code from the slip, then answer. Posting the answers (with the code) saves them once."""
    if request.method == "GET":
        return _code_page(request, SurveyCodeForm(), easy=easy)
    if "participation" in request.POST:
        return _answer(request, easy=easy)
    code_form = SurveyCodeForm(request.POST)
    if code_form.is_valid():
        code = normalise_code(code_form.cleaned_data["code"])
        try:
            survey_token_check(code)
        except ValidationError as error:
            add_service_errors(code_form, error)
        else:
            return _survey_page(request, SurveyForm(initial={"code": code}, easy=easy), easy=easy, code=code)
    return _code_page(request, code_form, easy=easy, status=400)


def _answer(request, *, easy: bool):
    """Save the posted answers once, or show the form again with what is missing."""
    form = SurveyForm(request.POST, easy=easy)
    if form.is_valid():
        try:
            survey_answer(**form.cleaned_data)
        except ValidationError as error:
            return _code_page(request, _refused(form.cleaned_data["code"], error), easy=easy, status=400)
        return _private(render(request, "surveys/thanks.html", {"easy": easy}))
    return _survey_page(request, form, easy=easy, code=form.data.get("code", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def survey_link(request, code: str, easy: bool = False):
    """The one-time link from the slip (or its QR code): the survey straight away, if the code is usable. A code
    that can't be used answers 404 whatever the method; the answers may be posted here as to the start page."""
    code = normalise_code(code)
    try:
        survey_token_check(code)
    except ValidationError as error:
        return _code_page(request, _refused(code, error), easy=easy, status=404)
    if request.method == "POST":
        return _answer(request, easy=easy)
    return _survey_page(request, SurveyForm(initial={"code": code}, easy=easy), easy=easy, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def survey_codes(request, case_pk: int, pk: int):
    """Make one-time codes after a held meeting and print them, as a page to print or as a PDF. The codes are
    shown only in this response: the database keeps their hashes."""
    meeting = get_visible_meeting(request.user, case_pk, pk)
    case = meeting.case
    audit_read(user=request.user, obj=meeting, person_id=case.person_id, summary="survey_codes")
    form = SurveyTokensForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = survey_tokens_create(meeting=meeting, by=request.user, count=form.cleaned_data["count"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            slips = []
            for code in codes:
                link = request.build_absolute_uri(_link(code, easy=False))
                slips.append(
                    {
                        "code": format_code(code),
                        "link": link,
                        "easy_link": request.build_absolute_uri(_link(code, easy=True)),
                        "qr": qr_code_data_uri(link),
                    }
                )
            context = {
                "slips": slips,
                "start_url": request.build_absolute_uri(reverse("surveys:start")),
                "valid_to": clock.today() + datetime.timedelta(days=CODE_VALID_DAYS),
                "meeting": meeting,
                "case": case,
            }
            if request.POST.get("format") == "pdf":
                return pdf_response(render_pdf("surveys/slips_pdf.html", context, request=request), "sip-kollen.pdf")
            response = render(request, "surveys/slips.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "surveys/codes.html",
        {"form": form, "meeting": meeting, "case": case, "title": _("Dela ut SIP-kollen")},
        status=400 if form.errors else 200,
    )
