"""Forms for Rutinkollen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.common.forms import ConfirmationField, DateInput
from samordna.routine_audits.models import INDICATOR_QUESTIONS, Answer, Indicator

MAX_SAMPLE = 100


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        units = ", ".join(sorted({membership.unit.name for membership in obj.memberships.all()}))
        return f"{obj.get_full_name() or obj.username} ({units})"


class RoutineAuditCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None)
    period_start = forms.DateField(
        label=_("Period från"), widget=DateInput, help_text=_("Datum då behovet uppmärksammades.")
    )
    period_end = forms.DateField(label=_("Period till"), widget=DateInput)
    sample_size = forms.IntegerField(label=_("Antal ärenden i urvalet"), min_value=1, max_value=MAX_SAMPLE, initial=10)
    reviewers = ReviewerChoiceField(
        label=_("Granskare"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Medarbetare på enheten som bedömer ärendena i urvalet."),
    )

    def __init__(self, *args, units, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["reviewers"].queryset = reviewers
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0]


class IndicatorAnswersForm(forms.Form):
    """One yes/partly/no and a comment per indicator, with the indicator's question as help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Indicator.choices:
            self.fields[f"{value}_answer"] = forms.ChoiceField(
                label=label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                help_text=INDICATOR_QUESTIONS[Indicator(value)],
            )
            self.fields[f"{value}_comment"] = forms.CharField(
                label=_("Kommentar: %(indicator)s") % {"indicator": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_from(answers) -> dict:
        initial = {}
        for answer in answers:
            initial[f"{answer.indicator}_answer"] = answer.answer
            initial[f"{answer.indicator}_comment"] = answer.comment
        return initial

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {value: (data[f"{value}_answer"], data[f"{value}_comment"]) for value in Indicator.values}


class RoutineAuditCompleteForm(forms.Form):
    confirm = ConfirmationField(_("Rutinkollen slutförs och bedömningarna kan därefter inte ändras."))
