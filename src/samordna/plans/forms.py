from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.cases.forms import StaffChoiceField, UnitChoiceField
from samordna.cases.models import CloseReason
from samordna.common import clock
from samordna.common.forms import ConfirmationField, DateInput
from samordna.meetings.models import Meeting
from samordna.organizations.models import Principal, Role, Unit
from samordna.plans.models import (
    AgreementKind,
    Goal,
    Intervention,
    InterventionStatus,
    LeadDecision,
    PlanVersion,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.get_kind_display()} {obj.starts_at:%Y-%m-%d}"


def staff_of(units) -> QuerySet[User]:
    """Active staff and managers of `units`, with their units in the label."""
    return (
        User.objects.filter(
            is_active=True, memberships__unit__in=units, memberships__role__in=(Role.STAFF, Role.MANAGER)
        )
        .distinct()
        .prefetch_related("memberships__unit")
        .order_by("last_name", "first_name")
    )


TEXT = {"rows": 3}


class PlanSectionsForm(forms.ModelForm):
    """The text sections of a version and its follow-up."""

    class Meta:
        model = PlanVersion
        fields = [*PlanVersion.SECTION_FIELDS, "follow_up_on", "follow_up_time", "follow_up_place"]
        widgets = {
            **{name: forms.Textarea(attrs=TEXT) for name in PlanVersion.SECTION_FIELDS},
            "follow_up_on": DateInput(),
            "follow_up_time": TimeInput(),
        }


class VersionCreateForm(PlanSectionsForm):
    meeting = MeetingChoiceField(label=_("Möte där planen görs"), queryset=Meeting.objects.none(), empty_label=None)

    field_order = ["meeting"]

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "parent", "achievement_status", "evaluation", "evaluation_note"]
        widgets = {"text": forms.Textarea(attrs=TEXT), "evaluation_note": forms.Textarea(attrs=TEXT)}
        labels = {"parent": _("Delmål till (lämna tomt för ett mål)")}

    def __init__(self, *args, version: PlanVersion, **kwargs):
        super().__init__(*args, **kwargs)
        # A new goal belongs to `version` already while the form validates, so the model's check that a
        # sub-goal's parent is in the same version compares with the right version.
        if self.instance.version_id is None:
            self.instance.version = version
        parents = version.goals.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        if version.replaces_id is None:
            # Evaluation belongs to a follow-up, where the goals come from the version before.
            for name in ("evaluation", "evaluation_note"):
                self.fields.pop(name)
        elif self.instance.carried_from_id is not None:
            self.fields["achievement_status"].label = _("Måluppfyllelse vid den här uppföljningen")
            self.fields["achievement_status"].help_text = _(
                "Sparas som målets utfall vid uppföljningen och räknas i statistiken."
            )


class InterventionForm(forms.ModelForm):
    unit = UnitChoiceField(label=_("Utförs av (enhet)"), queryset=Unit.objects.none())

    class Meta:
        model = Intervention
        fields = [
            "what",
            "unit",
            "goal",
            "start_on",
            "frequency",
            "place",
            "coordination",
            "status",
            "pending_decision",
            "meanwhile",
            "delivered_as_planned",
            "effect",
            "evaluation_decision",
            "evaluation_note",
        ]
        widgets = {
            "what": forms.Textarea(attrs=TEXT),
            "start_on": DateInput(),
            "coordination": forms.Textarea(attrs=TEXT),
            "meanwhile": forms.Textarea(attrs=TEXT),
            "delivered_as_planned": forms.NullBooleanSelect(),
            "effect": forms.Textarea(attrs=TEXT),
            "evaluation_note": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, version: PlanVersion, units, **kwargs):
        super().__init__(*args, **kwargs)
        # As for goals: the model's check that the intervention's goal is in the same version needs the version.
        if self.instance.version_id is None:
            self.instance.version = version
        self.fields["unit"].queryset = units
        self.fields["goal"].queryset = version.goals.all()
        self.fields["goal"].label_from_instance = lambda goal: goal.text[:80]
        if version.replaces_id is None:
            for name in ("delivered_as_planned", "effect", "evaluation_decision", "evaluation_note"):
                self.fields.pop(name)


class ContactPersonForm(forms.Form):
    unit = UnitChoiceField(label=_("Organisation (enhet)"), queryset=Unit.objects.none())
    user = StaffChoiceField(label=_("Kontaktperson"), required=False, queryset=User.objects.none())
    name = forms.CharField(
        label=_("Namn"), required=False, max_length=160, help_text=_("När kontaktpersonen inte är användare.")
    )
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=60)
    email = forms.EmailField(label=_("E-post"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["user"].queryset = staff_of(units)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("name", "").strip():
            self.add_error("user", _("Välj en kontaktperson eller skriv ett namn."))
        return data


class LeadForm(forms.Form):
    lead_unit = UnitChoiceField(label=_("Huvudansvarigs enhet"), queryset=Unit.objects.none())
    lead = StaffChoiceField(label=_("Huvudansvarig"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("Varför byts huvudansvarig?"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Behövs när huvudansvarig byts vid en uppföljning."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["lead"].queryset = staff_of(units)


class ApproveForm(forms.Form):
    principal = forms.ModelChoiceField(
        label=_("Huvudman"), queryset=Principal.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    confirm = ConfirmationField(
        _(
            "Jag godkänner huvudmannens del av planen. Godkännandet kan inte ångras; när alla har godkänt kan planen "
            "inte längre ändras."
        )
    )

    def __init__(self, *args, principals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = principals


class PaperApprovalForm(forms.Form):
    """A principal's sign-off given on paper, recorded by the convener's or lead's unit."""

    principal = forms.ModelChoiceField(
        label=_("Huvudman"), queryset=Principal.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    signed_by_name = forms.CharField(
        label=_("Undertecknat av"),
        max_length=160,
        help_text=_("Namn och titel på den som skrev under för huvudmannen."),
    )
    signed_on = forms.DateField(label=_("Datum för underskriften"), widget=DateInput())
    confirm = ConfirmationField(
        _(
            "Huvudmannen har godkänt sin del av planen med underskrift på papper, och pappret förvaras i "
            "journalen eller akten. Registreringen kan inte ångras."
        )
    )

    def __init__(self, *args, principals, **kwargs):
        kwargs.setdefault("initial", {"signed_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = principals


class IndividualAgreementForm(forms.Form):
    how = forms.ChoiceField(
        label=_("Hur godkände den enskilde planen?"), choices=AgreementKind.choices, widget=forms.RadioSelect
    )
    agreed_on = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(
        label=_("Kommentar"), required=False, max_length=255, help_text=_("T.ex. vilken företrädare som godkände.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"agreed_on": clock.today()})
        super().__init__(*args, **kwargs)


class InterventionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs=TEXT))


class EventReportForm(forms.Form):
    text = forms.CharField(
        label=_("Vad har hänt?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Något som påverkar planen. Huvudansvarig avgör om uppföljningen ska tidigareläggas."),
    )
    unit = UnitChoiceField(label=_("Du rapporterar för"), queryset=Unit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if units.count() <= 1:
            self.fields.pop("unit")
        else:
            self.fields["unit"].queryset = units


class EventDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslut"), choices=LeadDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs=TEXT))


class ReviseForm(forms.Form):
    meeting = MeetingChoiceField(label=_("Uppföljningsmöte"), queryset=Meeting.objects.none(), empty_label=None)
    confirm = ConfirmationField(
        _("Den godkända versionen ersätts av en ny version som ska godkännas på nytt. Det kan inte ångras.")
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanVersion) -> str:
        return f"{_('Version')} {obj.number} ({obj.get_status_display()})"


class CompareForm(forms.Form):
    a = VersionChoiceField(label=_("Jämför version"), queryset=PlanVersion.objects.none(), empty_label=None)
    b = VersionChoiceField(label=_("med version"), queryset=PlanVersion.objects.none(), empty_label=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = versions
        self.fields["b"].queryset = versions


class PlanCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Skäl för avslut"),
        choices=[choice for choice in CloseReason.choices if choice[0] != CloseReason.CONSENT_WITHDRAWN],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Vart kan den enskilde vända sig om behovet kommer tillbaka?"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Skrivs i avslutet som alla aktörer och den enskilde får se."),
    )
    confirm = ConfirmationField(_("Ärendet avslutas och kan därefter bara läsas."))


class RemoveForm(forms.Form):
    """Removing asks once: the page with its button is the confirmation."""
