from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.people.identity import parse_identity_number
from samordna.people.models import Guardian, Person, RelatedPerson, Representative


class IdentityNumberField(forms.CharField):
    """Accepts 10 or 12 digits with or without separator; cleans to the normalised 12 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Personnummer eller samordningsnummer"))
        kwargs.setdefault("help_text", _("12 siffror, t.ex. 19121212-1212."))
        kwargs.setdefault("max_length", 13)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return parse_identity_number(value).normalised


class PersonSearchForm(forms.Form):
    personal_identity_number = IdentityNumberField()


class PersonForm(forms.ModelForm):
    personal_identity_number = IdentityNumberField()

    class Meta:
        model = Person
        fields = [
            "personal_identity_number",
            "first_name",
            "last_name",
            "address",
            "phone",
            "email",
            "protected_identity",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        """Uniqueness is checked by the service, which also audits the attempt."""


class GuardianForm(forms.ModelForm):
    personal_identity_number = IdentityNumberField(required=False)

    class Meta:
        model = Guardian
        fields = ["name", "personal_identity_number", "phone", "email", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class RepresentativeForm(forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["kind", "name", "phone", "email", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class RelatedPersonForm(forms.ModelForm):
    class Meta:
        model = RelatedPerson
        fields = ["name", "relation", "phone", "email", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
