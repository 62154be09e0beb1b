"""Forms for reporting and handling deviations and disputes."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.common.forms import ConfirmationField, DateInput
from samordna.deviations.models import DeviationCategory

CASE_REFERENCE = re.compile(r"^\s*SIP-(\d{4})-(\d{1,10})\s*$", re.IGNORECASE)
CASE_NOT_FOUND = _("Det finns inget ärende med det numret som du har åtkomst till. Lämna fältet tomt om du är osäker.")


class DeviationReportForm(forms.Form):
    reporting_unit = forms.ModelChoiceField(label=_("Rapporterande enhet (din enhet)"), queryset=None)
    concerned_unit = forms.ModelChoiceField(
        label=_("Berörd enhet"), queryset=None, help_text=_("Den enhet avvikelsen gäller.")
    )
    category = forms.ChoiceField(label=_("Kategori"), choices=DeviationCategory.choices, widget=forms.RadioSelect)
    occurred_on = forms.DateField(label=_("Datum för händelsen"), widget=DateInput)
    description = forms.CharField(
        label=_("Vad hände?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Beskriv sakligt vad som hände och varför det blev ett problem. Skriv inte den enskildes namn eller "
            "personnummer: koppla hellre ärendet nedan."
        ),
    )
    case_reference = forms.CharField(
        label=_("Ärendenummer (valfritt)"),
        required=False,
        max_length=30,
        help_text=_("T.ex. SIP-2026-00012. Bara ett ärende som du har åtkomst till kan kopplas."),
    )

    def __init__(self, *args, reporting_units, concerned_units, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.fields["reporting_unit"].queryset = reporting_units
        self.fields["concerned_unit"].queryset = concerned_units
        only = list(reporting_units[:2])
        if len(only) == 1:
            self.fields["reporting_unit"].initial = only[0]

    def clean_case_reference(self):
        """The case behind a typed case number, among the cases the user may see; else the same message whether
        the case does not exist or is not visible."""
        value = self.cleaned_data["case_reference"]
        if not value.strip():
            return ""
        match = CASE_REFERENCE.match(value)
        case = self.cases.filter(pk=int(match.group(2))).first() if match else None
        if case is None or case.reference != f"SIP-{match.group(1)}-{int(match.group(2)):05d}":
            raise forms.ValidationError(CASE_NOT_FOUND)
        self.case = case
        return value.strip()

    def service_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "case_reference"}
        data["case"] = getattr(self, "case", None)
        return data


class DeviationCommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}))


class DeviationAnswerForm(forms.Form):
    cause = forms.CharField(
        label=_("Identifierad orsak"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Varför hände det? Sök orsaken i arbetssätt och rutiner, inte hos enskilda medarbetare."),
    )
    actions = forms.CharField(
        label=_("Planerade eller genomförda åtgärder"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad enheten gör för att det inte ska hända igen, och när."),
    )


class DeviationCloseForm(forms.Form):
    confirm = ConfirmationField(_("Avvikelsen avslutas och kan därefter bara läsas."))


class DisputeOpenForm(forms.Form):
    raised_by_unit = forms.ModelChoiceField(label=_("Din enhet"), queryset=None)
    other_unit = forms.ModelChoiceField(label=_("Motpart (enhet)"), queryset=None)
    subject = forms.CharField(
        label=_("Vad tvisten gäller"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv inte den enskildes namn eller personnummer."),
    )
    interim_arrangement = forms.CharField(
        label=_("Tillfällig ansvarsfördelning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vem gör vad medan tvisten pågår, så att den enskilde inte kommer i kläm."),
    )

    def __init__(self, *args, own_units, other_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by_unit"].queryset = own_units
        self.fields["other_unit"].queryset = other_units
        only = list(own_units[:2])
        if len(only) == 1:
            self.fields["raised_by_unit"].initial = only[0]


class DisputeEscalateForm(forms.Form):
    note = forms.CharField(
        label=_("Varför kan tvisten inte lösas på den här nivån?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DisputeInterimForm(forms.Form):
    interim_arrangement = forms.CharField(
        label=_("Tillfällig ansvarsfördelning"), widget=forms.Textarea(attrs={"rows": 5})
    )


class DisputeResolveForm(forms.Form):
    outcome = forms.CharField(label=_("Utfall"), widget=forms.Textarea(attrs={"rows": 5}))
    confirm = ConfirmationField(_("Tvisten registreras som löst och kan därefter inte ändras."))
