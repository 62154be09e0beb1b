"""When things happen in a generated case: which step it has reached, and the moment of each step, placed so
that open cases stand where the process puts them today and closed cases spread over ten years."""

import datetime
import random
from dataclasses import dataclass

from samordna.cases.models import STEP_ORDER, CloseReason, Step

DAY = datetime.timedelta(days=1)
HISTORY_DAYS = 3650
# Where open cases stand (share of the open cases per step).
ACTIVE_STEPS = (
    (Step.NEED, 8), (Step.CONSENT, 7), (Step.PREPARATION, 8), (Step.INVITATION, 7), (Step.MEETING, 4),
    (Step.PLAN, 6), (Step.ONGOING, 45), (Step.FOLLOW_UP, 15),
)  # fmt: skip
# The furthest step a closed case reached before it was closed.
CLOSED_STEPS = (
    (Step.NEED, 8), (Step.CONSENT, 3), (Step.PREPARATION, 3), (Step.INVITATION, 2), (Step.MEETING, 2),
    (Step.PLAN, 2), (Step.ONGOING, 35), (Step.FOLLOW_UP, 45),
)  # fmt: skip
CLOSE_REASONS = (
    (CloseReason.GOALS_MET, 50), (CloseReason.NO_LONGER_NEEDED, 30), (CloseReason.CONSENT_WITHDRAWN, 6),
    (CloseReason.DIED, 2), (CloseReason.OTHER, 12),
)  # fmt: skip
# Days from one step to the next (low, high).
GAPS = {
    Step.CONSENT: (1, 10),
    Step.PREPARATION: (2, 12),
    Step.INVITATION: (1, 6),
    Step.MEETING: (7, 18),
    Step.PLAN: (0, 1),
    Step.ONGOING: (1, 10),
}
FOLLOW_UP_DAYS = (90, 200)


def weighted(rng: random.Random, choices: tuple) -> object:
    return rng.choices([value for value, _weight in choices], weights=[weight for _value, weight in choices])[0]


def office_time(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A moment in office hours (UTC) on `day`."""
    return datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randint(0, 8 * 60)
    )


@dataclass
class Timeline:
    reached: str
    closed: bool
    close_reason: str
    created: datetime.datetime
    steps: dict[str, datetime.datetime]
    follow_ups: list[datetime.datetime]  # held follow-up meetings, each making a new plan version
    closed_at: datetime.datetime | None

    @property
    def end(self) -> datetime.datetime:
        """The case's last moment: its closing, or the last step of an open case."""
        return self.closed_at or max([*self.steps.values(), *self.follow_ups])

    def reached_step(self, step: str) -> bool:
        return STEP_ORDER.index(self.reached) >= STEP_ORDER.index(step)


def case_timeline(*, rng: random.Random, active: bool, now: datetime.datetime, reached: str | None = None) -> Timeline:
    """A plausible time line: step moments relative to the start, then placed in the past."""
    reached = reached or weighted(rng, ACTIVE_STEPS if active else CLOSED_STEPS)
    offsets = {Step.NEED: datetime.timedelta(0)}
    moment = datetime.timedelta(0)
    for step in STEP_ORDER[1 : STEP_ORDER.index(reached) + 1]:
        if step == Step.FOLLOW_UP:
            break
        low, high = GAPS[step]
        moment += datetime.timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 300))
        offsets[step] = moment
    follow_ups = []
    if reached == Step.FOLLOW_UP:
        for _follow_up in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            moment += datetime.timedelta(days=rng.randint(*FOLLOW_UP_DAYS), minutes=rng.randint(0, 300))
            follow_ups.append(moment)
        offsets[Step.FOLLOW_UP] = follow_ups[0]
    if active:
        linger = datetime.timedelta(days=rng.randint(30, 150) if reached == Step.ONGOING else rng.randint(0, 6))
        created = now - moment - linger - datetime.timedelta(hours=rng.randint(2, 48))
        closed_at, reason = None, ""
    else:
        reason = _close_reason(rng, reached)
        linger = datetime.timedelta(days=rng.randint(20, 240))
        span = moment + linger
        # Cases grow over the years: later years hold more of the history.
        age_days = HISTORY_DAYS * (1 - rng.random() ** 0.8)
        created = now - datetime.timedelta(days=age_days)
        if created + span > now - DAY:
            created = now - DAY - span
        closed_at = created + span
    steps = {step: created + offset for step, offset in offsets.items()}
    return Timeline(
        reached=reached,
        closed=not active,
        close_reason=reason,
        created=created,
        steps=steps,
        follow_ups=[created + offset for offset in follow_ups],
        closed_at=closed_at,
    )


def _close_reason(rng: random.Random, reached: str) -> str:
    if STEP_ORDER.index(reached) < STEP_ORDER.index(Step.CONSENT):
        return rng.choice((CloseReason.NO_LONGER_NEEDED, CloseReason.OTHER))
    return weighted(rng, CLOSE_REASONS)
