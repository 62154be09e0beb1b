"""Forms for messages in a case. Attachments are checked by the services (messaging.attachments)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.messaging.attachments import MAX_ATTACHMENTS
from samordna.organizations.models import Unit

ACCEPTED_FILES = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)] if data else []


def files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Bilagor"),
        required=False,
        help_text=_("PDF, PNG eller JPEG, högst %(count)s filer.") % {"count": MAX_ATTACHMENTS},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 5}))
    files = files_field()


class ThreadStartForm(forms.Form):
    subject = forms.CharField(label=_("Ämne"), max_length=160)
    from_unit = forms.ModelChoiceField(label=_("Skriv för enheten"), queryset=Unit.objects.none(), empty_label=None)
    units = forms.ModelMultipleChoiceField(
        label=_("Till enheter i ärendet"),
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    to_lead = forms.BooleanField(label=_("Till huvudansvarig"), required=False)
    body = forms.CharField(
        label=_("Meddelande"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Skriv bara det mottagarna behöver. Meddelanden skickas aldrig med e-post."),
    )
    files = files_field()

    def __init__(self, *args, own_units, case_units, **kwargs):
        super().__init__(*args, **kwargs)
        own_ids = [unit.pk for unit in own_units]
        self.fields["from_unit"].queryset = Unit.objects.filter(pk__in=own_ids).order_by("name")
        if len(own_ids) == 1:
            self.fields.pop("from_unit")
        self.fields["units"].queryset = Unit.objects.filter(
            pk__in=[unit.pk for unit in case_units if unit.pk not in own_ids or len(own_ids) > 1]
        ).order_by("name")
