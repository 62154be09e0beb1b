"""Reads for SIP-kollen: averages per county and month, only for groups of at least MIN_GROUP_SIZE answers.

The answers carry no unit or principal, so SIP-kollen is always reported for the whole county."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, QuerySet

from samordna.organizations.models import RoutineProfile
from samordna.surveys.models import MIN_GROUP_SIZE, SurveyResponse


@dataclass(frozen=True)
class SurveyGroup:
    """The answers of one month (or of the whole period when `month` is None)."""

    month: datetime.date | None
    answers: int
    averages: dict[str, float] = field(default_factory=dict)

    @property
    def is_shown(self) -> bool:
        return self.answers >= MIN_GROUP_SIZE


def _responses(county: RoutineProfile, start: datetime.date, end: datetime.date) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(county=county, month__gte=start.replace(day=1), month__lte=end)


def _averages(row: dict, answers: int) -> dict[str, float]:
    if answers < MIN_GROUP_SIZE:
        return {}
    return {name: round(row[name], 1) for name in SurveyResponse.RATING_FIELDS}


def survey_results(
    *, county: RoutineProfile, start: datetime.date, end: datetime.date
) -> tuple[list[SurveyGroup], SurveyGroup]:
    """Per month and for the whole period: the number of answers and, for groups of at least five, the
    average of each question. Two queries, computed in the database."""
    averages = {name: Avg(name) for name in SurveyResponse.RATING_FIELDS}
    rows = _responses(county, start, end).values("month").annotate(answers=Count("id"), **averages).order_by("month")
    months = [SurveyGroup(row["month"], row["answers"], _averages(row, row["answers"])) for row in rows]
    total = _responses(county, start, end).aggregate(answers=Count("id"), **averages)
    return months, SurveyGroup(None, total["answers"], _averages(total, total["answers"]))


def survey_comments(*, county: RoutineProfile, start: datetime.date, end: datetime.date) -> list[str]:
    """The free texts of the period, only when the period has at least five answers, in alphabetical order so
    the order says nothing about when or from whom an answer came."""
    responses = _responses(county, start, end)
    if responses.count() < MIN_GROUP_SIZE:
        return []
    return list(responses.exclude(comment="").order_by("comment").values_list("comment", flat=True))
