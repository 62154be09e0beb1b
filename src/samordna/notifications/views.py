"""The notification list, marking read and the e-mail setting. A user only ever reaches their own
notifications: anyone else's answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.common.views import submit_form
from samordna.notifications import services
from samordna.notifications.forms import EmailPreferenceForm
from samordna.notifications.selectors import email_preference_for, get_own_notification, notifications_for

PAGE_SIZE = 25


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read; with `open`, go on to what it points at."""
    notification = get_own_notification(request.user, pk)
    services.notification_mark_read(notification=notification, by=request.user)
    target = notification.url
    if (
        "open" in request.POST
        and target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(by=request.user)
    messages.success(request, _("%(count)s notiser markerades som lästa.") % {"count": count})
    return redirect("notifications:list")


@login_required
def email_settings(request):
    preference = email_preference_for(request.user)
    # An unticked box posts nothing at all, so `request.POST or None` would never turn the notice off.
    data = request.POST if request.method == "POST" else None
    form = EmailPreferenceForm(data, initial={"email_enabled": preference.email_enabled})
    if submit_form(
        request,
        form,
        lambda data: services.email_preference_set(user=request.user, email_enabled=data["email_enabled"]),
        success=_("Inställningen är sparad."),
    ):
        return redirect("notifications:settings")
    context = {"form": form, "email": request.user.email, "cancel_url": reverse("notifications:list")}
    return render(request, "notifications/settings.html", context)
