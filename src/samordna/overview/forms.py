"""The overview's filters and the manager's assignment choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import Step


class OverviewFilterForm(forms.Form):
    """Filters on my overview: the process step the case is in, and one of my units."""

    step = forms.ChoiceField(label=_("Steg"), required=False)
    unit = forms.ModelChoiceField(label=_("Enhet"), required=False, queryset=None, empty_label=_("Alla mina enheter"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        open_steps = [(value, label) for value, label in Step.choices if value != Step.CLOSED]
        self.fields["step"].choices = [("", _("Alla steg")), *open_steps]
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """The chosen step and unit id; an invalid choice filters nothing."""
        if not self.is_valid():
            return {"step": "", "unit_id": None}
        unit = self.cleaned_data.get("unit")
        return {"step": self.cleaned_data.get("step") or "", "unit_id": unit.pk if unit else None}


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Tilldela till"), queryset=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class DowntimeForm(forms.Form):
    """What to print before downtime: one of my units, and how many days of coming meetings."""

    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, empty_label=None)
    days = forms.IntegerField(
        label=_("Kommande möten, antal dagar framåt"),
        min_value=1,
        max_value=90,
        initial=14,
        help_text=_("Mellan 1 och 90 dagar."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
