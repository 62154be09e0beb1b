from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Kod"),
        max_length=32,
        help_text=_("Sex siffror från autentiseringsappen, eller en av dina reservkoder."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )


class EnrolmentCodeForm(forms.Form):
    """The first code the new authenticator shows, proving it was set up right."""

    code = forms.CharField(
        label=_("Kod från appen"),
        max_length=16,
        help_text=_("Sex siffror. Koden byts var 30:e sekund."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
