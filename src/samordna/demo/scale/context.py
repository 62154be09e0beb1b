"""What the generators of one set share: the random generator, the id counters, the rows of the current chunk,
and the draft of the case being generated."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from samordna.demo.scale.organisations import Organisation, UnitInfo
from samordna.demo.scale.timeline import Timeline


class Ids:
    """Explicit ids per table, so child rows can point at parents before anything is written."""

    def __init__(self) -> None:
        self.last: dict[type[models.Model], int] = defaultdict(int)

    def next(self, model: type[models.Model]) -> int:
        self.last[model] += 1
        return self.last[model]


@dataclass
class Actor:
    unit: UnitInfo
    contact: int | None
    joined: datetime.datetime


@dataclass
class CaseDraft:
    id: int
    person_id: int
    number: str
    timeline: Timeline
    convener: int
    convener_unit: UnitInfo
    actors: list[Actor]
    lead: int | None = None
    lead_unit: UnitInfo | None = None
    minor: bool = False
    guardian_ids: list[int] = field(default_factory=list)
    meetings: list[tuple[int, datetime.datetime, str]] = field(default_factory=list)  # id, starts, status
    version_ids: list[int] = field(default_factory=list)

    def unit_staff(self, unit: UnitInfo, rng: random.Random) -> int:
        """Someone working in `unit` on this case: its contact when it has one, else any of its staff."""
        for actor in self.actors:
            if actor.unit is unit and actor.contact is not None:
                return actor.contact
        return rng.choice(unit.staff or unit.managers)


@dataclass
class Context:
    rng: random.Random
    org: Organisation
    now: datetime.datetime
    routine_profile_id: int
    consent_validity_days: int
    ids: Ids = field(default_factory=Ids)
    rows: dict[type[models.Model], list[tuple]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: type[models.Model], row: tuple) -> None:
        self.rows[model].append(row)

    def take_rows(self) -> dict[type[models.Model], list[tuple]]:
        rows, self.rows = self.rows, defaultdict(list)
        return rows
