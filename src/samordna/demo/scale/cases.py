"""One generated case with its person (and a child's guardians), actors, consents, time line, preparation and
discharge notice: the rows of steps 1-3 of the SIP process."""

import datetime
import random

from samordna.cases.models import (
    Assessment,
    CaseActor,
    CaseStep,
    CloseReason,
    Consent,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    ConsentStatus,
    CoordinationCase,
    CoordinationLevel,
    DischargeNotice,
    InitiatorKind,
    Preparation,
    Step,
)
from samordna.demo.scale.context import Actor, CaseDraft, Context
from samordna.demo.scale.names import FIRST_NAMES, LAST_NAMES, STREETS, IdentityNumbers, email_address
from samordna.demo.scale.organisations import County, UnitInfo
from samordna.demo.scale.timeline import DAY, Timeline, office_time
from samordna.organizations.models import Sector
from samordna.people.models import Guardian, Person

CHILD_SHARE = 0.45
PROTECTED_SHARE = 0.01
# Of the cases convened by the region's outpatient care: opened by a ward's discharge-ready notice.
DISCHARGE_SHARE = 0.12
# Every so many open cases with a plan in force let their consent run out without renewal (no longer visible
# to the actors until it is renewed): every twentieth.
EXPIRED_CONSENT_EVERY = 20
REFUSED_CONSENT_SHARE = 0.3  # of the closed cases that never got past the need
NEEDS = (
    "Behöver samordnat stöd mellan skola, socialtjänst och vård.",
    "Flera insatser pågår parallellt och behöver samordnas.",
    "Svårigheter i vardagen efter utskrivning från slutenvården.",
    "Hög frånvaro i skolan och oro hemma.",
    "Behov av stöd kring boende, sysselsättning och psykisk hälsa.",
)
WHAT_MATTERS = ("Att må bättre och orka mer.", "Att gå i skolan.", "Att bo kvar hemma.", "Att ha en vardag som funkar.")
SECTOR_INITIATOR = {
    Sector.SCHOOL: InitiatorKind.SCHOOL,
    Sector.SOCIAL_SERVICES: InitiatorKind.SOCIAL_SERVICES,
}


def _initiator(unit: UnitInfo, rng: random.Random) -> str:
    if rng.random() < 0.07:
        return rng.choice((InitiatorKind.INDIVIDUAL, InitiatorKind.RELATIVE))
    if unit.sector == Sector.HEALTH_CARE:
        return InitiatorKind.REGIONAL_HEALTH_CARE if unit.municipality is None else InitiatorKind.MUNICIPAL_HEALTH_CARE
    return SECTOR_INITIATOR.get(unit.sector, InitiatorKind.OTHER)


class CaseBuilder:
    """Picks units and people for a case and adds the rows of its first steps to the chunk."""

    def __init__(self, *, context: Context, identity: IdentityNumbers, excluded_unit_ids: set[int]) -> None:
        self.context, self.rng, self.identity = context, context.rng, identity
        self.excluded = excluded_unit_ids
        self.lapse_turn = 0
        self.county_weights = [sum(unit.weight for unit in county.units) for county in context.org.counties]

    # Units ---------------------------------------------------------------------------------------------

    def _pick(self, units: list[UnitInfo], *, exclude: set[int]) -> UnitInfo | None:
        candidates = [unit for unit in units if unit.id not in exclude and not unit.is_ward]
        if not candidates:
            return None
        return self.rng.choices(candidates, weights=[unit.weight for unit in candidates])[0]

    def pick_units(self, *, active: bool, convener_unit: UnitInfo | None = None) -> tuple[UnitInfo, list[UnitInfo]]:
        """The convener's unit and one to three other units of the same county, from the same municipality
        and the region (a persona's unit is kept out of other open cases, so its counts stay exact)."""
        exclude = set(self.excluded) if active else set()
        if convener_unit is None:
            county = self.rng.choices(self.context.org.counties, weights=self.county_weights)[0]
            convener_unit = self._pick(county.units, exclude=exclude)
        else:
            county = self.context.org.counties[convener_unit.county]
        pool = self._actor_pool(county, convener_unit)
        others: list[UnitInfo] = []
        for _actor in range(self.rng.choice((1, 1, 2, 2, 2, 3))):
            unit = self._pick(pool, exclude=exclude | {convener_unit.id} | {other.id for other in others})
            if unit is not None:
                others.append(unit)
        return convener_unit, others

    def _actor_pool(self, county: County, convener_unit: UnitInfo) -> list[UnitInfo]:
        municipality = convener_unit.municipality
        if municipality is None:
            municipality = self.rng.randrange(len(county.municipal_units))
        return county.region_units + county.municipal_units[municipality]

    # The case ------------------------------------------------------------------------------------------

    def build(
        self,
        *,
        timeline: Timeline,
        convener_unit: UnitInfo,
        others: list[UnitInfo],
        convener: int | None = None,
        contacts: dict[int, int] | None = None,
        plain: bool = False,
    ) -> CaseDraft:
        """The rows of person, case, actors, steps, consents and preparation; `plain` keeps surprises (an
        expired consent, an uncovered actor, a discharge) out of a persona's cases."""
        context, rng = self.context, self.rng
        case_id = context.ids.next(CoordinationCase)
        convener = convener or rng.choice(convener_unit.staff or convener_unit.managers)
        contacts = contacts or {}
        ward = None
        county = context.org.counties[convener_unit.county]
        if not plain and convener_unit.is_outpatient_region_care and rng.random() < DISCHARGE_SHARE:
            ward = rng.choice([unit for unit in county.region_units if unit.is_ward])
            others = [unit for unit in others if unit is not ward] + [ward]
        actors = [Actor(unit=convener_unit, contact=convener, joined=timeline.created)]
        joined = timeline.steps.get(Step.CONSENT, timeline.created) + datetime.timedelta(minutes=30)
        for unit in others:
            contact = contacts.get(unit.id) or (rng.choice(unit.staff) if unit.staff and rng.random() < 0.85 else None)
            # The ward that sent the notice takes part from the start; the others join once consent is given.
            actors.append(Actor(unit=unit, contact=contact, joined=timeline.created if unit is ward else joined))
        person_id, minor, guardian_ids = self._person(timeline=timeline, convener=convener)
        draft = CaseDraft(
            id=case_id,
            person_id=person_id,
            number=f"SIP-{timeline.created:%Y}-{case_id:05d}",
            timeline=timeline,
            convener=convener,
            convener_unit=convener_unit,
            actors=actors,
            minor=minor,
            guardian_ids=guardian_ids,
        )
        if timeline.reached_step(Step.ONGOING):
            lead_actor = actors[0] if rng.random() < 0.6 or len(actors) == 1 else rng.choice(actors[1:])
            draft.lead = lead_actor.contact or draft.unit_staff(lead_actor.unit, rng)
            draft.lead_unit = lead_actor.unit
        self._case_row(draft, ward=ward)
        self._actor_rows(draft)
        self._step_rows(draft)
        self._consents(draft, plain=plain)
        if timeline.reached_step(Step.PREPARATION):
            self._preparation(draft)
        if ward is not None:
            sent_at = timeline.created - datetime.timedelta(hours=rng.randint(1, 20))
            context.add(
                DischargeNotice,
                (
                    context.ids.next(DischargeNotice),
                    case_id,
                    ward.id,
                    sent_at,
                    sent_at.date() + 3 * DAY,
                    sent_at,
                    sent_at,
                ),
            )
        return draft

    def _person(self, *, timeline: Timeline, convener: int) -> tuple[int, bool, list[int]]:
        """The person's row (and a child's guardians): their id, whether a child, the guardians' ids."""
        context, rng = self.context, self.rng
        need_on = timeline.created.date()
        minor = rng.random() < CHILD_SHARE
        age = rng.randint(3, 16) if minor else rng.randint(18, 88)
        birth = need_on - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person_id = context.ids.next(Person)
        address = f"{rng.choice(STREETS)} {rng.randint(1, 80)}\n72{rng.randint(100, 999)} Exempelstad"
        email = email_address(first_name=first, last_name=last, serial=person_id) if rng.random() < 0.4 else ""
        protected = rng.random() < PROTECTED_SHARE
        number = self.identity.born(birth=birth)
        moment = timeline.created
        context.add(Person, (person_id, number, first, last, address, email, protected, convener, moment, moment))
        guardian_ids: list[int] = []
        if minor:
            for _guardian in range(rng.choice((1, 2, 2))):
                guardian_id = context.ids.next(Guardian)
                guardian_birth = birth - datetime.timedelta(days=rng.randint(22 * 365, 42 * 365))
                name = f"{rng.choice(FIRST_NAMES)} {last}"
                context.add(
                    Guardian,
                    (guardian_id, person_id, name, self.identity.born(birth=guardian_birth), address, moment, moment),
                )
                guardian_ids.append(guardian_id)
        return person_id, minor, guardian_ids

    def _case_row(self, draft: CaseDraft, *, ward: UnitInfo | None) -> None:
        rng, timeline = self.rng, draft.timeline
        initiator = InitiatorKind.REGIONAL_HEALTH_CARE if ward else _initiator(draft.convener_unit, rng)
        needs_assessment = initiator in (InitiatorKind.INDIVIDUAL, InitiatorKind.RELATIVE)
        level = rng.choices((CoordinationLevel.SIP, CoordinationLevel.SIP_PLUS, ""), weights=(80, 10, 10))[0]
        updated = timeline.closed_at or timeline.end
        self.context.add(
            CoordinationCase,
            (
                draft.id, draft.person_id, self.context.routine_profile_id,
                Step.CLOSED if timeline.closed else timeline.reached, initiator,
                timeline.created.date(), rng.choice(NEEDS), Assessment.START if needs_assessment else "", level,
                draft.convener, draft.convener_unit.id, draft.lead, draft.lead_unit.id if draft.lead_unit else None,
                timeline.closed_at, timeline.close_reason, timeline.created, updated,
            ),
        )  # fmt: skip

    def _actor_rows(self, draft: CaseDraft) -> None:
        context = self.context
        for actor in draft.actors:
            row = (context.ids.next(CaseActor), draft.id, actor.unit.id, actor.contact, actor.joined, actor.joined)
            context.add(CaseActor, (*row, actor.joined))

    def _step_rows(self, draft: CaseDraft) -> None:
        context, timeline = self.context, draft.timeline
        for step, moment in timeline.steps.items():
            context.add(CaseStep, (context.ids.next(CaseStep), draft.id, step, moment, draft.convener))
        if timeline.closed:
            context.add(
                CaseStep, (context.ids.next(CaseStep), draft.id, Step.CLOSED, timeline.closed_at, draft.convener)
            )

    def _consents(self, draft: CaseDraft, *, plain: bool) -> None:
        """Consents over the case's life: renewed when they run out, the last one active (or withdrawn when the
        case closed for that reason); some open cases let theirs expire; refused in some early-closed cases."""
        context, rng, timeline = self.context, self.rng, draft.timeline
        if not timeline.reached_step(Step.CONSENT):
            if timeline.closed and rng.random() < REFUSED_CONSENT_SHARE:
                moment = timeline.created + DAY
                self._consent_row(draft, moment=moment, until=moment.date(), status=ConsentStatus.REFUSED,
                                  decision=ConsentDecision.REFUSED)  # fmt: skip
            return
        covered = {actor.unit.id for actor in draft.actors}
        if not plain and len(draft.actors) > 2 and rng.random() < 0.04:
            covered.discard(draft.actors[-1].unit.id)
        end = timeline.closed_at or context.now
        start = timeline.steps[Step.CONSENT]
        lapsed = not timeline.closed and not plain and timeline.reached_step(Step.ONGOING)
        if lapsed:
            self.lapse_turn = (self.lapse_turn + 1) % EXPIRED_CONSENT_EVERY
            lapsed = self.lapse_turn == 1
        if lapsed:
            end = max(start + DAY, context.now - datetime.timedelta(days=rng.randint(2, 60)))
        validity = datetime.timedelta(days=context.consent_validity_days - 1)
        while True:
            until = start.date() + validity
            last = until >= end.date()
            if last and lapsed:
                until = max(start.date(), end.date())  # given for a shorter time, and not yet renewed
            status = ConsentStatus.ACTIVE if last else ConsentStatus.SUPERSEDED
            withdrawn = last and timeline.close_reason == CloseReason.CONSENT_WITHDRAWN
            self._consent_row(draft, moment=start, until=until, status=ConsentStatus.WITHDRAWN if withdrawn else status,
                              decision=ConsentDecision.GIVEN, units=covered, withdrawn_at=timeline.closed_at
                              if withdrawn else None)  # fmt: skip
            if last:
                return
            start = office_time(rng, until - datetime.timedelta(days=rng.randint(0, 14)))

    def _consent_row(self, draft: CaseDraft, *, moment, until, status, decision, units=(), withdrawn_at=None) -> None:
        context = self.context
        consent_id = context.ids.next(Consent)
        giver = ConsentGiver.GUARDIANS if draft.minor and draft.guardian_ids else ConsentGiver.INDIVIDUAL
        form = ConsentForm.WRITTEN if self.rng.random() < 0.7 else ConsentForm.ORAL
        context.add(
            Consent,
            (
                consent_id, draft.id, status, decision, giver, form, "Det som behövs för den samordnade planen.",
                moment.date(), until, draft.convener, withdrawn_at, draft.convener if withdrawn_at else None,
                "Den enskilde" if withdrawn_at else "", ConsentForm.ORAL if withdrawn_at else "", moment, moment,
            ),
        )  # fmt: skip
        for unit_id in sorted(units):
            context.add(Consent.units.through, (context.ids.next(Consent.units.through), consent_id, unit_id))
        if giver == ConsentGiver.GUARDIANS:
            through = Consent.guardians.through
            for guardian_id in draft.guardian_ids:
                context.add(through, (context.ids.next(through), consent_id, guardian_id))

    def _preparation(self, draft: CaseDraft) -> None:
        moment = draft.timeline.steps[Step.PREPARATION]
        self.context.add(
            Preparation,
            (
                self.context.ids.next(Preparation), draft.id, self.rng.choice(WHAT_MATTERS),
                "Samordna insatserna och ta fram en plan.", True, draft.convener, moment, moment,
            ),
        )  # fmt: skip


CASE_COLUMNS = {
    Person: ("id", "personal_identity_number", "first_name", "last_name", "address", "email", "protected_identity",
             "created_by_id", "created_at", "updated_at"),
    Guardian: ("id", "person_id", "name", "personal_identity_number", "address", "created_at", "updated_at"),
    CoordinationCase: ("id", "person_id", "routine_profile_id", "status", "initiator_kind", "need_noticed_on",
                       "need_description", "assessment", "level", "convener_id", "convener_unit_id", "lead_id",
                       "lead_unit_id", "closed_at", "close_reason", "created_at", "updated_at"),
    CaseActor: ("id", "case_id", "unit_id", "contact_id", "joined_at", "created_at", "updated_at"),
    CaseStep: ("id", "case_id", "step", "reached_at", "by_id"),
    DischargeNotice: ("id", "case_id", "ward_id", "sent_at", "expected_discharge_on", "created_at", "updated_at"),
    Consent: ("id", "case_id", "status", "decision", "given_by", "form", "information_scope", "valid_from",
              "valid_to", "recorded_by_id", "withdrawn_at", "withdrawn_recorded_by_id", "withdrawn_by_whom",
              "withdrawal_form", "created_at", "updated_at"),
    Consent.units.through: ("id", "consent_id", "unit_id"),
    Consent.guardians.through: ("id", "consent_id", "guardian_id"),
    Preparation: ("id", "case_id", "what_matters", "purpose", "protected_identity_checked", "updated_by_id",
                  "created_at", "updated_at"),
}  # fmt: skip
