from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.surveys.services import MAX_CODES_PER_MEETING_CALL

COMMENT_MAX_LENGTH = 2000

# The four questions, in plain Swedish and in easy-to-read Swedish (lättläst): (field, standard, easy).
QUESTIONS = (
    ("participation", _("Hur delaktig kände du dig i mötet?"), _("Fick du vara med och bestämma?")),
    ("listened_to", _("Kände du att de andra lyssnade på dig?"), _("Lyssnade de på dig?")),
    (
        "understood_plan",
        _("Förstår du vad som står i planen och vem som ska göra vad?"),
        _("Förstår du planen?"),
    ),
    ("overall", _("Vad tycker du om mötet som helhet?"), _("Hur var mötet?")),
)


def _scale(easy: bool) -> list[tuple[str, str]]:
    if easy:
        return [("1", _("1 Nej")), ("2", "2"), ("3", _("3 Lite")), ("4", "4"), ("5", _("5 Ja"))]
    return [("1", _("1 Inte alls")), ("2", "2"), ("3", "3"), ("4", "4"), ("5", _("5 Helt och hållet"))]


class SurveyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Din kod"),
        max_length=40,
        help_text=_("Koden står på lappen du fick, till exempel ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class SurveyForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    comment = forms.CharField(
        label=_("Vill du berätta något mer?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Skriv inte ditt namn eller andras namn. Svaret är anonymt."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, easy: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, standard, easy_label in reversed(QUESTIONS):
            self.fields[name] = forms.TypedChoiceField(
                label=easy_label if easy else standard,
                choices=_scale(easy),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj ett svar.")},
            )
        self.order_fields([name for name, _standard, _easy in QUESTIONS] + ["comment"])
        if easy:
            self.fields["comment"].label = _("Vill du säga något mer?")
            self.fields["comment"].help_text = _("Skriv inte namn. Ingen får veta att det är du.")


class SurveyTokensForm(forms.Form):
    count = forms.TypedChoiceField(
        label=_("Antal koder"),
        choices=[(str(number), str(number)) for number in range(1, MAX_CODES_PER_MEETING_CALL + 1)],
        coerce=int,
        initial="1",
        help_text=_("En till den enskilde och en till varje närstående som vill svara."),
    )
