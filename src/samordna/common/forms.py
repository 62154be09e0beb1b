"""Form helpers shared by every app: Swedish dates, and service errors shown next to the right field."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ConfirmationField(forms.BooleanField):
    """A required tick box that makes the user confirm an irreversible step."""

    def __init__(self, label, **kwargs):
        super().__init__(label=label, required=True, **kwargs)


def error_codes(error: ValidationError) -> set[str]:
    """Every code in a (possibly nested, per-field) ValidationError."""
    if hasattr(error, "error_dict"):
        items = [item for field_errors in error.error_dict.values() for item in field_errors]
    else:
        items = error.error_list
    return {item.code for item in items if item.code}
