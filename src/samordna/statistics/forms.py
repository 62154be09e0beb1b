import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.statistics.selectors import Period

MAX_MONTHS = 36


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to the first day of the month."""

    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError as error:
            raise ValidationError(_("Ange en månad som ÅÅÅÅ-MM."), code="invalid") from error


class StatisticsFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Visa för"))
    start = MonthField(label=_("Från och med månad"), required=False)
    end = MonthField(label=_("Till och med månad"), required=False)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(scope.key, scope.label) for scope in scopes]

    def clean(self):
        data = super().clean()
        default = Period.last_months()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if start > end:
            raise ValidationError({"end": _("Slutmånaden kan inte ligga före startmånaden.")})
        if len(Period(start, end).months) > MAX_MONTHS:
            raise ValidationError({"start": _("Välj högst %(max)s månader.") % {"max": MAX_MONTHS}})
        data["period"] = Period(start, end)
        return data
