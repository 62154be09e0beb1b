"""The statistics of the SIP process for a unit, a principal or the county, per month and for a period.

Every figure is an aggregate computed in the database: one grouped query per measure (`GROUP BY` month and
category), so the page costs the same number of queries for ten cases as for ten thousand. Python only
arranges the grouped rows (one per month and category) into tables.

Which unit a figure belongs to:
- case measures (needs noticed, closures, time from need to the first meeting) count for the convener's unit,
  the unit that holds the case;
- meeting measures (KVÅ codes, the individual's participation, plans documented in time, goal outcomes at
  follow-ups) count for the unit that called the meeting;
- invitation answers count for the invited unit, whose answer it is.

Median. SQLite has no median or percentile function, PostgreSQL has `percentile_cont`. To give the same answer
on both, the median is found with window functions, which both have: the rows are numbered per month in order
of days (`ROW_NUMBER() OVER (PARTITION BY month ORDER BY days)`) next to the month's count
(`COUNT(*) OVER (PARTITION BY month)`), and only the one or two middle rows, `(n + 1) / 2` and `(n + 2) / 2` in
integer division, come back from the database. The median is their mean: at most two values per month.

Days between two dates differ too: PostgreSQL subtracts dates to an integer, SQLite needs `julianday`.
`DaysBetween` writes each.

Working days (plans documented within N working days) can't be computed in SQL without a calendar table. The
due date depends only on the meeting's day and N, so the selector computes the due date of every day in the
period with the project's calendar (`add_working_days`: Swedish holidays and eves) and hands the database a
`CASE` over those days: a fixed size per period, whatever the number of meetings.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.cases.models import CloseReason, CoordinationCase, Step
from samordna.common import clock
from samordna.common.calendar import add_working_days
from samordna.deviations.models import DeviationCategory, DeviationStatus
from samordna.deviations.selectors import deviation_counts
from samordna.meetings.models import (
    ANSWERED_STATUSES,
    IndividualParticipation,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProcedureCode,
)
from samordna.organizations.models import RoutineProfile
from samordna.plans.models import GOAL_ACHIEVEMENT_FAVOURABLE, Goal, GoalAchievement, PlanVersion
from samordna.statistics.policies import COUNTY, Scope
from samordna.surveys.models import MIN_GROUP_SIZE
from samordna.surveys.selectors import survey_comments, survey_results

PLAN_MEETING_KINDS = (MeetingKind.SIP, MeetingKind.FOLLOW_UP)
SUPPRESSED = "<5"


class DaysBetween(Func):
    """Whole days from `start` to `end` (both dates), as an integer, on PostgreSQL and SQLite alike."""

    output_field = IntegerField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def _parts(self, compiler):
        end, start = self.get_source_expressions()
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return end_sql, start_sql, (*end_params, *start_params)

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, start_sql, params = self._parts(compiler)
        return f"(CAST({end_sql} AS DATE) - CAST({start_sql} AS DATE))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        end_sql, start_sql, params = self._parts(compiler)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", params


# --- The period -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months from `start` (first day of the first month) to `end` (first day of the last month)."""

    start: datetime.date
    end: datetime.date

    @property
    def end_exclusive(self) -> datetime.date:
        return _next_month(self.end)

    @property
    def months(self) -> list[datetime.date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = _next_month(month)
        return months

    def datetime_range(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes at Swedish midnight, for filtering timestamps."""
        tz = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time(), tzinfo=tz),
            datetime.datetime.combine(self.end_exclusive, datetime.time(), tzinfo=tz),
        )

    @classmethod
    def last_months(cls, count: int = 12) -> "Period":
        end = clock.today().replace(day=1)
        start = end
        for _month in range(count - 1):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
        return cls(start, end)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _month_key(value) -> datetime.date:
    """TruncMonth gives a date for date columns and an aware datetime for timestamps (SQLite: maybe a string)."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


# --- The report's shape -----------------------------------------------------------------------------------


@dataclass
class Cell:
    """One figure. `shown` is what the page and the exports print: the number, or "<5" when suppressed."""

    value: float | int | None
    suppressed: bool = False
    is_share: bool = False

    @property
    def shown(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return "–"
        if self.is_share:
            return f"{self.value:.0f} %"
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",")
        return str(self.value)

    @property
    def export_value(self):
        """For CSV and Excel: the number itself, "<5" when suppressed, empty when there is nothing."""
        if self.suppressed:
            return SUPPRESSED
        return "" if self.value is None else self.value

    @property
    def chart_value(self) -> float:
        return 0 if self.suppressed or self.value is None else float(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Table:
    """One measure: rows of figures per month, with the period's total in the last column."""

    key: str
    title: str
    description: str
    rows: list[Row]
    chart: str = "months"  # "months": the first row per month; "categories": each row's total
    note: str = ""
    columns: list[str] | None = None  # other columns than the months (e.g. statuses), when the measure has them


@dataclass
class Report:
    scope: Scope
    period: Period
    tables: list[Table] = field(default_factory=list)
    # SIP-kollen's free texts, for the county only and only when the period has at least five answers.
    survey_comments: list[str] = field(default_factory=list)

    @property
    def months(self) -> list[datetime.date]:
        return self.period.months


class _Counter:
    """Builds cells from counts, suppressing 1-4 beyond the unit level (0 identifies nobody)."""

    def __init__(self, scope: Scope):
        self.suppress = scope.suppresses_small_groups

    def count(self, value: int) -> Cell:
        return Cell(value, suppressed=self.suppress and 0 < value < MIN_GROUP_SIZE)

    def share(self, part: int, whole: int) -> Cell:
        if not whole:
            return Cell(None, is_share=True)
        return Cell(100 * part / whole, suppressed=self.suppress and whole < MIN_GROUP_SIZE, is_share=True)

    def median(self, value: float | None, size: int) -> Cell:
        return Cell(value, suppressed=self.suppress and 0 < size < MIN_GROUP_SIZE)


def _count_row(label: str, counts: dict, months: list, counter: _Counter) -> Row:
    cells = [counter.count(counts.get(month, 0)) for month in months]
    return Row(str(label), cells, counter.count(sum(counts.values())))


def _grouped(queryset, *, month: str, category: str | None = None) -> dict:
    """{category: {month: count}} (or {month: count} without a category) from one grouped query."""
    names = ["bucket", category] if category else ["bucket"]
    rows = queryset.annotate(bucket=TruncMonth(month)).order_by().values(*names).annotate(n=Count("pk", distinct=True))
    if category is None:
        counts: dict = defaultdict(int)
        for row in rows:
            counts[_month_key(row["bucket"])] += row["n"]
        return counts
    result: dict = defaultdict(lambda: defaultdict(int))
    for row in rows:
        result[row[category]][_month_key(row["bucket"])] += row["n"]
    return result


# --- The measures -----------------------------------------------------------------------------------------


def _cases(scope: Scope) -> QuerySet[CoordinationCase]:
    return CoordinationCase.objects.filter(convener_unit__in=scope.units())


def _held_meetings(scope: Scope, period: Period) -> QuerySet[Meeting]:
    start, end = period.datetime_range()
    return Meeting.objects.filter(
        organiser_unit__in=scope.units(), status=MeetingStatus.HELD, held_at__gte=start, held_at__lt=end
    )


def needs_noticed(scope: Scope, period: Period, counter: _Counter) -> Table:
    cases = _cases(scope).filter(need_noticed_on__gte=period.start, need_noticed_on__lt=period.end_exclusive)
    counts = _grouped(cases, month="need_noticed_on")
    return Table(
        "needs",
        _("Uppmärksammade behov"),
        _("Nya samordningsärenden per månad, efter datum då behovet uppmärksammades."),
        [_count_row(_("Ärenden"), counts, period.months, counter)],
    )


def procedure_codes(scope: Scope, period: Period, counter: _Counter) -> Table:
    meetings = _held_meetings(scope, period).exclude(procedure_code="")
    by_code = _grouped(meetings, month="held_at", category="procedure_code")
    rows = [_count_row(code.label, by_code.get(code.value, {}), period.months, counter) for code in ProcedureCode]
    return Table(
        "kva",
        _("SIP enligt KVÅ-kod"),
        _("Genomförda möten per KVÅ-kod: AU124 upprättad SIP, AW010 uppföljning, AU125 SIP vid utskrivning."),
        rows,
    )


def closures(scope: Scope, period: Period, counter: _Counter) -> Table:
    start, end = period.datetime_range()
    cases = _cases(scope).filter(status=Step.CLOSED, closed_at__gte=start, closed_at__lt=end)
    by_reason = _grouped(cases, month="closed_at", category="close_reason")
    rows = [_count_row(reason.label, by_reason.get(reason.value, {}), period.months, counter) for reason in CloseReason]
    return Table("closed", _("Avslutade ärenden per skäl"), _("Ärenden som avslutades, per skäl."), rows, "categories")


def _first_meeting_day():
    first = (
        Meeting.objects.filter(case=OuterRef("pk"), kind=MeetingKind.SIP, status=MeetingStatus.HELD)
        .order_by("held_at")
        .annotate(day=TruncDate("held_at"))
        .values("day")[:1]
    )
    return Subquery(first, output_field=DateField())


def _medians(queryset, *, partition) -> dict:
    """{partition value: (median, size)} of the `days` annotation, from the one or two middle rows per partition
    (see the module docstring)."""
    window = {"partition_by": [partition]} if partition is not None else {}
    ranked = queryset.annotate(
        position=Window(RowNumber(), order_by=[F("days").asc(), F("pk").asc()], **window),
        size=Window(Count("pk"), **window),
        bucket=partition if partition is not None else Value(0, output_field=IntegerField()),
    )
    middle = ranked.filter(Q(position=(F("size") + 1) / 2) | Q(position=(F("size") + 2) / 2)).values_list(
        "bucket", "days", "size"
    )
    values: dict = defaultdict(list)
    sizes: dict = {}
    for bucket, days, size in middle:
        values[bucket].append(days)
        sizes[bucket] = size
    return {bucket: (sum(days) / len(days), sizes[bucket]) for bucket, days in values.items()}


def time_to_first_meeting(scope: Scope, period: Period, counter: _Counter) -> Table:
    today = clock.today()
    cases = (
        _cases(scope)
        .filter(need_noticed_on__gte=period.start, need_noticed_on__lt=period.end_exclusive)
        .annotate(first_meeting_on=_first_meeting_day())
        .annotate(
            days=DaysBetween(F("first_meeting_on"), F("need_noticed_on")),
            days_waiting=DaysBetween(Value(today, output_field=DateField()), F("need_noticed_on")),
            limit=F("routine_profile__meeting_within_days"),
        )
    )
    # Within the limit: a first meeting within the profile's days. Judged: had its first meeting, or has waited
    # past the limit without one (a case still inside its limit isn't judged yet).
    shares = (
        cases.annotate(bucket=TruncMonth("need_noticed_on"))
        .order_by()
        .values("bucket")
        .annotate(
            within=Count("pk", filter=Q(first_meeting_on__isnull=False, days__lte=F("limit"))),
            judged=Count("pk", filter=Q(first_meeting_on__isnull=False) | Q(days_waiting__gt=F("limit"))),
        )
    )
    within = {_month_key(row["bucket"]): row["within"] for row in shares}
    judged = {_month_key(row["bucket"]): row["judged"] for row in shares}
    with_meeting = cases.filter(first_meeting_on__isnull=False)
    monthly = {
        _month_key(bucket): value
        for bucket, value in _medians(with_meeting, partition=TruncMonth("need_noticed_on")).items()
    }
    overall = _medians(with_meeting, partition=None).get(0, (None, 0))
    months = period.months
    median_row = Row(
        _("Median, dagar"),
        [counter.median(*monthly.get(month, (None, 0))) for month in months],
        counter.median(*overall),
    )
    share_row = Row(
        _("Andel inom rutinens gräns"),
        [counter.share(within.get(month, 0), judged.get(month, 0)) for month in months],
        counter.share(sum(within.values()), sum(judged.values())),
    )
    return Table(
        "first_meeting",
        _("Dagar från behov till första SIP-möte"),
        _(
            "Median antal dagar från uppmärksammat behov till första genomförda SIP-möte, per månad då behovet "
            "uppmärksammades, och andel med möte inom rutinprofilens gräns (ärenden som ännu inte passerat gränsen "
            "räknas inte)."
        ),
        [median_row, share_row],
    )


def invitations_in_time(scope: Scope, period: Period, counter: _Counter) -> Table:
    today = clock.today()
    invitations = (
        Invitation.objects.filter(
            unit__in=scope.units(),
            answer_due_on__gte=period.start,
            answer_due_on__lt=period.end_exclusive,
            received_at__isnull=False,
            meeting__entered_afterwards=False,  # called on paper during downtime: never answered here
        )
        .exclude(status__in=(InvitationStatus.DRAFT, InvitationStatus.WITHDRAWN))
        .annotate(bucket=TruncMonth("answer_due_on"))
        .order_by()
        .values("bucket")
        .annotate(
            in_time=Count("pk", filter=Q(status__in=ANSWERED_STATUSES, answered_at__date__lte=F("answer_due_on"))),
            judged=Count("pk", filter=Q(status__in=ANSWERED_STATUSES) | Q(answer_due_on__lt=today)),
        )
    )
    in_time = {_month_key(row["bucket"]): row["in_time"] for row in invitations}
    judged = {_month_key(row["bucket"]): row["judged"] for row in invitations}
    months = period.months
    return Table(
        "invitations",
        _("Kallelser besvarade i tid"),
        _("Andel kallelser som den kallade enheten besvarade senast sista svarsdag, per månad för sista svarsdag."),
        [
            Row(
                _("Andel i tid"),
                [counter.share(in_time.get(month, 0), judged.get(month, 0)) for month in months],
                counter.share(sum(in_time.values()), sum(judged.values())),
            ),
            _count_row(_("Kallelser"), judged, months, counter),
        ],
    )


def _documentation_due(period: Period, working_days: list[int]):
    """The due date of a plan for a meeting held on each day of the period, as a CASE over day and profile."""
    whens = []
    day = period.start
    while day < period.end_exclusive:
        for count in working_days:
            whens.append(
                When(
                    meeting_day=day,
                    case__routine_profile__plan_documentation_working_days=count,
                    then=Value(add_working_days(day, count)),
                )
            )
        day += datetime.timedelta(days=1)
    return Case(*whens, default=Value(None), output_field=DateField())


def plans_in_time(scope: Scope, period: Period, counter: _Counter) -> Table:
    today = clock.today()
    start, end = period.datetime_range()
    working_days = sorted(set(RoutineProfile.objects.values_list("plan_documentation_working_days", flat=True)))
    documented = (
        PlanVersion.objects.filter(meeting=OuterRef("pk"))
        .order_by("created_at")
        .annotate(day=TruncDate("created_at"))
        .values("day")[:1]
    )
    # The plan rule counts from the meeting's start day (deadlines.rules.plan_documentation_due).
    meetings = (
        Meeting.objects.filter(
            organiser_unit__in=scope.units(),
            status=MeetingStatus.HELD,
            entered_afterwards=False,  # documented on paper during downtime
            kind__in=PLAN_MEETING_KINDS,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .annotate(meeting_day=TruncDate("starts_at"), documented_on=Subquery(documented, output_field=DateField()))
        .annotate(due_on=_documentation_due(period, working_days))
        .annotate(bucket=TruncMonth("starts_at"))
        .order_by()
        .values("bucket")
        .annotate(
            in_time=Count("pk", filter=Q(documented_on__isnull=False, documented_on__lte=F("due_on"))),
            judged=Count("pk", filter=Q(documented_on__isnull=False) | Q(due_on__lt=today)),
        )
    )
    in_time = {_month_key(row["bucket"]): row["in_time"] for row in meetings}
    judged = {_month_key(row["bucket"]): row["judged"] for row in meetings}
    months = period.months
    return Table(
        "plans",
        _("Planer dokumenterade i tid"),
        _(
            "Andel genomförda SIP- och uppföljningsmöten där en planversion gjordes inom rutinens antal arbetsdagar "
            "(möten vars frist inte gått ut och som saknar plan räknas inte ännu)."
        ),
        [
            Row(
                _("Andel i tid"),
                [counter.share(in_time.get(month, 0), judged.get(month, 0)) for month in months],
                counter.share(sum(in_time.values()), sum(judged.values())),
            ),
            _count_row(_("Möten"), judged, months, counter),
        ],
    )


def participation(scope: Scope, period: Period, counter: _Counter) -> Table:
    meetings = _held_meetings(scope, period).filter(kind__in=PLAN_MEETING_KINDS)
    by_kind = _grouped(meetings, month="held_at", category="individual_participation")
    rows = [
        _count_row(choice.label, by_kind.get(choice.value, {}), period.months, counter)
        for choice in IndividualParticipation
    ]
    rows.append(_count_row(_("Inte dokumenterat"), by_kind.get("", {}), period.months, counter))
    return Table(
        "participation",
        _("Den enskildes deltagande"),
        _("Hur den enskilde deltog i genomförda SIP- och uppföljningsmöten."),
        rows,
        "categories",
    )


def goal_outcomes(scope: Scope, period: Period, counter: _Counter) -> Table:
    start, end = period.datetime_range()
    goals = Goal.objects.filter(
        achievement_recorded_at__isnull=False,
        version__meeting__organiser_unit__in=scope.units(),
        version__meeting__held_at__gte=start,
        version__meeting__held_at__lt=end,
    )
    by_code = _grouped(goals, month="version__meeting__held_at", category="achievement_status")
    months = period.months
    favourable = defaultdict(int)
    assessed = defaultdict(int)
    for code, counts in by_code.items():
        for month, number in counts.items():
            assessed[month] += number
            if code in GOAL_ACHIEVEMENT_FAVOURABLE:
                favourable[month] += number
    rows = [
        Row(
            _("Andel uppnådda eller förbättrade"),
            [counter.share(favourable.get(month, 0), assessed.get(month, 0)) for month in months],
            counter.share(sum(favourable.values()), sum(assessed.values())),
        ),
        *(_count_row(choice.label, by_code.get(choice.value, {}), months, counter) for choice in GoalAchievement),
    ]
    return Table(
        "goals",
        _("Måluppfyllelse vid uppföljning"),
        _(
            "Mål vars måluppfyllelse bedömdes vid ett uppföljningsmöte (FHIR goal-achievement), per månad för "
            "mötet: hur många som uppnåddes eller förbättrades, inte bara hur många planer som finns."
        ),
        rows,
        "categories",
    )


def deviations(scope: Scope, period: Period, counter: _Counter) -> Table:
    """One grouped query (samordna.deviations.selectors); a row per category, a column per status."""
    counts = deviation_counts(
        date_from=period.start,
        date_to=period.end_exclusive - datetime.timedelta(days=1),
        units=scope.units(),
    )
    by_category: dict = defaultdict(dict)
    for row in counts:
        by_category[row["category"]][row["status"]] = row["count"]
    rows = [
        Row(
            str(category.label),
            [counter.count(by_category[category.value].get(status.value, 0)) for status in DeviationStatus],
            counter.count(sum(by_category[category.value].values())),
        )
        for category in DeviationCategory
    ]
    return Table(
        "deviations",
        _("Avvikelser per kategori och status"),
        _(
            "Avvikelser som rapporterades under perioden och gäller enheterna, per kategori och med den status "
            "de har i dag."
        ),
        rows,
        "categories",
        columns=[str(status.label) for status in DeviationStatus],
    )


def survey_averages(scope: Scope, period: Period, counter: _Counter) -> Table:
    """SIP-kollen has no unit or principal: always the county's figures, each month only with five answers."""
    months_rows, total = survey_results(county=scope.county, start=period.start, end=period.end)
    by_month = {group.month: group for group in months_rows}
    labels = {
        "participation": _("Delaktighet"),
        "listened_to": _("Blev lyssnad på"),
        "understood_plan": _("Förstår planen"),
        "overall": _("Helhetsbetyg"),
    }

    def cell(group, name) -> Cell:
        if group is None or not group.answers:
            return Cell(None)
        if not group.is_shown:
            return Cell(None, suppressed=True)
        return Cell(group.averages[name])

    rows = [
        Row(label, [cell(by_month.get(month), name) for month in period.months], cell(total, name))
        for name, label in labels.items()
    ]
    rows.append(
        Row(
            _("Antal svar"),
            [_survey_count(by_month.get(month)) for month in period.months],
            _survey_count(total),
        )
    )
    return Table(
        "survey",
        _("SIP-kollen: den enskildes betyg (1–5)"),
        _("Medelvärden för hela länet (%(county)s). Visas bara för grupper med minst %(min)s svar.")
        % {"county": scope.county.name, "min": MIN_GROUP_SIZE},
        rows,
        note=_("Svaren är anonyma och saknar uppgift om enhet och huvudman."),
    )


def _survey_count(group) -> Cell:
    if group is None:
        return Cell(0)
    return Cell(group.answers, suppressed=0 < group.answers < MIN_GROUP_SIZE)


MEASURES = (
    needs_noticed,
    procedure_codes,
    closures,
    time_to_first_meeting,
    invitations_in_time,
    plans_in_time,
    participation,
    goal_outcomes,
    deviations,
    survey_averages,
)


def statistics_report(*, scope: Scope, period: Period) -> Report:
    counter = _Counter(scope)
    report = Report(scope, period, [measure(scope, period, counter) for measure in MEASURES])
    if scope.level == COUNTY:
        report.survey_comments = survey_comments(county=scope.county, start=period.start, end=period.end)
    return report
