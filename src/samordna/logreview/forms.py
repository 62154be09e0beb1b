import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.common import clock
from samordna.common.forms import DateInput
from samordna.organizations.models import Unit
from samordna.people.forms import IdentityNumberField

DEFAULT_PERIOD_DAYS = 30
PERIOD_REVERSED = _("Periodens början kan inte ligga efter dess slut.")


class LogSearchForm(forms.Form):
    """Search the log. The identity number is posted, never put in a URL, and validated like everywhere."""

    personal_identity_number = IdentityNumberField(
        label=_("Den enskildes personnummer eller samordningsnummer"), required=False
    )
    username = forms.CharField(label=_("Användarnamn"), max_length=150, required=False)
    unit = forms.ModelChoiceField(
        label=_("Användarens enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla enheter")
    )
    date_from = forms.DateField(label=_("Från och med"), widget=DateInput())
    date_to = forms.DateField(label=_("Till och med"), widget=DateInput())
    action = forms.ChoiceField(label=_("Händelse"), choices=[("", _("Alla händelser"))], required=False)
    outside_only = forms.BooleanField(
        label=_("Bara åtkomst utanför användarens ärenden"),
        required=False,
        help_text=_("Läsningar där användarens enhet inte deltog i något av den enskildes ärenden vid tillfället."),
    )

    def __init__(self, *args, principal_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(principal_id__in=principal_ids).select_related("principal")
        self.fields["action"].choices = [("", _("Alla händelser")), *AuditAction.choices]
        today = clock.today()
        self.fields["date_from"].initial = today - datetime.timedelta(days=DEFAULT_PERIOD_DAYS)
        self.fields["date_to"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError({"date_to": PERIOD_REVERSED})
        return data


class Requester(models.TextChoices):
    INDIVIDUAL = "individual", _("Den enskilde")
    GUARDIAN = "guardian", _("Vårdnadshavare")
    REPRESENTATIVE = "representative", _("Företrädare (god man, förvaltare, ombud)")


class ExtractFormat(models.TextChoices):
    PDF = "pdf", _("PDF (för utskrift)")
    CSV = "csv", _("CSV (kalkylark)")


class LogExtractForm(forms.Form):
    """Who asked for the extract on the individual's behalf, and in which format it is handed over."""

    requested_by = forms.ChoiceField(label=_("Begärt av"), choices=Requester.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(
        label=_("Format"), choices=ExtractFormat.choices, initial=ExtractFormat.PDF, widget=forms.RadioSelect
    )
