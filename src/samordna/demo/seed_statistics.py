"""Demo data for SIP-kollen, goal outcomes and the statistics page: a county coordinator to log in as, anonymous
survey answers, and a history of past cases and deviations so the charts have months to show.

The history lives in units where no demo user works (Fagersta and Sala), so nobody's case lists fill up with it:
the county coordinator (`lan`) sees it in the county's statistics. It is written straight to the models with
its real past dates, the way a migration from an older system would load it. How many months of history is set
by SAMORDNA_DEMO_HISTORY_MONTHS (0 leaves it out; the test suite does, to keep the story's counts exact).
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from samordna.accounts.models import User
from samordna.cases.models import CaseActor, CloseReason, CoordinationCase, InitiatorKind, Step
from samordna.common.calendar import add_working_days
from samordna.deviations.models import Deviation, DeviationCategory, DeviationStatus
from samordna.meetings.models import (
    IndividualParticipation,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProcedureCode,
)
from samordna.organizations.models import Membership, Role, RoutineProfile
from samordna.organizations.selectors import default_routine_profile
from samordna.people.identity import parse_identity_number
from samordna.people.models import Person
from samordna.plans.models import Goal, GoalAchievement, Plan, PlanStatus, PlanVersion
from samordna.statistics.selectors import Period
from samordna.surveys.models import SurveyResponse

if TYPE_CHECKING:
    from samordna.demo.seed import DemoSeeder

COORDINATOR = ("lan", "Karin", "Lindqvist", "Länssamordnare SIP", "mti")
# (convener unit, actor unit, the convener's staff account) for the history; no demo user works in these units.
HISTORY_UNITS = (
    ("ifo-fagersta", "bup-fagersta", ("historik.fagersta", "Mats", "Fors")),
    ("ifo-sala", "buh-sala", ("historik.sala", "Eva", "Strand")),
)
FIRST_NAMES = ("Alex", "Robin", "Kim", "Noa", "Sam", "Elia", "Vide", "Love", "Ellis", "Mika", "Charlie", "Tintin")
LAST_NAMES = ("Berg", "Lind", "Ek", "Holm", "Strand", "Sjö", "Dahl", "Ström", "Falk", "Lund")
PARTICIPATION = (
    [IndividualParticipation.PRESENT] * 6
    + [IndividualParticipation.PART] * 2
    + [IndividualParticipation.REMOTE, IndividualParticipation.LETTER_OR_REPRESENTATIVE]
    + [IndividualParticipation.NOT_AT_ALL]
)
OUTCOMES = (
    [GoalAchievement.ACHIEVED] * 3
    + [GoalAchievement.IMPROVING] * 3
    + [GoalAchievement.SUSTAINING, GoalAchievement.NO_CHANGE, GoalAchievement.WORSENING, GoalAchievement.NOT_ACHIEVED]
)
DEVIATION_CATEGORIES = (
    [DeviationCategory.INVITATION_NOT_ANSWERED] * 3
    + [DeviationCategory.ACTOR_ABSENT] * 2
    + [DeviationCategory.INTERVENTION_NOT_CARRIED_OUT] * 2
    + [DeviationCategory.NO_SIP_INITIATED, DeviationCategory.NO_AGREEMENT, DeviationCategory.OTHER]
)
GOALS = ("Gå i skolan varje dag", "Sova bättre", "Ha en meningsfull fritid", "Klara vardagen hemma")
SURVEY_COMMENTS = (
    "Bra att alla var på samma möte.",
    "Jag fick säga vad jag tyckte.",
    "Det var många personer i rummet.",
    "Nu vet jag vem jag ska ringa.",
    "",
    "",
)


def seed_statistics(seeder: "DemoSeeder") -> None:
    """Everything this module adds, after the story; one call from DemoSeeder.run."""
    _coordinator(seeder)
    profile = default_routine_profile()
    _survey_answers(seeder, profile)
    months = settings.SAMORDNA_DEMO_HISTORY_MONTHS
    if months:
        for convener_unit, actor_unit, account in HISTORY_UNITS:
            _History(seeder, profile, convener_unit, actor_unit, account).create(months)


def _coordinator(seeder: "DemoSeeder") -> None:
    """A county coordinator (`lan`) to log in as and read the whole county's statistics."""
    from samordna.demo.seed import DEMO_PASSWORD, Login, email_address  # seed.py imports this module

    if Membership.objects.filter(role=Role.COUNTY_COORDINATOR).exists():
        return  # another part of the demo already made one (`lan`); the statistics need only that
    username, first_name, last_name, title, unit_key = COORDINATOR
    user = User.objects.create(
        username=username,
        password=make_password(DEMO_PASSWORD),
        email=email_address(f"{first_name} {last_name}"),
        first_name=first_name,
        last_name=last_name,
        title=title,
        phone=next(seeder.phones),
    )
    unit = seeder.units[unit_key]
    Membership.objects.create(user=user, unit=unit, role=Role.COUNTY_COORDINATOR)
    seeder.logins.append(Login(username, user.get_full_name(), str(Role.COUNTY_COORDINATOR.label), str(unit)))


def _survey_answers(seeder: "DemoSeeder", profile: RoutineProfile) -> None:
    """SIP-kollen: five to nine answers in each of the last six months, two in the months before (below the
    limit of five, so the page shows them as <5)."""
    period = Period.last_months(12)
    answers = []
    for index, month in enumerate(period.months):
        count = seeder.random.randint(5, 9) if index >= 6 else 2
        for _answer in range(count):
            overall = seeder.random.choice((3, 4, 4, 5, 5, 2))
            answers.append(
                SurveyResponse(
                    county=profile,
                    month=month,
                    participation=max(1, min(5, overall + seeder.random.choice((-1, 0, 0, 1)))),
                    listened_to=max(1, min(5, overall + seeder.random.choice((-1, 0, 1)))),
                    understood_plan=max(1, min(5, overall + seeder.random.choice((-2, -1, 0, 0)))),
                    overall=overall,
                    comment=seeder.random.choice(SURVEY_COMMENTS),
                )
            )
    SurveyResponse.objects.bulk_create(answers)


class _History:
    """Past cases of one municipal unit with a regional actor: need, first SIP meeting (most within the limit),
    the invitation answer, the plan (most documented in time), a follow-up with goal outcomes, closure."""

    def __init__(self, seeder: "DemoSeeder", profile, convener_key: str, actor_key: str, account: tuple):
        self.seeder, self.random, self.profile = seeder, seeder.random, profile
        self.unit, self.actor_unit = seeder.units[convener_key], seeder.units[actor_key]
        username, first_name, last_name = account
        self.user = User.objects.create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=_email(f"{first_name} {last_name}"),
            title="Socialsekreterare",
        )
        self.user.set_unusable_password()
        self.user.save(update_fields=["password"])
        Membership.objects.create(user=self.user, unit=self.unit, role=Role.STAFF)
        self.today = seeder.today

    def create(self, months: int) -> None:
        for month in Period.last_months(months).months:
            for _case in range(self.random.randint(2, 4)):
                day = month + datetime.timedelta(days=self.random.randint(0, 27))
                if day < self.today - datetime.timedelta(days=2):
                    self.case(day)
            for _deviation in range(self.random.randint(1, 3)):
                day = month + datetime.timedelta(days=self.random.randint(0, 27))
                if day < self.today:
                    self.deviation(day)

    def deviation(self, day: datetime.date) -> None:
        """A deviation the municipal unit reported about its regional partner, as far through the workflow as its
        age allows: a month or more old is mostly closed, the last weeks' are still on their way."""
        age = (self.today - day).days
        steps = [DeviationStatus.REPORTED, DeviationStatus.RECEIVED, DeviationStatus.RESOLVING]
        steps += [DeviationStatus.ANSWERED, DeviationStatus.CLOSED]
        reached = min(len(steps) - 1, self.random.randint(age // 10, age // 6 + 1))
        fields = {"status": steps[reached]}
        names = ("received_at", "resolving_at", "answered_at", "closed_at")
        for index, name in enumerate(names[:reached], start=1):
            fields[name] = self.at(min(day + datetime.timedelta(days=3 * index), self.today), 14)
        if reached >= 3:
            fields["answer_cause"] = "Rutinen för kallelser var inte känd på enheten."
            fields["answer_actions"] = "Rutinen har gåtts igenom på arbetsplatsträff."
        Deviation.objects.create(
            category=self.random.choice(DEVIATION_CATEGORIES),
            description="Händelse i samverkan (historik).",
            occurred_on=day,
            reporting_unit=self.unit,
            concerned_unit=self.actor_unit,
            reported_by=self.user,
            reported_at=self.at(day, 10),
            **fields,
        )

    def at(self, day: datetime.date, hour: int = 13) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def person(self) -> Person:
        female = self.random.random() < 0.5
        return Person.objects.create(
            personal_identity_number=parse_identity_number(
                self.seeder.new_identity_number((2008, 2018), female=female)
            ).normalised,
            first_name=self.random.choice(FIRST_NAMES),
            last_name=self.random.choice(LAST_NAMES) + "sson",
            created_by=self.user,
        )

    def case(self, need_on: datetime.date) -> None:
        case = CoordinationCase.objects.create(
            person=self.person(),
            routine_profile=self.profile,
            status=Step.NEED,
            initiator_kind=InitiatorKind.SOCIAL_SERVICES,
            need_noticed_on=need_on,
            need_description="Behov av samordnat stöd (historik).",
            convener=self.user,
            convener_unit=self.unit,
            created_at=self.at(need_on, 9),
        )
        CaseActor.objects.create(case=case, unit=self.actor_unit, joined_at=self.at(need_on, 10))
        # Most first meetings within the 21 days of the routine; some late, a few still waiting.
        first_day = need_on + datetime.timedelta(days=self.random.choice((8, 10, 12, 14, 15, 17, 19, 20, 26, 33)))
        while first_day.weekday() >= 5:
            first_day += datetime.timedelta(days=1)
        if first_day >= self.today:
            return
        code = ProcedureCode.DISCHARGE if self.random.random() < 0.1 else ProcedureCode.ESTABLISHED
        first = self.meeting(case, first_day, MeetingKind.SIP, code)
        self.invitation(first)
        version = self.version(case, first, number=1, goals=GOALS[: self.random.randint(1, 3)])
        self.approve(version)
        CoordinationCase.objects.filter(pk=case.pk).update(status=Step.ONGOING)
        follow_day = first_day + datetime.timedelta(days=self.random.choice((84, 91, 98, 105)))
        while follow_day.weekday() >= 5:
            follow_day += datetime.timedelta(days=1)
        if follow_day >= self.today:
            return
        follow_up = self.meeting(case, follow_day, MeetingKind.FOLLOW_UP, ProcedureCode.FOLLOW_UP)
        self.invitation(follow_up)
        self.follow_up_version(case, version, follow_up)
        if self.random.random() < 0.6:
            closed_at = self.at(follow_day + datetime.timedelta(days=self.random.randint(1, 10)), 15)
            if closed_at.date() < self.today:
                reason = self.random.choice(
                    (CloseReason.GOALS_MET,) * 3 + (CloseReason.NO_LONGER_NEEDED, CloseReason.OTHER)
                )
                CoordinationCase.objects.filter(pk=case.pk).update(
                    status=Step.CLOSED, closed_at=closed_at, close_reason=reason, close_note="Avslutat (historik)."
                )
                return
        CoordinationCase.objects.filter(pk=case.pk).update(status=Step.FOLLOW_UP)

    def meeting(self, case, day: datetime.date, kind: str, code: str) -> Meeting:
        starts_at = self.at(day)
        return Meeting.objects.create(
            case=case,
            kind=kind,
            status=MeetingStatus.HELD,
            starts_at=starts_at,
            place="Kommunhuset, samtalsrum 3",
            purpose="Samordna stödet (historik).",
            organiser=self.user,
            organiser_unit=self.unit,
            sent_at=starts_at - datetime.timedelta(days=7),
            held_at=starts_at,
            individual_participation=self.random.choice(PARTICIPATION),
            procedure_code=code,
            created_at=starts_at - datetime.timedelta(days=8),
        )

    def invitation(self, meeting: Meeting) -> None:
        received = meeting.sent_at
        due_on = add_working_days(received.date(), 1)
        late = self.random.random() < 0.15
        answered_on = add_working_days(due_on, 1) if late else due_on
        Invitation.objects.create(
            meeting=meeting,
            unit=self.actor_unit,
            status=InvitationStatus.ACCEPTED,
            received_at=received,
            answer_due_on=due_on,
            answered_at=self.at(answered_on, 11),
            attendee_names="Kurator",
        )

    def version(self, case, meeting: Meeting, *, number: int, goals, replaces=None) -> PlanVersion:
        # Most plans are written within the two working days; some later.
        delay = self.random.choice((0, 0, 1, 1, 2, 2, 4, 6))
        created = self.at(add_working_days(meeting.starts_at.date(), delay) if delay else meeting.starts_at.date(), 16)
        plan, _created = Plan.objects.get_or_create(case=case, defaults={"created_at": created})
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            meeting=meeting,
            replaces=replaces,
            long_term_goal="Att vardagen fungerar.",
            created_by=self.user,
            created_at=created,
        )
        for position, text in enumerate(goals, start=1):
            Goal.objects.create(version=version, text=text, position=position)
        return version

    @staticmethod
    def approve(version: PlanVersion) -> None:
        # The base manager: history is loaded as it was, past the guard that keeps approved versions unchanged.
        approved = {"status": PlanStatus.APPROVED, "approved_at": version.created_at}
        PlanVersion._base_manager.filter(pk=version.pk).update(**approved)

    def follow_up_version(self, case, old: PlanVersion, meeting: Meeting) -> None:
        old_goals = list(old.goals.all())
        PlanVersion._base_manager.filter(pk=old.pk).update(status=PlanStatus.SUPERSEDED, superseded_at=meeting.held_at)
        new = self.version(case, meeting, number=2, goals=(), replaces=old)
        for goal in old_goals:
            Goal.objects.create(
                version=new,
                text=goal.text,
                position=goal.position,
                carried_from=goal,
                achievement_status=self.random.choice(OUTCOMES),
                achievement_recorded_at=meeting.held_at,
            )
        self.approve(new)


def _email(name: str) -> str:
    from samordna.demo.seed import email_address  # seed.py imports this module

    return email_address(name)
