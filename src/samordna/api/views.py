"""API tokens for a local administrator's own principal: list, create (the token is shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.api import services
from samordna.api.forms import ApiTokenForm
from samordna.api.models import ApiToken
from samordna.common.forms import add_service_errors
from samordna.organizations.models import Unit
from samordna.organizations.selectors import administered_principal_ids


def _administered(request) -> set[int]:
    principal_ids = administered_principal_ids(request.user)
    if not principal_ids:
        raise Http404
    return principal_ids


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    principal_ids = _administered(request)
    units = Unit.objects.filter(principal_id__in=principal_ids).order_by("name")
    form = ApiTokenForm(request.POST or None, units=units)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, plaintext = services.api_token_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created = (token, plaintext)
            form = ApiTokenForm(units=units)
    tokens = ApiToken.objects.filter(unit__principal_id__in=principal_ids).select_related("unit", "created_by")
    response = render(request, "api/token_list.html", {"form": form, "tokens": tokens, "created": created})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, unit__principal_id__in=_administered(request), revoked_at__isnull=True)
    if request.method == "POST":
        services.api_token_revoke(by=request.user, token=token)
        messages.success(request, _("Nyckeln är återkallad och fungerar inte längre."))
        return redirect("api:tokens")
    return render(
        request,
        "form_page.html",
        {
            "title": _("Återkalla API-nyckel"),
            "intro": _("Systemet %(name)s kan inte längre använda nyckeln %(prefix)s…. Det går inte att ångra.")
            % {"name": token.name, "prefix": token.prefix},
            "form": None,
            "danger": True,
            "submit_label": _("Återkalla nyckeln"),
            "cancel_url": reverse("api:tokens"),
        },
    )
