from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.cases.models import (
    Assessment,
    CloseReason,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    CoordinationLevel,
    InitiatorKind,
    Preparation,
)
from samordna.common.forms import ConfirmationField, DateInput, DateTimeInput
from samordna.organizations.models import Unit
from samordna.organizations.selectors import active_units, outpatient_care_contacts


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} – {obj.principal.name}"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} – {obj.principal.name}"


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        units = ", ".join(membership.unit.name for membership in obj.memberships.all())
        return f"{obj.get_full_name() or obj.username} ({units})"


class CaseStartForm(forms.Form):
    unit = UnitChoiceField(label=_("Din enhet"), queryset=Unit.objects.none())
    initiator_kind = forms.ChoiceField(label=_("Vem uppmärksammade behovet?"), choices=InitiatorKind.choices)
    initiator_text = forms.CharField(label=_("Initiativtagare, beskrivning"), required=False, max_length=255)
    need_noticed_on = forms.DateField(label=_("Datum då behovet uppmärksammades"), widget=DateInput())
    need_description = forms.CharField(label=_("Behov"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    level = forms.ChoiceField(
        label=_("Samordningsnivå"), required=False, choices=[("", _("Inte bedömd")), *CoordinationLevel.choices]
    )
    assessment = forms.ChoiceField(
        label=_("Bedömning (när initiativtagaren inte är personal)"),
        required=False,
        choices=[("", _("Inte gjord än")), *Assessment.choices],
    )
    assessment_note = forms.CharField(
        label=_("Motivering av bedömningen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_discharge = forms.BooleanField(label=_("Ärendet gäller utskrivning från slutenvård"), required=False)
    discharge_ward = UnitChoiceField(
        label=_("Avdelning som skickade meddelandet"), required=False, queryset=Unit.objects.none()
    )
    discharge_sent_at = forms.DateTimeField(label=_("Meddelandet skickades"), required=False, widget=DateTimeInput())
    expected_discharge_on = forms.DateField(label=_("Beräknat utskrivningsdatum"), required=False, widget=DateInput())
    convener = StaffChoiceField(
        label=_("Fast vårdkontakt i öppenvården (blir samordningsansvarig)"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Vid utskrivning. Lämna tomt om det är du."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        self.fields["discharge_ward"].queryset = active_units().filter(is_inpatient_ward=True)
        self.fields["convener"].queryset = outpatient_care_contacts()

    def clean(self):
        data = super().clean()
        if data.get("is_discharge"):
            for name in ("discharge_ward", "discharge_sent_at", "expected_discharge_on"):
                if not data.get(name):
                    self.add_error(name, _("Fyll i detta för ett utskrivningsärende."))
        return data


class AssessmentForm(forms.Form):
    assessment = forms.ChoiceField(label=_("Bedömning"), choices=Assessment.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsentRecordForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslut"), choices=ConsentDecision.choices, widget=forms.RadioSelect)
    given_by = forms.ChoiceField(
        label=_("Vem lämnade beskedet?"), choices=ConsentGiver.choices, widget=forms.RadioSelect
    )
    guardians = forms.ModelMultipleChoiceField(
        label=_("Vårdnadshavare"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    representative = forms.ModelChoiceField(label=_("Företrädare"), required=False, queryset=None)
    form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices, widget=forms.RadioSelect)
    scan = forms.FileField(
        label=_("Inskannad blankett (PDF eller bild)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
    units = UnitMultipleChoiceField(
        label=_("Enheter som samtycket omfattar"),
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    related_persons = forms.ModelMultipleChoiceField(
        label=_("Närstående som samtycket omfattar"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    information_scope = forms.CharField(
        label=_("Information som får delas"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    exclusions = forms.CharField(
        label=_("Information som den enskilde INTE vill ska delas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Gäller alla aktörer i ärendet."),
    )
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Gäller till och med"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för rutinens förvalda giltighetstid."),
    )
    child_view = forms.CharField(
        label=_("Barnets egen inställning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    ALLOWED_SCAN_TYPES = {"application/pdf", "image/png", "image/jpeg"}

    def __init__(self, *args, case, max_upload_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        person = case.person
        self.max_upload_bytes = max_upload_bytes
        self.fields["guardians"].queryset = person.guardians.all()
        self.fields["representative"].queryset = person.representatives.all()
        self.fields["related_persons"].queryset = person.relatedpersons.all()
        self.fields["units"].queryset = active_units()
        if not person.is_minor():
            self.fields.pop("child_view")

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            if scan.size > self.max_upload_bytes:
                raise forms.ValidationError(_("Filen är för stor."))
            head = scan.read(8)
            scan.seek(0)
            if not (head.startswith(b"%PDF") or head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff")):
                raise forms.ValidationError(_("Bara PDF, PNG eller JPEG kan laddas upp."))
        return scan


class ConsentWithdrawForm(forms.Form):
    withdrawn_by_whom = forms.CharField(label=_("Vem återkallade samtycket?"), max_length=160)
    withdrawal_form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = ConfirmationField(
        _("Jag förstår att ärendet avslutas direkt och att övriga aktörer inte längre kan dokumentera i det.")
    )


class ActorAddForm(forms.Form):
    unit = UnitChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    contact = StaffChoiceField(
        label=_("Kontaktperson på enheten"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Kan lämnas tomt och fyllas i av enheten."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["contact"].queryset = (
            User.objects.filter(memberships__unit__in=units, is_active=True)
            .distinct()
            .prefetch_related("memberships__unit")
        )

    def clean(self):
        data = super().clean()
        unit, contact = data.get("unit"), data.get("contact")
        if unit and contact and not contact.memberships.filter(unit=unit).exists():
            self.add_error("contact", _("Kontaktpersonen arbetar inte på den valda enheten."))
        return data


class ActorLeaveForm(forms.Form):
    note = forms.CharField(label=_("Skäl"), required=False, max_length=255)
    confirm = ConfirmationField(_("Enheten lämnar ärendet och ser det inte längre."))


class PreparationForm(forms.ModelForm):
    wished_units = UnitMultipleChoiceField(
        label=_("Önskade deltagare (enheter)"),
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Preparation
        fields = [
            "what_matters",
            "purpose",
            "questions",
            "wished_units",
            "wished_related_persons",
            "meeting_wishes",
            "interpreter_language",
            "aids",
            "protected_identity_checked",
            "child_voice_form",
            "child_voice",
            "pre_meeting_consented",
        ]
        widgets = {
            "what_matters": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "questions": forms.Textarea(attrs={"rows": 3}),
            "meeting_wishes": forms.Textarea(attrs={"rows": 3}),
            "child_voice": forms.Textarea(attrs={"rows": 3}),
            "wished_related_persons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wished_units"].queryset = active_units()
        self.fields["wished_related_persons"].queryset = case.person.relatedpersons.all()
        if not case.person.is_minor():
            self.fields.pop("child_voice_form")
            self.fields.pop("child_voice")


class CaseCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Skäl för avslut"),
        choices=[choice for choice in CloseReason.choices if choice[0] != CloseReason.CONSENT_WITHDRAWN],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Kommentar och vart den enskilde kan vända sig om behovet kommer tillbaka"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = ConfirmationField(_("Ärendet avslutas och kan därefter bara läsas."))


class ProtectedIdentityViewerForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Medarbetare"),
        queryset=User.objects.none(),
        help_text=_("Bara personal på enheter som har tillgång till ärendet kan utses."),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ProtectedIdentityViewerRevokeForm(forms.Form):
    confirm = ConfirmationField(_("Medarbetaren ser inte längre namn, adress och telefon."))
