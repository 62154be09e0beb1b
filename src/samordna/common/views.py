"""The one pattern every form page follows: validate, call the service, show its errors or confirm."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from samordna.common.forms import add_service_errors


def submit_form(request, form: forms.Form, action: Callable[[dict], object], *, success: str) -> bool:
    """On a valid POST, run `action(cleaned_data)` (a service call). Its ValidationError goes next to the
    form's fields and nothing is lost of what the user typed; on success a confirmation is queued.
    Returns True when the action succeeded, so the view can redirect."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, success)
    return True
