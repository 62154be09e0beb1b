from django import forms
from django.utils.translation import gettext_lazy as _


class EmailPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(
        label=_("Skicka ett e-postmeddelande när något nytt finns för mig"),
        required=False,
        help_text=_(
            "Meddelandet säger bara att det finns något nytt i Samordna och länkar till inloggningen; "
            "aldrig namn, personnummer eller något om ärendet."
        ),
    )
