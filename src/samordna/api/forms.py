from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.api.models import TokenScope
from samordna.organizations.models import Unit


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("System"), max_length=120, help_text=_("Vilket system som ska använda nyckeln."))
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        help_text=_("Nyckeln ser och gör det som personal på enheten får."),
    )
    scope = forms.ChoiceField(label=_("Behörighet"), choices=TokenScope.choices, initial=TokenScope.READ)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
