"""Meeting pages: propose, the meeting page, send, answer, move, withdraw, units and participants, the meeting
record, and the calendar file and printable invitation. Thin: access lives in meetings.policies (a meeting is
seen by whoever sees its case, anyone else gets 404) and rules in meetings.services. Every page that shows
personal data is audited as a read; a printed invitation as a print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read, audit_record
from samordna.cases.policies import case_unit_ids, get_visible_case, valid_consent, visible_cases
from samordna.cases.selectors import case_preparation
from samordna.common.forms import add_service_errors
from samordna.common.pdf import pdf_response, render_pdf
from samordna.common.views import submit_form
from samordna.meetings import services
from samordna.meetings.forms import (
    InvitationAnswerForm,
    MeetingAfterwardsForm,
    MeetingDetailsForm,
    MeetingMoveForm,
    MeetingProposeForm,
    MeetingRecordForm,
    MeetingSendForm,
    MeetingWithdrawForm,
    ParticipantAddForm,
    ParticipantRemoveForm,
    UnitAddForm,
    UnitRemoveForm,
)
from samordna.meetings.ics import meeting_ics
from samordna.meetings.models import (
    ANSWERABLE_STATUSES,
    OPEN_STATUSES,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
)
from samordna.meetings.policies import can_convene, convening_unit_ids, get_visible_meeting
from samordna.meetings.selectors import (
    consent_covered_unit_ids,
    consent_summary_text,
    directory_units,
    forward_targets,
    meeting_for_page,
    meeting_unit_ids,
    unit_staff,
)

FORM_PAGE = "form_page.html"


def _meeting_for_form(request, case_pk: int, pk: int) -> Meeting:
    """The meeting behind a form page; 404 when the user may not see its case. Showing it is a read."""
    meeting = get_visible_meeting(request.user, case_pk, pk)
    if request.method == "GET":
        audit_read(
            user=request.user, obj=meeting, person_id=meeting.case.person_id, summary=request.resolver_match.url_name
        )
    return meeting


def _ensure_convener(request, case) -> None:
    """Forms that call or change meetings are for the convener's or lead's unit only."""
    if not can_convene(request.user, case):
        raise PermissionDenied


def _form_page(request, meeting: Meeting, form, title: str, **extra):
    case = meeting.case
    context = {
        "form": form,
        "title": title,
        "subject": f"{case.reference} · {case.person.display_name} · {meeting}",
        "cancel_url": meeting.get_absolute_url(),
    }
    context.update(extra)
    return render(request, FORM_PAGE, context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_enter_afterwards(request, case_pk: int):
    """Reservrutin, afterwards: enter a meeting that was called and held on paper during downtime, then go on
    to record it like any held meeting."""
    case = get_visible_case(request.user, case_pk)
    _ensure_convener(request, case)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary="meeting_afterwards_form")
    organiser_units = convening_unit_ids(request.user, case)
    form = MeetingAfterwardsForm(
        request.POST or None,
        units=directory_units().exclude(pk__in=organiser_units),
        covered_ids=consent_covered_unit_ids(case),
        initial={"kind": MeetingKind.SIP, "duration_minutes": 90},
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "confirm"}
        try:
            meeting = services.meeting_enter_afterwards(case=case, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mötet är infört. Dokumentera nu mötet utifrån anteckningarna på papper."))
            return redirect("meetings:record", case.pk, meeting.pk)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("För in ett möte som hölls på papper"),
            "subject": f"{case.reference} · {case.person.display_name}",
            "cancel_url": case.get_absolute_url(),
            "intro": _(
                "Reservrutin: när Samordna inte gick att nå kallades och hölls mötet på papper. För in det här med "
                "den verkliga tiden och de enheter som kallades. Inga kallelser skickas nu; enheterna räknas som "
                "att de tackade ja vid mötet. Därefter dokumenterar du mötet som vanligt."
            ),
            "submit_label": _("För in mötet"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_propose(request, case_pk: int):
    """Propose a meeting: time, place, content and who is invited. Sending is a separate step."""
    case = get_visible_case(request.user, case_pk)
    _ensure_convener(request, case)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary="meeting_propose_form")
    consent = valid_consent(case)
    preparation = case_preparation(case)
    organiser_units = convening_unit_ids(request.user, case)
    initial = {
        "kind": MeetingKind.SIP,
        "form": "physical",
        "duration_minutes": 90,
        "consent_summary": consent_summary_text(consent),
        "include_individual": True,
        "units": [
            actor.unit_id for actor in case.actors.filter(left_at__isnull=True).exclude(unit_id__in=organiser_units)
        ],
    }
    if preparation is not None and not preparation.voided_at:
        initial.update(
            purpose=preparation.purpose or preparation.what_matters,
            goals=preparation.what_matters,
            questions=preparation.questions,
            pre_meeting_consented=preparation.pre_meeting_consented,
        )
        initial["units"] += [unit.pk for unit in preparation.wished_units.all() if unit.pk not in organiser_units]
        initial["related_persons"] = list(preparation.wished_related_persons.all())
    form = MeetingProposeForm(
        request.POST or None,
        case=case,
        units=directory_units().exclude(pk__in=organiser_units),
        covered_ids=consent_covered_unit_ids(case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_propose(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mötet är sparat som utkast. Kontrollera det och skicka kallelsen."))
            return redirect(meeting)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("Kalla till möte"),
            "subject": f"{case.reference} · {case.person.display_name}",
            "cancel_url": case.get_absolute_url(),
            "intro": _(
                "Kom överens om tid med den enskilde först. Kallelsen sparas som utkast och skickas i nästa steg. "
                "Enheter väljs ur kontaktvägarna; den som inte omfattas av samtycket kräver ett nytt samtycke."
            ),
            "submit_label": _("Spara utkast"),
        },
    )


@login_required
def meeting_detail(request, case_pk: int, pk: int):
    """The meeting page: details, invitations with their answers and due dates, participants, changes and
    the record once the meeting is held."""
    meeting = meeting_for_page(request.user, case_pk, pk)
    case = meeting.case
    audit_read(user=request.user, obj=meeting, person_id=case.person_id, summary="meeting_detail")
    my_units = case_unit_ids(request.user)
    invitations = list(meeting.invitations.all())
    convener = can_convene(request.user, case)
    changeable = convener and (meeting.is_draft or meeting.is_sent)
    context = {
        "meeting": meeting,
        "case": case,
        "person": case.person,
        "invitations": invitations,
        "open_invitations": [inv for inv in invitations if inv.status in OPEN_STATUSES],
        "closed_invitations": [inv for inv in invitations if inv.status not in OPEN_STATUSES],
        "participants": list(meeting.participants.all()),
        "changes": list(meeting.changes.all()),
        "answerable_ids": {inv.pk for inv in invitations if inv.unit_id in my_units and inv.is_answerable}
        if meeting.is_sent
        else set(),
        "covered_ids": consent_covered_unit_ids(case) if changeable else set(),
        "can_convene": convener,
        "changeable": changeable,
        "can_record": convener and meeting.status in (MeetingStatus.SENT, MeetingStatus.HELD) and meeting.has_started,
        "organiser_routes": list(meeting.organiser_unit.contact_routes.all()),
    }
    return render(request, "meetings/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    fields = list(MeetingDetailsForm.base_fields)
    initial = {name: getattr(meeting, name) for name in fields}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    form = MeetingDetailsForm(request.POST or None, initial=initial)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_update_draft(meeting=meeting, by=request.user, **data),
        success=_("Utkastet är sparat."),
    ):
        return redirect(meeting)
    return _form_page(request, meeting, form, _("Ändra utkast"))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_send(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    # The form has no fields, so an empty POST must still bind it.
    form = MeetingSendForm(request.POST if request.method == "POST" else None)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_send(meeting=meeting, by=request.user),
        success=_("Kallelsen är skickad."),
    ):
        return redirect(meeting)
    units = [inv.unit.name for inv in meeting.invitations.filter(status=InvitationStatus.DRAFT).select_related("unit")]
    return _form_page(
        request,
        meeting,
        form,
        _("Skicka kallelsen"),
        intro=_(
            "Kallelsen går till %(units)s. Varje enhet ska svara inom %(days)s arbetsdag(ar) och blir aktör i "
            "ärendet om den inte redan är det. Efteråt kan du flytta mötet, ändra deltagare eller ställa in det."
        )
        % {
            "units": ", ".join(units) or _("inga enheter än"),
            "days": meeting.case.routine_profile.invitation_answer_working_days,
        },
        submit_label=_("Skicka kallelsen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    initial = {name: getattr(meeting, name) for name in services.PLACE_FIELDS}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    form = MeetingMoveForm(request.POST or None, initial=initial)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_move(meeting=meeting, by=request.user, **data),
        success=_("Mötet är flyttat. De kallade ser ändringen och kan hämta en ny kalenderfil."),
    ):
        return redirect(meeting)
    return _form_page(
        request,
        meeting,
        form,
        _("Flytta mötet"),
        intro=_("Kallelserna och svaren står kvar. Alla kallade ser den nya tiden eller platsen."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_withdraw(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    form = MeetingWithdrawForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_withdraw(meeting=meeting, by=request.user, reason=data["reason"]),
        success=_("Mötet är inställt."),
    ):
        return redirect(meeting)
    return _form_page(request, meeting, form, _("Ställ in mötet"), danger=True, submit_label=_("Ställ in mötet"))


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    taken = meeting.invitations.filter(status__in=OPEN_STATUSES).values_list("unit_id", flat=True)
    form = UnitAddForm(
        request.POST or None,
        units=directory_units().exclude(pk__in=[*taken, meeting.organiser_unit_id]),
        covered_ids=consent_covered_unit_ids(meeting.case),
    )
    if submit_form(
        request,
        form,
        lambda data: services.meeting_add_unit(meeting=meeting, by=request.user, **data),
        success=_("Enheten är kallad.") if meeting.is_sent else _("Enheten är tillagd i utkastet."),
    ):
        return redirect(meeting)
    return _form_page(
        request,
        meeting,
        form,
        _("Kalla en enhet till"),
        intro=_("Är kallelsen redan skickad får enheten sin kallelse direkt. Den måste omfattas av samtycket."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_remove(request, case_pk: int, pk: int, invitation_pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    invitation = get_object_or_404(meeting.invitations.select_related("unit"), pk=invitation_pk)
    form = UnitRemoveForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_remove_unit(invitation=invitation, by=request.user, note=data["note"]),
        success=_("%(unit)s är borttagen från mötet.") % {"unit": invitation.unit.name},
    ):
        return redirect(meeting)
    return _form_page(
        request, meeting, form, _("Ta bort %(unit)s från mötet") % {"unit": invitation.unit.name}, danger=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    form = ParticipantAddForm(request.POST or None, case=meeting.case, initial={"kind": ParticipantKind.EXTERNAL})
    if submit_form(
        request,
        form,
        lambda data: services.meeting_add_participant(meeting=meeting, by=request.user, **data),
        success=_("Deltagaren är tillagd."),
    ):
        return redirect(meeting)
    return _form_page(
        request,
        meeting,
        form,
        _("Lägg till deltagare"),
        intro=_(
            "Välj den enskilde, en person ur den enskildes nätverk, eller en annan aktör utan tillgång till "
            "Samordna (t.ex. Försäkringskassan). En annan aktör behöver organisation och kontaktuppgifter och får "
            "kallelsen som utskrift."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, case_pk: int, pk: int, participant_pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    participant = get_object_or_404(meeting.participants, pk=participant_pk, removed_at__isnull=True)
    form = ParticipantRemoveForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.meeting_remove_participant(participant=participant, by=request.user),
        success=_("Deltagaren är borttagen."),
    ):
        return redirect(meeting)
    return _form_page(
        request, meeting, form, _("Ta bort %(name)s från mötet") % {"name": participant.label}, danger=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_answer(request, case_pk: int, pk: int, invitation_pk: int):
    """The invited unit answers. Only its staff may; a unit that returns or forwards the invitation and joined
    the case only through it loses access, so it is sent to its overview afterwards."""
    meeting = _meeting_for_form(request, case_pk, pk)
    invitation = get_object_or_404(meeting.invitations.select_related("unit__principal"), pk=invitation_pk)
    if invitation.unit_id not in case_unit_ids(request.user):
        raise PermissionDenied
    form = InvitationAnswerForm(
        request.POST or None,
        staff=unit_staff([invitation.unit_id]),
        forward_targets=forward_targets(invitation),
        initial={"attendees": [request.user.pk]},
    )
    if submit_form(
        request,
        form,
        lambda data: services.invitation_answer(invitation=invitation, by=request.user, **data),
        success=_("Svaret är skickat till samordningsansvarig."),
    ):
        if visible_cases(request.user).filter(pk=meeting.case_id).exists():
            return redirect(meeting)
        return redirect("overview:home")
    due = invitation.answer_due_on
    return _form_page(
        request,
        meeting,
        form,
        _("Svara på kallelsen till %(unit)s") % {"unit": invitation.unit.name},
        intro=_("Svara senast %(due)s. Vid fel mottagare: vidarebefordra inom er huvudman eller returnera.")
        % {"due": due.isoformat() if due else "–"},
        submit_label=_("Skicka svar"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request, case_pk: int, pk: int):
    meeting = _meeting_for_form(request, case_pk, pk)
    _ensure_convener(request, meeting.case)
    invitations = list(
        meeting.invitations.filter(status__in=ANSWERABLE_STATUSES).select_related("unit").order_by("unit__name")
    )
    participants = list(meeting.participants.filter(removed_at__isnull=True))
    initial = {
        name: getattr(meeting, name)
        for name in (
            "chair_kind",
            "chair",
            "secretary",
            "individual_participation",
            "interpreter_used",
            "interpreter_language",
            "consent_checked",
            "secrecy_reminded",
            "introduction_notes",
            "situation_notes",
            "needs_notes",
            "summary_notes",
            "procedure_code",
        )
    }
    if not meeting.is_held:
        initial["chair"] = meeting.organiser
        initial["procedure_code"] = services.default_procedure_code(meeting)
        initial["consent_checked"] = initial["secrecy_reminded"] = True
        initial["present_units"] = [inv.pk for inv in invitations if inv.status == InvitationStatus.ACCEPTED]
        initial["present_participants"] = [p.pk for p in participants]
    else:
        initial["present_units"] = [inv.pk for inv in invitations if inv.attended]
        initial["present_participants"] = [p.pk for p in participants if p.attended]
    form = MeetingRecordForm(
        request.POST or None,
        meeting=meeting,
        staff=unit_staff(meeting_unit_ids(meeting)),
        invitations=invitations,
        participants=participants,
        initial=initial,
    )
    if submit_form(
        request,
        form,
        lambda data: services.meeting_record(meeting=meeting, by=request.user, **form.record_data(data)),
        success=_("Mötet är dokumenterat."),
    ):
        return redirect(meeting)
    if meeting.is_pre_meeting:
        intro = _(
            "Ett förmöte med bara professionella fattar inga beslut och ingen plan upprättas från det. "
            "Anteckningarna är underlag inför SIP-mötet."
        )
    else:
        intro = _(
            "Följ rutinens dagordning: inledning (gäller samtycket? påminn om sekretess), nuvarande situation där "
            "den enskilde börjar, behov och insatser, sammanfattning. Planen skrivs i planen, inte här."
        )
    return _form_page(request, meeting, form, _("Dokumentera mötet"), intro=intro)


@login_required
def meeting_calendar(request, case_pk: int, pk: int):
    """The meeting as an .ics file for the participant's calendar (no personal data in it)."""
    meeting = get_visible_meeting(request.user, case_pk, pk)
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        obj=meeting,
        person_id=meeting.case.person_id,
        summary="meeting_ics",
    )
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.case.reference}-mote.ics"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def invitation_pdf(request, case_pk: int, pk: int, participant_pk: int | None = None):
    """The printable invitation for the individual (or a named participant without access to Samordna)."""
    meeting = meeting_for_page(request.user, case_pk, pk)
    case = meeting.case
    participants = list(meeting.participants.all())
    recipient = None
    if participant_pk is not None:
        recipient = next((p for p in participants if p.pk == participant_pk), None)
        if recipient is None:
            raise Http404
    audit_record(
        user=request.user,
        action=AuditAction.PRINT,
        obj=recipient or meeting,
        person_id=case.person_id,
        summary="invitation_pdf",
    )
    context = {
        "meeting": meeting,
        "case": case,
        "person": case.person,
        "recipient": recipient,
        "invitations": [inv for inv in meeting.invitations.all() if inv.status in OPEN_STATUSES],
        "participants": participants,
        "organiser": meeting.organiser,
        "organiser_unit": meeting.organiser_unit,
        "organiser_routes": list(meeting.organiser_unit.contact_routes.all()),
        "printed_on": timezone.localdate(),
    }
    pdf = render_pdf("meetings/invitation_pdf.html", context, request=request)
    return pdf_response(pdf, f"kallelse-{case.reference}.pdf")
