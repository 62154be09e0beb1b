"""The second step of login (TOTP), its one-time set-up, and the page shown to a locked-out login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from samordna.accounts import selectors, services
from samordna.accounts.forms import EnrolmentCodeForm, SecondFactorCodeForm
from samordna.accounts.middleware import is_strongly_authenticated
from samordna.accounts.qr import qr_code_data_uri, secret_for_display
from samordna.common.forms import add_service_errors


def _next_url(request) -> str:
    """Where to go after the second factor: the page the user asked for, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


def _mark_verified(request, device) -> None:
    """The session now stands for a fully logged-in user: record the device and issue a new session id."""
    otp_login(request, device)
    request.session.cycle_key()


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    user = request.user
    next_url = _next_url(request)
    if is_strongly_authenticated(request):
        return redirect(next_url)
    if not selectors.has_second_factor(user):
        return redirect(_with_next("accounts:second_factor_enrol", next_url))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = selectors.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "Du loggade in med en reservkod. Du har %(count)d reservkod kvar.",
                        "Du loggade in med en reservkod. Du har %(count)d reservkoder kvar.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next_url": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with its first code, and
    get the recovery codes, shown on this one response and never again."""
    user = request.user
    next_url = _next_url(request)
    if selectors.has_second_factor(user):
        return redirect(next_url if user.is_verified() else _with_next("accounts:second_factor_verify", next_url))
    device = services.second_factor_enrolment_device(user=user)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _mark_verified(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url})
    context = {
        "form": form,
        "next_url": next_url,
        "qr_code": qr_code_data_uri(device.config_url),
        "secret": secret_for_display(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": user.get_username(),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page in Swedish, HTTP 429."""
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": settings.SAMORDNA_LOCKOUT_MINUTES}
    return render(request, "registration/lockout.html", context, status=429)
