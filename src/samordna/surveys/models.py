"""SIP-kollen: the individual's (and relatives') anonymous rating of a SIP meeting.

Anonymity is the design, not a setting:

- A `SurveyToken` is the only row that knows the meeting. It holds a keyed hash of the printed code, never
  the code, and it is deleted in the same transaction that saves the answer.
- A `SurveyResponse` holds the county (routine profile) and the month of the meeting, the ratings and the
  free text: no person, case, unit or meeting, no time of answering (no `created_at`), and a random UUID as
  key, so neither a timestamp nor an increasing id orders the answers against anything else.
- A `UsedSurveyToken` keeps only the hash of an answered code, so the code can't be used again; with the
  token row gone, nothing leads from the hash back to the meeting.
- The answering pages write no audit events, and their requests are kept out of Django's logs
  (`samordna.surveys.logging`).
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.meetings.models import Meeting
from samordna.organizations.models import RoutineProfile

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# Results are shown only for groups of at least this many answers (SPEC: SIP-kollen).
MIN_GROUP_SIZE = 5


class SurveyToken(models.Model):
    """An unanswered code for one meeting. Deleted when the answer is saved, which cuts the link."""

    token_hash = models.CharField(_("kodens kontrollsumma"), max_length=64, unique=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey(RoutineProfile, verbose_name=_("län"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("månad"))
    expires_on = models.DateField(_("gäller till och med"))

    class Meta:
        verbose_name = _("kod till SIP-kollen")
        verbose_name_plural = _("koder till SIP-kollen")

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}"


class UsedSurveyToken(models.Model):
    """The hash of a code that has been answered with; nothing else, so it leads nowhere."""

    token_hash = models.CharField(_("kodens kontrollsumma"), max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("använd kod till SIP-kollen")
        verbose_name_plural = _("använda koder till SIP-kollen")

    def __str__(self) -> str:
        return self.token_hash[:8]


class SurveyResponse(models.Model):
    """One anonymous answer: county and month of the meeting, four ratings from 1 to 5 and free text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(RoutineProfile, verbose_name=_("län"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("månad"), help_text=_("Första dagen i den månad mötet hölls."))
    participation = models.PositiveSmallIntegerField(_("delaktighet"), validators=RATING_VALIDATORS)
    listened_to = models.PositiveSmallIntegerField(_("blev lyssnad på"), validators=RATING_VALIDATORS)
    understood_plan = models.PositiveSmallIntegerField(_("förstår planen"), validators=RATING_VALIDATORS)
    overall = models.PositiveSmallIntegerField(_("helhetsbetyg"), validators=RATING_VALIDATORS)
    comment = models.TextField(_("fritext"), blank=True)

    # The ratings in the order the survey asks them; results and statistics read them from here.
    RATING_FIELDS = ("participation", "listened_to", "understood_plan", "overall")

    class Meta:
        verbose_name = _("svar i SIP-kollen")
        verbose_name_plural = _("svar i SIP-kollen")
        ordering = ["month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    participation__gte=1,
                    participation__lte=5,
                    listened_to__gte=1,
                    listened_to__lte=5,
                    understood_plan__gte=1,
                    understood_plan__lte=5,
                    overall__gte=1,
                    overall__lte=5,
                ),
                name="survey_ratings_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
