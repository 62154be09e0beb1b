"""Pages for messages in a case: the case's threads, one thread with its messages, starting a thread and
downloading an attachment. Thin: rules live in messaging.policies (on cases.policies) and messaging.services.
A case, thread or attachment the user may not see answers 404; every page and file is audited as a read."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_read, audit_record
from samordna.cases.policies import get_visible_case
from samordna.common.views import submit_form
from samordna.messaging import services
from samordna.messaging.forms import ReplyForm, ThreadStartForm
from samordna.messaging.policies import can_write, message_unit_ids
from samordna.messaging.selectors import attachment_for_download, thread_for_page, threads_for_case
from samordna.organizations.models import Unit


@login_required
def thread_list(request, case_pk: int):
    case = get_visible_case(request.user, case_pk)
    audit_read(user=request.user, obj=case, person_id=case.person_id, summary="thread_list")
    context = {
        "case": case,
        "rows": threads_for_case(request.user, case),
        "can_write": can_write(request.user, case),
    }
    return render(request, "messaging/thread_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thread_start(request, case_pk: int):
    case = get_visible_case(request.user, case_pk)
    if request.method == "GET":
        audit_read(user=request.user, obj=case, person_id=case.person_id, summary="thread_start")
    own_units = list(Unit.objects.filter(pk__in=message_unit_ids(request.user, case)))
    form = ThreadStartForm(
        request.POST or None,
        request.FILES or None,
        own_units=own_units,
        case_units=services.case_message_units(case),
    )
    created = {}

    def start(data):
        created["thread"] = services.thread_start(
            case=case,
            by=request.user,
            subject=data["subject"],
            body=data["body"],
            units=data["units"],
            to_lead=data["to_lead"],
            from_unit=data.get("from_unit"),
            files=data["files"],
        )

    if submit_form(request, form, start, success=_("Meddelandet är skickat.")):
        return redirect(created["thread"].get_absolute_url())
    context = {
        "form": form,
        "title": _("Ny konversation"),
        "subject": f"{case.reference} · {case.person.display_name}",
        "cancel_url": reverse("messaging:list", args=[case.pk]),
        "submit_label": _("Skicka"),
        "multipart": True,
        "intro": _("Konversationen kan bara läsas av de enheter du skriver till och din egen enhet."),
    }
    return render(request, "form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request, case_pk: int, pk: int):
    """The thread's messages with attachments and read receipts per unit; opening it marks the messages read for
    the user's units. A reply is posted here too."""
    case = get_visible_case(request.user, case_pk)
    thread = thread_for_page(request.user, case, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)

    def reply(data):
        services.message_send(thread=thread, by=request.user, body=data["body"], files=data["files"])

    if submit_form(request, form, reply, success=_("Svaret är skickat.")):
        return redirect(thread.get_absolute_url())
    audit_read(user=request.user, obj=thread, person_id=case.person_id, summary="thread_detail")
    mine = message_unit_ids(request.user, case)
    units = list(thread.units.all())
    messages_shown = []
    for message in thread.messages.all():
        reads = {read.unit_id: read for read in message.reads.all()}
        receipts = [(unit, reads.get(unit.pk)) for unit in units if unit.pk != message.author_unit_id]
        unread = message.author_unit_id not in mine and not any(unit_id in reads for unit_id in mine)
        messages_shown.append({"message": message, "receipts": receipts, "unread": unread})
    services.thread_mark_read(thread=thread, by=request.user)
    context = {
        "case": case,
        "thread": thread,
        "units": units,
        "messages_shown": messages_shown,
        "form": form,
        "can_write": can_write(request.user, case),
    }
    return render(request, "messaging/thread_detail.html", context)


@login_required
def attachment_download(request, case_pk: int, pk: int, attachment_pk: int):
    """An attachment, served only through this access-checked, audited view, with the type its bytes showed."""
    case = get_visible_case(request.user, case_pk)
    attachment = attachment_for_download(request.user, case, pk, attachment_pk)
    audit_record(
        user=request.user,
        action=AuditAction.READ,
        obj=attachment,
        person_id=case.person_id,
        summary="message_attachment",
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
