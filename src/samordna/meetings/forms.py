from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.cases.forms import StaffChoiceField, UnitChoiceField, UnitMultipleChoiceField
from samordna.common.forms import ConfirmationField, DateTimeInput
from samordna.meetings.models import (
    Answer,
    ChairKind,
    IndividualParticipation,
    MeetingForm,
    MeetingKind,
    ParticipantKind,
    ProcedureCode,
)
from samordna.organizations.models import Unit

TEXTAREA = {"rows": 3}


class DirectoryWidgetMixin:
    """Units from the contact directory (kontaktvägar): each choice shows the unit's e-mail, phone, phone hours
    and contact person beside it, and whether the consent in force covers the unit. The queryset must prefetch
    `contact_routes` (meetings.selectors.directory_units).

    The project renders forms with its own template settings (FORM_RENDERER = TemplatesSetting), so the
    template lives with the others in templates/meetings/."""

    template_name = "meetings/widgets/directory_choices.html"

    def __init__(self, *args, covered_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.covered_ids = covered_ids if covered_ids is not None else set()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["covered_ids"] = self.covered_ids
        return context


class DirectoryChoices(DirectoryWidgetMixin, forms.CheckboxSelectMultiple):
    """Several units from the contact directory (the units to invite)."""


class DirectoryRadio(DirectoryWidgetMixin, forms.RadioSelect):
    """One unit from the contact directory (a unit added to a meeting)."""


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        title = f", {obj.title}" if obj.title else ""
        return f"{obj.get_full_name() or obj.username}{title}"


class MeetingDetailsForm(forms.Form):
    """Time, place and content of a meeting, shared by the proposal and the draft's edit page."""

    kind = forms.ChoiceField(label=_("Typ av möte"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    starts_at = forms.DateTimeField(label=_("Datum och tid"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(label=_("Beräknad längd (minuter)"), min_value=15, max_value=480, initial=90)
    form = forms.ChoiceField(label=_("Mötesform"), choices=MeetingForm.choices, widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Plats"), required=False, max_length=255, help_text=_("Vid fysiskt möte: adress och rum.")
    )
    digital_link = forms.URLField(
        label=_("Länk till digitalt möte"), required=False, assume_scheme="https", help_text=_("Vid digitalt möte.")
    )
    phone_details = forms.CharField(
        label=_("Telefonnummer och kod"), required=False, max_length=255, help_text=_("Vid telefonmöte.")
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Varför mötet behövs och den enskildes långsiktiga mål."),
    )
    goals = forms.CharField(label=_("Mål"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    questions = forms.CharField(
        label=_("Frågeställningar"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Och vad varje kallad aktör förväntas bidra med."),
    )
    consent_summary = forms.CharField(
        label=_("Samtyckets innehåll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hämtat från samtycket som gäller. Står med i kallelsen."),
    )
    pre_meeting_consented = forms.BooleanField(
        label=_("Den enskilde har samtyckt till förmötet"),
        required=False,
        help_text=_("Krävs för ett förmöte med bara professionella."),
    )


class MeetingProposeForm(MeetingDetailsForm):
    units = UnitMultipleChoiceField(
        label=_("Enheter som kallas"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("Ur kontaktvägarna. Varje kallad enhet ska svara inom en arbetsdag."),
    )
    include_individual = forms.BooleanField(label=_("Den enskilde deltar"), required=False, initial=True)
    guardians = forms.ModelMultipleChoiceField(
        label=_("Vårdnadshavare"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    representatives = forms.ModelMultipleChoiceField(
        label=_("Företrädare"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    related_persons = forms.ModelMultipleChoiceField(
        label=_("Närstående"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bara närstående som samtycket omfattar kan kallas."),
    )

    def __init__(self, *args, case, units, covered_ids, **kwargs):
        super().__init__(*args, **kwargs)
        person = case.person
        # The widget first: setting the queryset hands the choices to the current widget.
        self.fields["units"].widget = DirectoryChoices(covered_ids=covered_ids)
        self.fields["units"].queryset = units
        circle = {
            "guardians": person.guardians.all(),
            "representatives": person.representatives.all(),
            "related_persons": person.relatedpersons.all(),
        }
        for name, queryset in circle.items():
            if queryset.exists():
                self.fields[name].queryset = queryset
            else:
                self.fields.pop(name)


class MeetingAfterwardsForm(forms.Form):
    """A meeting held on paper during downtime (reservrutin), entered with its real time and the units called."""

    kind = forms.ChoiceField(
        label=_("Typ av möte"),
        choices=[(MeetingKind.SIP, MeetingKind.SIP.label), (MeetingKind.FOLLOW_UP, MeetingKind.FOLLOW_UP.label)],
        widget=forms.RadioSelect,
    )
    starts_at = forms.DateTimeField(
        label=_("Datum och tid då mötet hölls"),
        widget=DateTimeInput(),
        help_text=_("Den verkliga tiden, från pappret."),
    )
    duration_minutes = forms.IntegerField(label=_("Längd (minuter)"), min_value=15, max_value=480, initial=90)
    place = forms.CharField(label=_("Plats"), required=False, max_length=255)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs=TEXTAREA))
    units = UnitMultipleChoiceField(
        label=_("Enheter som kallades"),
        queryset=Unit.objects.none(),
        help_text=_("De enheter som kallades på papper. Samtycket måste omfatta dem."),
    )
    confirm = ConfirmationField(
        label=_("Mötet hölls på papper under ett driftstopp, och uppgifterna stämmer med pappret."),
    )

    def __init__(self, *args, units, covered_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].widget = DirectoryChoices(covered_ids=covered_ids)
        self.fields["units"].queryset = units


class MeetingMoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Ny tid"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(label=_("Beräknad längd (minuter)"), min_value=15, max_value=480)
    form = forms.ChoiceField(label=_("Mötesform"), choices=MeetingForm.choices, widget=forms.RadioSelect)
    place = forms.CharField(label=_("Plats"), required=False, max_length=255)
    digital_link = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    phone_details = forms.CharField(label=_("Telefonnummer och kod"), required=False, max_length=255)
    note = forms.CharField(
        label=_("Meddelande till de kallade"),
        required=False,
        max_length=120,
        help_text=_("Skriv inga personuppgifter; meddelandet visas i ändringslistan."),
    )


class MeetingSendForm(forms.Form):
    """Nothing to fill in: the page shows what will be sent and the button sends it."""


class MeetingWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), required=False, max_length=255)
    confirm = ConfirmationField(_("Mötet ställs in och alla kallade enheter får veta det."))


class UnitAddForm(forms.Form):
    unit = UnitChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    expected_contribution = forms.CharField(
        label=_("Vad enheten förväntas bidra med"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, units, covered_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = DirectoryRadio(covered_ids=covered_ids)
        self.fields["unit"].queryset = units


class UnitRemoveForm(forms.Form):
    note = forms.CharField(label=_("Meddelande"), required=False, max_length=120)
    confirm = ConfirmationField(_("Enheten tas bort från mötet. Är kallelsen skickad återkallas den."))


class ParticipantAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vem?"), choices=ParticipantKind.choices, widget=forms.RadioSelect)
    guardian = forms.ModelChoiceField(label=_("Vårdnadshavare"), required=False, queryset=None)
    representative = forms.ModelChoiceField(label=_("Företrädare"), required=False, queryset=None)
    related_person = forms.ModelChoiceField(label=_("Närstående"), required=False, queryset=None)
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=160,
        help_text=_("För annan aktör utan tillgång till Samordna, t.ex. Försäkringskassan."),
    )
    name = forms.CharField(label=_("Namn"), required=False, max_length=160)
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40)
    postal_address = forms.CharField(label=_("Postadress"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        person = case.person
        self.fields["guardian"].queryset = person.guardians.all()
        self.fields["representative"].queryset = person.representatives.all()
        self.fields["related_person"].queryset = person.relatedpersons.all()


class ParticipantRemoveForm(forms.Form):
    confirm = ConfirmationField(_("Deltagaren tas bort från mötet."))


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Svar"), choices=Answer.choices, widget=forms.RadioSelect)
    attendees = StaffMultipleChoiceField(
        label=_("Vem kommer från enheten?"),
        required=False,
        queryset=None,
        help_text=_("Vid 'Vi kommer'."),
    )
    attendee_names = forms.CharField(label=_("Fler som kommer (namn och befattning)"), required=False, max_length=255)
    substitute_name = forms.CharField(
        label=_("Ersättare (namn och befattning)"), required=False, max_length=160, help_text=_("Vid ersättare.")
    )
    decline_reason = forms.CharField(
        label=_("Skäl att inte delta"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    wrong_unit_note = forms.CharField(
        label=_("Kommentar till samordningsansvarig"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Vid fel mottagare: vem som borde kallas i stället."),
    )
    forward_to = UnitChoiceField(
        label=_("Vidarebefordra till"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("En enhet hos samma huvudman som samtycket omfattar."),
    )

    def __init__(self, *args, staff, forward_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff
        self.fields["forward_to"].queryset = forward_targets


class MeetingRecordForm(forms.Form):
    chair_kind = forms.ChoiceField(label=_("Ordförande är"), choices=ChairKind.choices, widget=forms.RadioSelect)
    chair = StaffChoiceField(
        label=_("Ordförande"), required=False, queryset=None, help_text=_("Lämna tomt för den som kallade.")
    )
    secretary = StaffChoiceField(label=_("Sekreterare"), required=False, queryset=None)
    present_units = forms.TypedMultipleChoiceField(
        label=_("Enheter som deltog"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    present_participants = forms.TypedMultipleChoiceField(
        label=_("Övriga som deltog"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    individual_participation = forms.ChoiceField(
        label=_("Hur den enskilde deltog"),
        required=False,
        choices=[("", _("Inte angivet")), *IndividualParticipation.choices],
        widget=forms.RadioSelect,
    )
    interpreter_used = forms.BooleanField(label=_("Tolk användes"), required=False)
    interpreter_language = forms.CharField(label=_("Tolkspråk"), required=False, max_length=80)
    consent_checked = forms.BooleanField(label=_("Inledning: samtycket kontrollerades och gäller"), required=False)
    secrecy_reminded = forms.BooleanField(label=_("Inledning: alla påmindes om sekretess"), required=False)
    introduction_notes = forms.CharField(label=_("1. Inledning"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    situation_notes = forms.CharField(
        label=_("2. Nuvarande situation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Den enskilde berättar först."),
    )
    needs_notes = forms.CharField(
        label=_("3. Behov och insatser"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    summary_notes = forms.CharField(label=_("4. Sammanfattning"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    procedure_code = forms.ChoiceField(
        label=_("KVÅ-kod"),
        required=False,
        choices=[("", _("Ingen KVÅ-kod")), *ProcedureCode.choices],
        help_text=_("För regionens enheter. Förvald efter typ av möte."),
    )

    PRE_MEETING_HIDDEN = ("chair_kind", "individual_participation", "procedure_code")

    def __init__(self, *args, meeting, staff, invitations, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff
        self.fields["present_units"].choices = [(inv.pk, inv.unit.name) for inv in invitations]
        self.fields["present_participants"].choices = [(p.pk, p.label) for p in participants]
        self.invitation_ids = [inv.pk for inv in invitations]
        self.participant_ids = [p.pk for p in participants]
        if meeting.is_pre_meeting:
            for name in self.PRE_MEETING_HIDDEN:
                self.fields.pop(name)
            for name in ("introduction_notes", "situation_notes", "needs_notes", "summary_notes"):
                self.fields[name].help_text = _("Förmötet fattar inga beslut; anteckningarna är underlag.")

    def record_data(self, data: dict) -> dict:
        """The cleaned data as the service takes it: attendance per invitation and participant."""
        data = dict(data)
        present_units = set(data.pop("present_units", []))
        present_participants = set(data.pop("present_participants", []))
        data["invitation_attendance"] = {pk: pk in present_units for pk in self.invitation_ids}
        data["participant_attendance"] = {pk: pk in present_participants for pk in self.participant_ids}
        return data
