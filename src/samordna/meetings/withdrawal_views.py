"""The withdrawal of consent as the user meets it: the case ends and every planned meeting is called off.

It lives in the meetings app, not in cases, because it cancels meetings; config.urls keeps it under the
case's URLs with the name cases:consent_withdraw."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.cases.forms import ConsentWithdrawForm
from samordna.cases.models import ConsentStatus
from samordna.cases.views import case_for_form, case_form_page, without_confirm
from samordna.common.views import submit_form
from samordna.meetings import services


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int, consent_pk: int):
    case = case_for_form(request, pk)
    consent = get_object_or_404(case.consents, pk=consent_pk, status=ConsentStatus.ACTIVE)
    form = ConsentWithdrawForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.consent_withdraw_and_cancel_meetings(
            consent=consent, by=request.user, **without_confirm(data)
        ),
        success=_("Samtycket är återkallat och ärendet är avslutat."),
    ):
        return redirect(case)
    return case_form_page(
        request,
        case,
        form,
        _("Återkalla samtycke"),
        intro=_(
            "När samtycket återkallas avslutas ärendet direkt med skälet 'samtycket har återkallats'. "
            "Planerade möten ställs in. Det som har dokumenterats sparas."
        ),
        danger=True,
        submit_label=_("Återkalla samtycket och avsluta ärendet"),
    )
