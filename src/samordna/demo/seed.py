"""Fictitious demo data for Västmanland, for `manage.py seed_demo`.

Principals and units follow the contact list of the county routine (seed 000, "Kontaktvägar till aktörer"):
unit names, unit phone numbers and postal addresses only. Everything about people is invented: names,
e-mail addresses (example.org) and phone numbers (070-174 06 05 to 070-174 06 99, the series PTS keeps
for fiction). Personal identity numbers are Skatteverket's two test numbers plus numbers generated with a
valid check digit from a fixed random seed, so every run creates the same people.

Organisations are created directly (they have no services); persons, cases, meetings and plans only through
the services, with the clock set back so that need dates, steps and deadlines spread over the past weeks. Four
cases go on past the preparation: Liam's SIP meeting is called and BUP has not answered, Maja's meeting is held
and her plan is a draft, Alva's plan is approved, and Nils's plan has been followed up into version 2.
"""

import datetime
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from samordna.accounts.models import User
from samordna.cases import services as case_services
from samordna.cases.models import (
    Assessment,
    ChildVoiceForm,
    CloseReason,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    CoordinationCase,
    CoordinationLevel,
    InitiatorKind,
)
from samordna.common import clock
from samordna.common.calendar import add_working_days
from samordna.deadlines.store import deadlines_mark_open_cases, deadlines_refresh
from samordna.demo import seed_notifications
from samordna.demo.seed_access import seed_protected_identity_viewers
from samordna.demo.seed_learning import seed_deviations_and_audits
from samordna.demo.seed_logreview import seed_log_reviewers
from samordna.demo.seed_messaging import seed_messages
from samordna.demo.seed_statistics import seed_statistics
from samordna.meetings import services as meeting_services
from samordna.meetings.models import Answer, IndividualParticipation, Meeting, MeetingKind
from samordna.organizations.models import ContactRoute, Membership, Principal, PrincipalKind, Role, Sector, Unit
from samordna.people import services as people_services
from samordna.people.models import Guardian, Person, RelatedPerson, Representative, RepresentativeKind
from samordna.plans import services as plan_services
from samordna.plans.models import (
    AgreementKind,
    GoalAchievement,
    GoalEvaluation,
    InterventionDecision,
    InterventionStatus,
    Plan,
    PlanVersion,
)

DEMO_PASSWORD = "samordna-demo"  # noqa: S105 - published on purpose; demo installations only
RANDOM_SEED = 20261123
REGION = "Region Västmanland"
HEALTH, SOCIAL, SCHOOL = Sector.HEALTH_CARE, Sector.SOCIAL_SERVICES, Sector.SCHOOL


class DemoDataExists(Exception):
    """The database already holds organisations; demo data only goes into an empty one."""


# Organisations ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteSeed:
    contact_person: str
    label: str = ""
    email: str = ""
    phone: str | None = None  # None: a number from the fictional series
    phone_hours: str = ""
    postal_address: str = ""


@dataclass(frozen=True)
class UnitSeed:
    key: str
    name: str
    sector: str
    routes: tuple[RouteSeed, ...]
    is_inpatient_ward: bool = False


def _route(contact_person: str, email: str, **fields) -> tuple[RouteSeed, ...]:
    return (RouteSeed(contact_person=contact_person, email=f"{email}@example.org", **fields),)


HAB_KOPING_ADDRESS = (
    "Habiliteringscentrum, Västmanlands sjukhus Köping\nHabiliteringen, ingång 2, plan 5\n731 82 Köping"
)
HAB_FAGERSTA_ADDRESS = "Habiliteringscentrum, Västmanlands sjukhus Fagersta\n737 81 Fagersta"
HAB_VASTERAS_ADDRESS = "Habiliteringscentrum, Västmanlands sjukhus Västerås\nHabiliteringen, ingång 20\n721 89 Västerås"
VASTERAS_HOURS = "Vardagar kl. 8.30–16.00"

REGION_UNITS: tuple[UnitSeed, ...] = (
    # County-wide units.
    UnitSeed("atstorning", "Ätstörningsenheten", HEALTH, _route("Karin Malmberg", "atstorningsenheten")),
    UnitSeed("bup-start", "BUP-start", HEALTH, _route("Henrik Strand", "bup.start")),
    UnitSeed(
        "buk",
        "Barn- och ungdomskliniken",
        HEALTH,
        _route(
            "Eva Lindh",
            "buk.sip",
            label="Ärendehanterare SIP",
            phone="021-17 34 52",
            postal_address="Ärendehanterare SIP\nBarn- och ungdomskliniken, Västmanlands sjukhus\n721 89 Västerås",
        ),
    ),
    UnitSeed("mti", "Mottagning för tidiga insatser", HEALTH, _route("Ola Bergström", "tidiga.insatser")),
    UnitSeed(
        "mhv-psykologer",
        "Primärvårdens mödra- och hälsovårdspsykologer",
        HEALTH,
        _route("Annika Sörensen", "mhv.psykologer"),
    ),
    # Units serving one or more municipalities, as listed per municipality in the routine.
    UnitSeed("buh-koping", "Barn och ungdomshälsan, Köping", HEALTH, _route("Sanna Berglöf", "buh.koping")),
    UnitSeed("buh-fagersta", "Barn och ungdomshälsan, Fagersta", HEALTH, _route("Tobias Rehn", "buh.fagersta")),
    UnitSeed("buh-sala", "Barn och ungdomshälsan, Sala", HEALTH, _route("Tobias Rehn", "buh.sala")),
    UnitSeed("buh-vasteras", "Barn och ungdomshälsan, Västerås", HEALTH, _route("Lisa Grahn", "buh.vasteras")),
    UnitSeed("bup-koping", "BUP, Köping", HEALTH, _route("Marie Holmén", "bup.koping")),
    UnitSeed("bup-fagersta", "BUP, Fagersta", HEALTH, _route("Marie Holmén", "bup.fagersta")),
    UnitSeed("bup-sala", "BUP, Sala", HEALTH, _route("Ida Westerlund", "bup.sala")),
    UnitSeed("bup-vasteras", "BUP, Västerås", HEALTH, _route("Henrik Strand", "bup.vasteras")),
    UnitSeed(
        "hab-koping",
        "Habiliteringscentrum, Köping",
        HEALTH,
        _route("Åsa Nordqvist", "habiliteringscentrum.koping", phone="0221-263 55", postal_address=HAB_KOPING_ADDRESS),
    ),
    UnitSeed(
        "hab-fagersta",
        "Habiliteringscentrum, Fagersta",
        HEALTH,
        _route(
            "Åsa Nordqvist", "habiliteringscentrum.fagersta", phone="0223-474 50", postal_address=HAB_FAGERSTA_ADDRESS
        ),
    ),
    UnitSeed(
        "hab-vasteras",
        "Habiliteringscentrum, Västerås",
        HEALTH,
        _route(
            "Jesper Alm", "habiliteringscentrum.vasteras", phone="021-17 48 00", postal_address=HAB_VASTERAS_ADDRESS
        ),
    ),
    # Not in the routine's list: primary care, a ward and outpatient psychiatry for discharge cases.
    UnitSeed("vc-koping", "Vårdcentralen Köping", HEALTH, _route("Magnus Öberg", "vardcentralen.koping")),
    UnitSeed(
        "psyk-vasteras", "Psykiatrisk öppenvård, Västerås", HEALTH, _route("Helena Brandt", "psykiatri.oppenvard")
    ),
    UnitSeed(
        "avd12",
        "Avdelning 12, Västmanlands sjukhus Västerås",
        HEALTH,
        _route("Rasmus Lind", "avdelning12", label="Vårdplanering"),
        is_inpatient_ward=True,
    ),
)

IFO = "Socialtjänsten, mottagningen IFO"
MUNICIPAL_UNITS: dict[str, tuple[UnitSeed, ...]] = {
    "Arboga kommun": (
        UnitSeed(
            "ifo-arboga",
            "Socialtjänsten, mottagningen barn och unga",
            SOCIAL,
            _route("Linnéa Dahl", "mottagningen.arboga", phone="0589-871 32"),
        ),
    ),
    "Fagersta kommun": (
        UnitSeed("ifo-fagersta", IFO, SOCIAL, _route("Kerstin Ahl", "mottagningen.fagersta")),
        # One school unit per two municipalities: Fagersta and Skinnskatteberg.
        UnitSeed(
            "elevhalsan-fagersta", "Elevhälsan, Fagersta kommun", SCHOOL, _route("Nils Ekman", "elevhalsan.fagersta")
        ),
    ),
    "Köpings kommun": (
        UnitSeed(
            "ifo-koping",
            IFO,
            SOCIAL,
            _route(
                "Patrik Holm",
                "mottagningen.koping",
                phone="0221-255 10",
                phone_hours="Vardagar kl. 8.30–11.00. Därefter kan telefonmeddelande lämnas.",
            ),
        ),
        # Arboga and Köping.
        UnitSeed("elevhalsan-koping", "Elevhälsan, Köpings kommun", SCHOOL, _route("Katja Lund", "elevhalsan.koping")),
    ),
    "Sala kommun": (
        UnitSeed("ifo-sala", IFO, SOCIAL, _route("Vera Borg", "mottagningen.sala", phone="0224-74 96 20")),
    ),
    "Skinnskattebergs kommun": (
        UnitSeed(
            "ifo-skinnskatteberg",
            "Socialtjänsten, IFO",
            SOCIAL,
            (
                RouteSeed(contact_person="Hanna Sundin", email="ifo.skinnskatteberg@example.org"),
                RouteSeed(contact_person="Elias Vik", email="ifo.skinnskatteberg@example.org"),
            ),
        ),
    ),
    "Västerås stad": (
        UnitSeed(
            "iff-vasteras",
            "Socialtjänsten, IFF",
            SOCIAL,
            (
                RouteSeed(
                    contact_person="",
                    label="När aktuell handläggare är känd",
                    phone="021-39 00 00",
                    phone_hours=f"{VASTERAS_HOURS}. Fråga efter aktuell handläggare.",
                    postal_address="Västerås stad\nSocialkontor barn och ungdom\n721 87 Västerås",
                ),
                RouteSeed(
                    contact_person="Mottagningen för barn och unga",
                    label="När handläggare inte är känd",
                    email="mottagning.barnochunga.vasteras@example.org",
                    phone="021-39 00 00",
                    phone_hours=f"{VASTERAS_HOURS}. Fråga efter mottagningen för barn och unga (gäller SIP).",
                    postal_address="Västerås stad\nMottagning barn och ungdom\n721 87 Västerås",
                ),
            ),
        ),
        UnitSeed(
            "lss-vasteras",
            "Socialtjänsten, LSS",
            SOCIAL,
            (
                RouteSeed(
                    contact_person="",
                    label="När aktuell handläggare är känd",
                    phone="021-39 27 25",
                    postal_address="Västerås stad\nBiståndsenheten LSS\n721 87 Västerås",
                ),
                RouteSeed(
                    contact_person="Kontaktcenter",
                    label="När handläggare inte är känd",
                    phone="021-39 27 25",
                    phone_hours="Ange att det gäller SIP när du ringer Kontaktcenter.",
                    postal_address="Västerås stad\nBiståndsenheten LSS\n721 87 Västerås",
                ),
            ),
        ),
        # Sala and Västerås.
        UnitSeed(
            "elevhalsan-vasteras", "Elevhälsan, Västerås stad", SCHOOL, _route("Oscar Ring", "elevhalsan.vasteras")
        ),
    ),
}


# Users ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSeed:
    username: str
    first_name: str
    last_name: str
    title: str
    unit: str | None
    role: str = Role.STAFF
    is_staff: bool = False
    is_superuser: bool = False


USERS: tuple[UserSeed, ...] = (
    UserSeed("skola", "Elin", "Sandberg", "Skolkurator", "elevhalsan-koping"),
    UserSeed("skola.chef", "Per", "Holmgren", "Rektor, elevhälsan", "elevhalsan-koping", Role.MANAGER),
    UserSeed("soc", "Amira", "Haddad", "Socialsekreterare", "ifo-koping"),
    UserSeed("soc.chef", "Jonas", "Ekholm", "Enhetschef", "ifo-koping", Role.MANAGER),
    UserSeed("bup", "Sara", "Lindgren", "Kurator", "bup-koping"),
    UserSeed("bup.chef", "Anders", "Nyberg", "Enhetschef", "bup-koping", Role.MANAGER),
    UserSeed("vc", "Lena", "Forsberg", "Distriktssköterska", "vc-koping"),
    UserSeed("vc.chef", "Tomas", "Dahlgren", "Verksamhetschef", "vc-koping", Role.MANAGER),
    UserSeed("hab", "Johanna", "Wikström", "Arbetsterapeut", "hab-koping"),
    UserSeed("hab.chef", "Peter", "Blomqvist", "Enhetschef", "hab-koping", Role.MANAGER),
    UserSeed("psyk", "Fredrik", "Sjöberg", "Sjuksköterska, fast vårdkontakt", "psyk-vasteras"),
    UserSeed("psyk.chef", "Camilla", "Hedin", "Enhetschef", "psyk-vasteras", Role.MANAGER),
    UserSeed("avd12", "Nadia", "Karimi", "Sjuksköterska", "avd12"),
    UserSeed("avd12.chef", "Björn", "Sundqvist", "Vårdenhetschef", "avd12", Role.MANAGER),
    UserSeed("soc.vasteras", "Daniel", "Okafor", "Socialsekreterare", "iff-vasteras"),
    UserSeed("soc.vasteras.chef", "Louise", "Ahlberg", "Enhetschef", "iff-vasteras", Role.MANAGER),
    UserSeed(
        "admin.vasteras", "Ulrika", "Berglund", "Lokal administratör", "iff-vasteras", Role.LOCAL_ADMIN, is_staff=True
    ),
    UserSeed("superadmin", "Demo", "Superadministratör", "Systemförvaltare", None, is_staff=True, is_superuser=True),
)


# Persons -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSeed:
    key: str
    first_name: str
    last_name: str
    female: bool
    born: tuple[int, int] | str  # years to draw the birth date from, or a fixed test number
    town: str = "Köping"
    protected_identity: bool = False
    with_email: bool = False
    guardians: tuple[tuple[str, bool], ...] = ()  # (name, female)
    representative: str = ""  # a god man
    related: tuple[tuple[str, str], ...] = ()  # (name, relation)


CHILD, ADULT = (2010, 2018), (1975, 1995)

PERSONS: tuple[PersonSeed, ...] = (
    PersonSeed(
        "alva",
        "Alva",
        "Bergkvist",
        True,
        CHILD,
        guardians=(("Sofie Bergkvist", True), ("Mattias Bergkvist", False)),
        related=(("Gunnel Ek", "mormor"),),
    ),
    PersonSeed("liam", "Liam", "Sandell", False, CHILD, guardians=(("Therese Sandell", True),)),
    PersonSeed("maja", "Maja", "Hedlund", True, CHILD, guardians=(("Hanna Hedlund", True), ("Robert Hedlund", False))),
    PersonSeed("elias", "Elias", "Nordin", False, CHILD, guardians=(("Frida Nordin", True),)),
    PersonSeed("hugo", "Hugo", "Lindahl", False, CHILD, guardians=(("Malin Lindahl", True), ("Erik Lindahl", False))),
    PersonSeed("ella", "Ella", "Norberg", True, CHILD, town="Arboga", guardians=(("Sandra Norberg", True),)),
    PersonSeed(
        "tyra",
        "Tyra",
        "Engström",
        True,
        CHILD,
        guardians=(("Linda Engström", True),),
        related=(("Margareta Holm", "mormor"),),
    ),
    PersonSeed("oskar", "Oskar", "Blom", False, CHILD, guardians=(("Petra Blom", True), ("Stefan Blom", False))),
    PersonSeed("vilgot", "Vilgot", "Exempelsson", False, "20170101-2393", guardians=(("Nora Exempelsson", True),)),
    PersonSeed("wilma", "Wilma", "Yusuf", True, CHILD, guardians=(("Fatima Yusuf", True), ("Abdi Yusuf", False))),
    PersonSeed("arvid", "Arvid", "Hellström", False, CHILD, town="Arboga", guardians=(("Karolina Hellström", True),)),
    PersonSeed("viktor", "Viktor", "Holm", False, CHILD, guardians=(("Josefin Holm", True),)),
    PersonSeed("tolvan", "Tolvan", "Tolvansson", False, "19121212-1212", related=(("Tolvina Tolvansson", "dotter"),)),
    PersonSeed("ingrid", "Ingrid", "Sjödin", True, (1940, 1948), related=(("Eva Sjödin", "dotter"),)),
    PersonSeed("mats", "Mats", "Lundell", False, ADULT, related=(("Kim Lundell", "sambo"),)),
    PersonSeed("linnea", "Linnea", "Falk", True, (1990, 1999), protected_identity=True),
    PersonSeed(
        "kristoffer",
        "Kristoffer",
        "Nyström",
        False,
        (1996, 2003),
        representative="Lars-Åke Modig",
        related=(("Moa Nyström", "syster"),),
    ),
    PersonSeed("jamal", "Jamal", "Hassan", False, ADULT, with_email=True, related=(("Omar Hassan", "bror"),)),
    PersonSeed("birgitta", "Birgitta", "Wennerholm", True, (1945, 1955)),
    PersonSeed("emma", "Emma", "Rask", True, (2000, 2005), town="Västerås", with_email=True),
    PersonSeed("goran", "Göran", "Wennberg", False, (1950, 1960)),
    PersonSeed("sofia", "Sofia", "Lind", True, ADULT, with_email=True),
    PersonSeed("samir", "Samir", "Mansour", False, (2001, 2005), town="Västerås"),
    PersonSeed(
        "nils",
        "Nils",
        "Åberg",
        False,
        CHILD,
        guardians=(("Karin Åberg", True), ("Johan Åberg", False)),
        related=(("Stina Åberg", "faster"),),
    ),
)

POSTCODES = {"Köping": "731 30", "Arboga": "732 30", "Västerås": "722 10"}
STREETS = ("Exempelgatan", "Provvägen", "Demostigen", "Påhittade gatan", "Fiktiva vägen")


# Cases ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationSeed:
    """An invited unit and its answer: given by `answered_by` (a user of the unit), or none yet when None."""

    unit: str
    answered_by: str | None = None
    answer: str = Answer.ACCEPT
    substitute_name: str = ""


@dataclass(frozen=True)
class MeetingSeed:
    """A SIP or follow-up meeting, called `sent_days_ago` and held `days_ago` (negative: still to come). The
    invited units answer the day after the invitation; a meeting in the past is recorded the same day with
    everyone present and the KVÅ code the meeting's kind gives."""

    sent_days_ago: int
    days_ago: int
    invitations: tuple[InvitationSeed, ...]
    place: str
    purpose: str
    questions: str = ""
    individual_participation: str = IndividualParticipation.PRESENT
    secretary: str | None = None
    situation_notes: str = ""
    needs_notes: str = ""
    summary_notes: str = ""


@dataclass(frozen=True)
class InterventionSeed:
    """An intervention written by `by`, a user of the performing unit, for the goal at index `goal` (or none).
    Once the plan is approved the unit may report a status (`status_days_ago` days ago); at a follow-up it is
    evaluated (`evaluation`: delivered as planned?, effect, decision)."""

    unit: str
    by: str
    what: str
    goal: int | None = None
    frequency: str = ""
    place: str = ""
    coordination: str = ""
    pending_decision: bool = False
    meanwhile: str = ""
    status: str = ""
    status_days_ago: int = 0
    status_note: str = ""
    evaluation: tuple[bool | None, str, str] | None = None


@dataclass(frozen=True)
class GoalSeed:
    text: str
    subgoals: tuple[str, ...] = ()
    evaluation: tuple[str, str, str] | None = None  # at a follow-up: (achievement, evaluation, note)


@dataclass(frozen=True)
class PlanSeed:
    """Version 1 of the plan, written on the SIP meeting's day. When `approved_days_ago` is given, each
    username in `approved_by` signs off the part of their unit's principal and the individual's agreement is
    recorded that day, which approves the version. `event` is something an actor later reports to the lead."""

    individual_wishes: str
    long_term_goal: str
    own_contribution: str
    relatives_contribution: str
    goals: tuple[GoalSeed, ...]
    interventions: tuple[InterventionSeed, ...]
    lead: str
    follow_up_days_ago: int  # negative: the follow-up is still to come
    follow_up_place: str
    contacts: tuple[tuple[str, str], ...] = ()  # (unit, username)
    disagreements: str = ""
    approved_days_ago: int | None = None
    approved_by: tuple[str, ...] = ()
    agreement: str = AgreementKind.ORAL
    agreement_note: str = ""
    event: tuple[int, str, str] | None = None  # (days ago, username, text)


@dataclass(frozen=True)
class FollowUpSeed:
    """A follow-up meeting called by the lead, and version 2 made at it from the approved version: goals and
    interventions evaluated (as given in the plan's seeds), texts and the lead revised, then approved like
    version 1 on the follow-up's day."""

    meeting: MeetingSeed
    long_term_goal: str
    next_follow_up_days_ago: int
    approved_by: tuple[str, ...]
    lead: str | None = None
    lead_note: str = ""
    agreement: str = AgreementKind.ORAL
    agreement_note: str = ""


@dataclass(frozen=True)
class CaseSeed:
    """One case's story. Days count back from today; an event on a weekend or holiday moves to the working
    day before. Everything is done by the convener, except what the invited units answer and what they write
    and sign in the plan."""

    person: str
    convener: str
    need_days_ago: int
    initiator_kind: str
    need: str
    initiator_text: str = ""
    level: str = ""
    assessment: str = ""
    assessment_note: str = ""
    assessment_days_ago: int = 0
    discharge: bool = False
    consent_days_ago: int | None = None
    consent_refused: bool = False
    consent_by_representative: bool = False
    consent_units: tuple[str, ...] = ()  # besides the convener's unit
    exclusions: str = ""
    child_view: str = ""
    actors: tuple[tuple[str, str | None], ...] = ()  # (unit, contact username)
    preparation_days_ago: int | None = None
    preparation: dict = field(default_factory=dict)
    leaves: tuple[tuple[str, int, str], ...] = ()  # (unit, days ago, note)
    withdrawn_days_ago: int | None = None
    withdrawn_by_whom: str = ""
    closed_days_ago: int | None = None
    close_reason: str = ""
    close_note: str = ""
    meeting: MeetingSeed | None = None  # the SIP meeting
    plan: PlanSeed | None = None
    follow_up: FollowUpSeed | None = None


SCOPE = "Uppgifter som behövs för att planera och samordna insatserna."

CASES: tuple[CaseSeed, ...] = (
    CaseSeed(
        "alva",
        "skola",
        38,
        InitiatorKind.SCHOOL,
        "Hög frånvaro sedan höstlovet, oro och magont på morgnarna.",
        initiator_text="Mentor på skolan",
        level=CoordinationLevel.SIP_PLUS,
        consent_days_ago=33,
        consent_units=("bup-koping", "ifo-koping"),
        exclusions="Uppgifter om föräldrarnas separation delas inte med skolan.",
        child_view="Alva vill att skolan och BUP pratar med varandra.",
        actors=(("bup-koping", "bup"), ("ifo-koping", "soc")),
        preparation_days_ago=26,
        preparation={
            "what_matters": "Att kunna gå i skolan varje dag och ha någon att vara med på rasterna.",
            "purpose": "Samordna stödet från skolan, BUP och socialtjänsten så att Alva orkar gå i skolan.",
            "questions": "Hur kan skoldagen anpassas? Vad kan BUP erbjuda? Behöver familjen stöd hemma?",
            "meeting_wishes": "Efter skoltid i skolans lokaler. Alva vill vara med den första halvtimmen.",
            "child_voice_form": ChildVoiceForm.DRAWING,
            "child_voice": "Alva har ritat sin skoldag: bra på morgonen i klassrummet, jobbigt i matsalen.",
            "protected_identity_checked": True,
        },
        meeting=MeetingSeed(
            sent_days_ago=24,
            days_ago=19,
            invitations=(InvitationSeed("bup-koping", "bup"), InvitationSeed("ifo-koping", "soc")),
            place="Köpings skola, konferensrummet vid elevhälsan",
            purpose="Samordna stödet från skolan, BUP och socialtjänsten så att Alva orkar gå i skolan.",
            questions="Hur kan skoldagen anpassas? Vad kan BUP erbjuda? Behöver familjen stöd hemma?",
            individual_participation=IndividualParticipation.PART,
            secretary="soc",
            situation_notes="Alva berättade själv om morgnarna och matsalen; mamma och pappa berättade om läget hemma.",
            needs_notes="Anpassad skoldag, samtalsstöd för oron och stöd till föräldrarna.",
            summary_notes="Planen skrevs på mötet. Elin Sandberg på elevhälsan är huvudansvarig.",
        ),
        plan=PlanSeed(
            individual_wishes="Att slippa matsalen och ha en vuxen att gå till när det blir jobbigt.",
            long_term_goal="Att kunna gå i skolan varje dag och ha någon att vara med på rasterna.",
            own_contribution="Säga till mentorn när det känns tungt på morgonen.",
            relatives_contribution="Mormor Gunnel skjutsar till skolan på måndagar och onsdagar.",
            goals=(
                GoalSeed("Alva är i skolan minst fyra dagar i veckan.", ("Alva kommer i tid till första lektionen.",)),
                GoalSeed("Alva har mindre ont i magen på morgnarna."),
            ),
            interventions=(
                InterventionSeed(
                    "elevhalsan-koping",
                    "skola",
                    "Anpassad skoldag: lunch i mindre grupp och en trygg vuxen på rasterna.",
                    goal=0,
                    frequency="Varje skoldag",
                    place="Köpings skola",
                    coordination="Mentorn stämmer av med kuratorn varje fredag.",
                    status=InterventionStatus.IN_PROGRESS,
                    status_days_ago=15,
                ),
                InterventionSeed(
                    "bup-koping",
                    "bup",
                    "Samtalsstöd för oro och magont.",
                    goal=1,
                    frequency="Varannan vecka",
                    place="BUP, Köping",
                    status=InterventionStatus.IN_PROGRESS,
                    status_days_ago=12,
                    status_note="Tre samtal hittills.",
                ),
                InterventionSeed(
                    "ifo-koping",
                    "soc",
                    "Föräldrastöd i hemmet.",
                    frequency="En gång i veckan",
                    pending_decision=True,
                    meanwhile="Socialsekreteraren ringer föräldrarna varje vecka.",
                ),
            ),
            lead="skola",
            follow_up_days_ago=-40,
            follow_up_place="Köpings skola",
            contacts=(("bup-koping", "bup"), ("ifo-koping", "soc")),
            approved_days_ago=18,
            approved_by=("skola", "bup"),
            agreement_note="Alva och vårdnadshavarna godkände planen på mötet.",
            event=(3, "soc", "Familjen har fått en ny bostad och flyttar nästa månad."),
        ),
    ),
    CaseSeed(
        "liam",
        "skola",
        12,
        InitiatorKind.SCHOOL,
        "Svårt att koncentrera sig, utredning om neuropsykiatrisk funktionsnedsättning pågår hos BUP.",
        level=CoordinationLevel.SIP,
        consent_days_ago=8,
        consent_units=("bup-koping",),
        child_view="Liam tycker att det är bra att vuxna pratar ihop sig, om han får veta vad de säger.",
        actors=(("bup-koping", "bup"),),
        preparation_days_ago=5,
        preparation={
            "what_matters": "Att få jobba i lugn och ro och hinna klart.",
            "purpose": "Samordna skolans anpassningar med BUP:s utredning.",
            "questions": "Vad visar utredningen hittills? Vilka anpassningar kan skolan göra redan nu?",
            "child_voice_form": ChildVoiceForm.TOLD,
            "child_voice": "Liam har berättat för kuratorn att det är för mycket ljud i klassrummet.",
            "protected_identity_checked": True,
        },
        meeting=MeetingSeed(
            sent_days_ago=1,
            days_ago=-6,
            invitations=(InvitationSeed("bup-koping"),),
            place="Köpings skola, konferensrummet vid elevhälsan",
            purpose="Samordna skolans anpassningar med BUP:s utredning.",
            questions="Vad visar utredningen hittills? Vilka anpassningar kan skolan göra redan nu?",
        ),
    ),
    CaseSeed(
        "maja",
        "bup",
        24,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Ätsvårigheter och ångest; behöver anpassningar i skolan och stöd från habiliteringen.",
        level=CoordinationLevel.SIP_PLUS,
        consent_days_ago=20,
        consent_units=("elevhalsan-koping", "hab-koping"),
        actors=(("elevhalsan-koping", "skola"), ("hab-koping", "hab")),
        preparation_days_ago=15,
        preparation={
            "what_matters": "Att äta lunch med kompisarna och att orka träna fotboll igen.",
            "purpose": "Komma överens om vem som gör vad kring måltider i skolan och hemma.",
            "questions": "Hur kan skolans måltider anpassas? Vilket stöd ger habiliteringen?",
            "meeting_wishes": "Digitalt möte går bra för föräldrarna; Maja vill träffas på BUP.",
            "child_voice_form": ChildVoiceForm.TOLD,
            "child_voice": "Maja har berättat för sin kurator att hon vill slippa äta i den stora matsalen.",
            "protected_identity_checked": True,
            "pre_meeting_consented": True,
        },
        meeting=MeetingSeed(
            sent_days_ago=12,
            days_ago=4,
            invitations=(InvitationSeed("elevhalsan-koping", "skola"), InvitationSeed("hab-koping", "hab")),
            place="BUP, Köping, samtalsrum 3",
            purpose="Komma överens om vem som gör vad kring måltider i skolan och hemma.",
            questions="Hur kan skolans måltider anpassas? Vilket stöd ger habiliteringen?",
            situation_notes="Maja berättade att luncherna är det svåraste; föräldrarna deltog digitalt.",
            needs_notes="Lugn måltidsmiljö i skolan, stöd kring måltider hemma och uppföljning av vikten.",
        ),
        plan=PlanSeed(
            individual_wishes="Att slippa äta i den stora matsalen.",
            long_term_goal="Att äta lunch med kompisarna och att orka träna fotboll igen.",
            own_contribution="Äta mellanmål efter skolan innan träningen.",
            relatives_contribution="Föräldrarna äter frukost tillsammans med Maja varje morgon.",
            disagreements="Föräldrarna vill att Maja tränar som vanligt; BUP vill vänta en månad.",
            goals=(
                GoalSeed("Maja äter lunch varje skoldag.", ("Maja äter i ett mindre rum med en kompis.",)),
                GoalSeed("Maja orkar träna fotboll en gång i veckan."),
            ),
            interventions=(
                InterventionSeed(
                    "bup-koping", "bup", "Behandling för ätsvårigheter och ångest.", goal=0, frequency="Varje vecka"
                ),
                InterventionSeed(
                    "elevhalsan-koping",
                    "skola",
                    "Lunch i ett mindre rum med en vuxen och en kompis.",
                    goal=0,
                    frequency="Varje skoldag",
                    place="Köpings skola",
                ),
                InterventionSeed(
                    "hab-koping", "hab", "Arbetsterapeut ger råd om måltider hemma.", goal=1, frequency="Varannan vecka"
                ),
            ),
            lead="bup",
            follow_up_days_ago=-60,
            follow_up_place="BUP, Köping",
        ),
    ),
    CaseSeed("elias", "bup", 4, InitiatorKind.REGIONAL_HEALTH_CARE, "Självskadebeteende; familjen behöver stöd."),
    CaseSeed("hugo", "skola", 2, InitiatorKind.SCHOOL, "Konflikter i klassen och utbrott; vårdnadshavare oroliga."),
    CaseSeed(
        "ella",
        "skola",
        120,
        InitiatorKind.SCHOOL,
        "Skolfrånvaro efter flytt; behov av stöd från BUP.",
        consent_days_ago=115,
        consent_units=("bup-koping",),
        actors=(("bup-koping", "bup"),),
        preparation_days_ago=110,
        preparation={
            "what_matters": "Att trivas i nya skolan.",
            "purpose": "Planera skolstart och kontakt med BUP.",
            "protected_identity_checked": True,
        },
        closed_days_ago=6,
        close_reason=CloseReason.GOALS_MET,
        close_note="Ella går i skolan varje dag och BUP har avslutat sin kontakt. Vid nytt behov: kontakta elevhälsan.",
    ),
    CaseSeed(
        "tyra",
        "soc",
        16,
        InitiatorKind.RELATIVE,
        "Mormor oroar sig för Tyras mående och skolgång.",
        initiator_text="Mormor ringde socialtjänstens mottagning",
        assessment=Assessment.START,
        assessment_note="Behov av insatser från skola, BUP och socialtjänst; vårdnadshavare vill ha en SIP.",
        assessment_days_ago=14,
        consent_days_ago=10,
        consent_units=("elevhalsan-koping", "bup-koping"),
        child_view="Tyra vill att mormor får vara med på mötet.",
        actors=(("elevhalsan-koping", "skola"), ("bup-koping", "bup")),
    ),
    CaseSeed(
        "oskar",
        "skola",
        30,
        InitiatorKind.SCHOOL,
        "Autism; stora svårigheter vid övergång till högstadiet.",
        level=CoordinationLevel.SIP_PLUS,
        consent_days_ago=27,
        consent_units=("bup-koping", "hab-koping"),
        actors=(("bup-koping", "bup"), ("hab-koping", "hab")),
        preparation_days_ago=20,
        preparation={
            "what_matters": "Att veta i förväg vad som ska hända under skoldagen.",
            "purpose": "Planera övergången till högstadiet.",
            "questions": "Vilka anpassningar behövs? Vem håller kontakten med hemmet?",
            "child_voice_form": ChildVoiceForm.LETTER,
            "child_voice": "Oskar har skrivit ett brev om vad som gör honom lugn.",
            "protected_identity_checked": True,
        },
        leaves=(("hab-koping", 10, "Habiliteringens insats är avslutad; ingen fortsatt kontakt."),),
    ),
    CaseSeed(
        "vilgot",
        "skola",
        19,
        InitiatorKind.SCHOOL,
        "Sen språkutveckling och sömnsvårigheter; familjen har kontakt med vårdcentralen.",
        consent_days_ago=17,
        consent_units=("bup-koping", "vc-koping"),
        actors=(("bup-koping", "bup"), ("vc-koping", "vc")),
        preparation_days_ago=12,
        preparation={
            "what_matters": "Att sova hela natten och ha roligt i skolan.",
            "purpose": "Samordna BUP:s utredning med vårdcentralens och skolans stöd.",
            "child_voice_form": ChildVoiceForm.PARTIAL_ATTENDANCE,
            "child_voice": "Vilgot vill vara med i början av mötet tillsammans med sin mamma.",
            "protected_identity_checked": True,
        },
    ),
    CaseSeed(
        "wilma",
        "bup",
        9,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Depression och hög skolfrånvaro; familjen har ekonomiska svårigheter.",
        level=CoordinationLevel.SIP_PLUS_PLUS,
        consent_days_ago=6,
        consent_units=("elevhalsan-koping", "ifo-koping"),
        actors=(("elevhalsan-koping", "skola"), ("ifo-koping", "soc")),
        preparation_days_ago=3,
        preparation={
            "what_matters": "Att må bättre och klara nian.",
            "purpose": "Samordna behandling, skolans stöd och socialtjänstens insatser.",
            "interpreter_language": "Somaliska",
            "meeting_wishes": "Tolk på plats för vårdnadshavarna.",
            "protected_identity_checked": True,
        },
    ),
    CaseSeed("arvid", "skola", 23, InitiatorKind.SCHOOL, "Läs- och skrivsvårigheter och oro hemma."),
    CaseSeed("viktor", "bup", 1, InitiatorKind.REGIONAL_HEALTH_CARE, "Tvångstankar som påverkar skolgången."),
    CaseSeed(
        "tolvan",
        "vc",
        26,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Återkommande fall i hemmet; behöver samordnad hemtjänst och hemsjukvård.",
        consent_days_ago=21,
        consent_units=("ifo-koping",),
        actors=(("ifo-koping", "soc"),),
        preparation_days_ago=14,
        preparation={
            "what_matters": "Att få bo kvar hemma.",
            "purpose": "Samordna hemtjänst, hemsjukvård och vårdcentralens läkarkontakt.",
            "aids": "Hörselslinga",
            "meeting_wishes": "Mötet hemma hos Tolvan, dottern med per telefon.",
            "protected_identity_checked": True,
        },
    ),
    CaseSeed(
        "ingrid",
        "soc",
        11,
        InitiatorKind.MUNICIPAL_HEALTH_CARE,
        "Minnessvikt; behöver samordnat stöd efter makens bortgång.",
        initiator_text="Hemsjukvården",
        consent_days_ago=9,
        consent_units=("vc-koping",),
        actors=(("vc-koping", "vc"),),
    ),
    CaseSeed(
        "mats",
        "psyk",
        2,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Utskrivningsklar från slutenvården; behöver boendestöd och uppföljning.",
        discharge=True,
        consent_days_ago=1,
        consent_units=("ifo-koping", "vc-koping", "avd12"),
        actors=(("ifo-koping", "soc"), ("vc-koping", "vc"), ("avd12", "avd12")),
    ),
    CaseSeed(
        "linnea",
        "soc",
        18,
        InitiatorKind.SOCIAL_SERVICES,
        "Behöver stöd från vårdcentral och socialtjänst; skyddade personuppgifter.",
        consent_days_ago=15,
        consent_units=("vc-koping",),
        exclusions="Adress och arbetsplats lämnas inte ut till någon aktör.",
        actors=(("vc-koping", None),),
        preparation_days_ago=8,
        preparation={
            "what_matters": "Att känna mig trygg.",
            "purpose": "Planera stödet utan att uppgifter om var jag bor sprids.",
            "meeting_wishes": "Telefonmöte.",
            "protected_identity_checked": True,
        },
    ),
    CaseSeed(
        "kristoffer",
        "hab",
        28,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Flytt till eget boende; behöver samordna daglig verksamhet, boendestöd och vård.",
        level=CoordinationLevel.SIP_PLUS,
        consent_days_ago=22,
        consent_by_representative=True,
        consent_units=("ifo-koping", "vc-koping"),
        actors=(("ifo-koping", "soc"), ("vc-koping", "vc")),
        preparation_days_ago=16,
        preparation={
            "what_matters": "Att bo själv och jobba på caféet.",
            "purpose": "Planera flytten och vem som stöttar i vardagen.",
            "aids": "Bildstöd",
            "meeting_wishes": "Kristoffer vill att hans syster och god man är med.",
            "protected_identity_checked": True,
        },
    ),
    CaseSeed(
        "jamal",
        "vc",
        45,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Långvarig sjukskrivning, missbruk och skulder.",
        consent_days_ago=40,
        consent_units=("ifo-koping", "psyk-vasteras"),
        actors=(("ifo-koping", "soc"), ("psyk-vasteras", "psyk")),
        withdrawn_days_ago=5,
        withdrawn_by_whom="Den enskilde själv, i telefon",
    ),
    CaseSeed("birgitta", "soc", 25, InitiatorKind.SOCIAL_SERVICES, "Ensam och nedstämd; vill ha hjälp med vardagen."),
    CaseSeed(
        "emma",
        "psyk",
        7,
        InitiatorKind.INDIVIDUAL,
        "Emma vill att psykiatrin och socialtjänsten samarbetar kring hennes studier och boende.",
        initiator_text="Emma kontaktade själv mottagningen",
        assessment=Assessment.START,
        assessment_note="Flera huvudmän har insatser; en SIP behövs.",
        assessment_days_ago=5,
    ),
    CaseSeed(
        "goran",
        "vc",
        60,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Rehabilitering efter stroke; behov av hemtjänst.",
        consent_days_ago=55,
        consent_units=("ifo-koping",),
        actors=(("ifo-koping", "soc"),),
        preparation_days_ago=50,
        preparation={"what_matters": "Att kunna gå ut med hunden själv.", "protected_identity_checked": True},
        closed_days_ago=3,
        close_reason=CloseReason.NO_LONGER_NEEDED,
        close_note="Göran klarar sig med hemtjänst; ingen samordning behövs längre.",
    ),
    CaseSeed(
        "sofia",
        "vc",
        8,
        InitiatorKind.REGIONAL_HEALTH_CARE,
        "Utmattning och oro kring barnens situation.",
        consent_days_ago=6,
        consent_refused=True,
    ),
    CaseSeed(
        "samir",
        "psyk",
        13,
        InitiatorKind.SOCIAL_SERVICES,
        "Psykos under våren; behöver stöd med boende och sysselsättning.",
        initiator_text="Socialtjänsten i Köping",
        consent_days_ago=10,
        consent_units=("ifo-koping",),
        actors=(("ifo-koping", "soc"),),
    ),
    # Last: people are drawn (numbers, addresses) case by case, so everyone before keeps what they had.
    CaseSeed(
        "nils",
        "skola",
        160,
        InitiatorKind.SCHOOL,
        "Stor frånvaro och konflikter hemma; familjen har kontakt med BUP och socialtjänsten.",
        level=CoordinationLevel.SIP_PLUS,
        consent_days_ago=156,
        consent_units=("bup-koping", "ifo-koping"),
        child_view="Nils vill att faster Stina får vara med.",
        actors=(("bup-koping", "bup"), ("ifo-koping", "soc")),
        preparation_days_ago=150,
        preparation={
            "what_matters": "Att det ska bli lugnare hemma och att jag orkar gå i skolan.",
            "purpose": "Samordna skolans, BUP:s och socialtjänstens stöd till Nils och familjen.",
            "questions": "Hur kan skoldagen bli kortare en tid? Vilket stöd kan familjen få hemma?",
            "child_voice_form": ChildVoiceForm.LETTER,
            "child_voice": "Nils har skrivit ett brev om hur en bra dag ser ut.",
            "protected_identity_checked": True,
        },
        meeting=MeetingSeed(
            sent_days_ago=148,
            days_ago=141,
            invitations=(
                InvitationSeed("bup-koping", "bup"),
                InvitationSeed("ifo-koping", "soc", Answer.SUBSTITUTE, "Jonas Ekholm, enhetschef"),
            ),
            place="Köpings skola, konferensrummet vid elevhälsan",
            purpose="Samordna skolans, BUP:s och socialtjänstens stöd till Nils och familjen.",
            situation_notes="Nils berättade själv först; mamma och faster Stina fyllde i.",
            summary_notes="Planen skrevs på mötet; uppföljning om tre månader.",
        ),
        plan=PlanSeed(
            individual_wishes="Att få gå hem tidigare några dagar i veckan.",
            long_term_goal="Att det ska bli lugnare hemma och att jag orkar gå i skolan.",
            own_contribution="Gå till skolan tillsammans med en kompis.",
            relatives_contribution="Faster Stina har Nils hos sig varannan helg.",
            goals=(
                GoalSeed(
                    "Nils är i skolan fyra dagar i veckan.",
                    evaluation=(GoalAchievement.ACHIEVED, GoalEvaluation.MET, "Nils är i skolan varje dag sedan jul."),
                ),
                GoalSeed(
                    "Färre konflikter hemma.",
                    evaluation=(
                        GoalAchievement.IMPROVING,
                        GoalEvaluation.PARTLY_MET,
                        "Bättre; kvällarna svåra.",
                    ),
                ),
            ),
            interventions=(
                InterventionSeed(
                    "elevhalsan-koping",
                    "skola",
                    "Kortare skoldagar under åtta veckor, sedan en vecka i taget tillbaka till hela dagar.",
                    goal=0,
                    frequency="Varje skoldag",
                    place="Köpings skola",
                    status=InterventionStatus.COMPLETED,
                    status_days_ago=40,
                    status_note="Nils går hela dagar igen.",
                    evaluation=(True, "Nils orkar hela skoldagar.", InterventionDecision.END),
                ),
                InterventionSeed(
                    "bup-koping",
                    "bup",
                    "Samtal med Nils och familjesamtal.",
                    goal=1,
                    frequency="Varannan vecka",
                    place="BUP, Köping",
                    status=InterventionStatus.IN_PROGRESS,
                    status_days_ago=100,
                    evaluation=(True, "Färre utbrott enligt familjen.", InterventionDecision.CONTINUE),
                ),
                InterventionSeed(
                    "ifo-koping",
                    "soc",
                    "Familjebehandling i hemmet.",
                    goal=1,
                    frequency="En gång i veckan",
                    status=InterventionStatus.IN_PROGRESS,
                    status_days_ago=120,
                    evaluation=(False, "Startade först efter sex veckor.", InterventionDecision.ADJUST),
                ),
            ),
            lead="skola",
            follow_up_days_ago=20,
            follow_up_place="Köpings skola",
            contacts=(("bup-koping", "bup"),),
            approved_days_ago=140,
            approved_by=("skola", "bup"),
            agreement=AgreementKind.WRITTEN,
            agreement_note="Vårdnadshavarna skrev under planen.",
        ),
        follow_up=FollowUpSeed(
            meeting=MeetingSeed(
                sent_days_ago=30,
                days_ago=20,
                invitations=(InvitationSeed("bup-koping", "bup"), InvitationSeed("ifo-koping", "soc")),
                place="Köpings skola, konferensrummet vid elevhälsan",
                purpose="Följa upp planen: skolgången och läget hemma.",
                summary_notes="Skolmålet är nått. Stödet hemma fortsätter; socialtjänsten blir huvudansvarig.",
            ),
            long_term_goal="Att det ska vara lugnt hemma och att jag har kompisar efter skolan.",
            next_follow_up_days_ago=-70,
            lead="soc",
            lead_note="Skolgången fungerar; det som återstår gäller familjen, så socialtjänsten tar över.",
            approved_by=("soc", "bup"),
            agreement_note="Nils och vårdnadshavarna godkände den nya versionen på mötet.",
        ),
    ),
)


# Generation ----------------------------------------------------------------------------------------------


def luhn_check_digit(digits: str) -> int:
    """The check digit of a Swedish identity number, computed over YYMMDDNNN (the Luhn algorithm)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def identity_number(birth: datetime.date, serial: int) -> str:
    """YYYYMMDD-NNNC for a birth date and a three-digit serial (its last digit: odd for men, even for women)."""
    check = luhn_check_digit(f"{birth:%y%m%d}{serial:03d}")
    return f"{birth:%Y%m%d}-{serial:03d}{check}"


def fictional_phone_numbers() -> Iterator[str]:
    """070-174 06 05 to 070-174 06 99, reserved by PTS for fiction; repeats if the demo ever needs more."""
    return itertools.cycle(f"070-174 06 {n:02d}" for n in range(5, 100))


def email_address(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": ".", "-": "."}))
    return f"{ascii_name}@example.org"


@dataclass
class Login:
    username: str
    name: str
    role: str
    unit: str


@dataclass
class SeedResult:
    counts: dict[str, int]
    logins: list[Login]


@dataclass
class Circle:
    person: Person
    guardians: list[Guardian] = field(default_factory=list)
    representative: Representative | None = None
    related: list[RelatedPerson] = field(default_factory=list)


class DemoSeeder:
    def __init__(self, today: datetime.date):
        self.today = today
        # Not for security: a fixed seed so that every installation gets the same fictitious people.
        self.random = random.Random(RANDOM_SEED)  # noqa: S311
        self.phones = fictional_phone_numbers()
        self.used_numbers: set[str] = set()
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.user_units: dict[str, Unit] = {}
        self.logins: list[Login] = []

    def run(self) -> SeedResult:
        self.create_organisations()
        self.create_users()
        seed_log_reviewers(self)
        seed_notifications.enable_email_notices(self.users)
        for spec in CASES:
            self.create_case(spec)
        seed_protected_identity_viewers()
        seed_deviations_and_audits(self)
        seed_messages(self.users)
        seed_statistics(self)
        # The history is written partly with QuerySet.update(), which marks nothing: work every open case out.
        deadlines_mark_open_cases()
        deadlines_refresh()
        counts = {
            "principals": Principal.objects.count(),
            "units": Unit.objects.count(),
            "users": User.objects.count(),
            "persons": Person.objects.count(),
            "cases": CoordinationCase.objects.count(),
            "meetings": Meeting.objects.count(),
            "plans": Plan.objects.count(),
        }
        return SeedResult(counts=counts, logins=self.logins)

    # Organisations and users

    def create_organisations(self) -> None:
        region = Principal.objects.create(name=REGION, kind=PrincipalKind.REGION)
        self.create_units(region, REGION_UNITS)
        for name, units in MUNICIPAL_UNITS.items():
            municipality = Principal.objects.create(name=name, kind=PrincipalKind.MUNICIPALITY)
            self.create_units(municipality, units)

    def create_units(self, principal: Principal, seeds: tuple[UnitSeed, ...]) -> None:
        for seed in seeds:
            unit = Unit(
                principal=principal, name=seed.name, sector=seed.sector, is_inpatient_ward=seed.is_inpatient_ward
            )
            unit.full_clean()
            unit.save()
            self.units[seed.key] = unit
            for route_seed in seed.routes:
                route = ContactRoute(
                    unit=unit,
                    label=route_seed.label,
                    email=route_seed.email,
                    phone=next(self.phones) if route_seed.phone is None else route_seed.phone,
                    phone_hours=route_seed.phone_hours,
                    postal_address=route_seed.postal_address,
                    contact_person=route_seed.contact_person,
                )
                route.full_clean()
                route.save()

    def create_users(self) -> None:
        # One hash for all: they share the published password, and Argon2 is slow on purpose.
        password = make_password(DEMO_PASSWORD)
        for seed in USERS:
            user = User.objects.create(
                username=seed.username,
                password=password,
                email=email_address(f"{seed.first_name} {seed.last_name}"),
                first_name=seed.first_name,
                last_name=seed.last_name,
                title=seed.title,
                phone=next(self.phones),
                is_staff=seed.is_staff,
                is_superuser=seed.is_superuser,
            )
            self.users[seed.username] = user
            if seed.unit is None:
                self.logins.append(Login(seed.username, user.get_full_name(), "Superanvändare", "–"))
                continue
            unit = self.units[seed.unit]
            Membership.objects.create(user=user, unit=unit, role=seed.role)
            self.user_units[seed.username] = unit
            self.logins.append(Login(seed.username, user.get_full_name(), str(Role(seed.role).label), str(unit)))

    # Persons

    def new_identity_number(self, years: tuple[int, int], *, female: bool) -> str:
        while True:
            birth = datetime.date(self.random.randint(*years), self.random.randint(1, 12), self.random.randint(1, 28))
            serial = self.random.choice([n for n in range(980, 1000) if n % 2 == (0 if female else 1)])
            number = identity_number(birth, serial)
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def create_person(self, key: str, *, by: User) -> Circle:
        seed = next(person for person in PERSONS if person.key == key)
        number = seed.born if isinstance(seed.born, str) else self.new_identity_number(seed.born, female=seed.female)
        street = self.random.choice(STREETS)
        address = "" if seed.protected_identity else f"{street} {self.random.randint(1, 40)}\n"
        if address:
            address += f"{POSTCODES[seed.town]} {seed.town}"
        person = people_services.person_create(
            by=by,
            personal_identity_number=number,
            first_name=seed.first_name,
            last_name=seed.last_name,
            address=address,
            phone="" if seed.protected_identity else next(self.phones),
            email=email_address(f"{seed.first_name} {seed.last_name}") if seed.with_email else "",
            protected_identity=seed.protected_identity,
        )
        circle = Circle(person=person)
        for name, female in seed.guardians:
            circle.guardians.append(
                people_services.guardian_add(
                    person=person,
                    by=by,
                    name=name,
                    personal_identity_number=self.new_identity_number((1975, 1992), female=female),
                    phone=next(self.phones),
                    email=email_address(name),
                    address=address,
                )
            )
        if seed.representative:
            circle.representative = people_services.representative_add(
                person=person,
                by=by,
                name=seed.representative,
                kind=RepresentativeKind.GOOD_MAN,
                phone=next(self.phones),
                email=email_address(seed.representative),
            )
        for name, relation in seed.related:
            circle.related.append(
                people_services.related_person_add(
                    person=person, by=by, name=name, relation=relation, phone=next(self.phones)
                )
            )
        return circle

    # Cases

    def moment(self, days_ago: int, hour: int, minute: int = 0) -> datetime.datetime:
        """`days_ago` days before today at the given time, moved back to a working day if it falls on a day off."""
        day = add_working_days(self.today - datetime.timedelta(days=days_ago - 1), -1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def create_case(self, spec: CaseSeed) -> CoordinationCase:
        convener = self.users[spec.convener]
        unit = self.user_units[spec.convener]
        started = self.moment(spec.need_days_ago, 9, 15)
        with clock.frozen_clock(started):
            circle = self.create_person(spec.person, by=convener)
            discharge = {}
            if spec.discharge:
                discharge = {
                    "discharge_ward": self.units["avd12"],
                    "discharge_sent_at": started - datetime.timedelta(hours=1),
                    "expected_discharge_on": started.date() + datetime.timedelta(days=3),
                }
            case = case_services.case_start(
                by=convener,
                person=circle.person,
                unit=unit,
                initiator_kind=spec.initiator_kind,
                initiator_text=spec.initiator_text,
                need_noticed_on=started.date(),
                need_description=spec.need,
                level=spec.level,
                **discharge,
            )
        if spec.assessment:
            with clock.frozen_clock(self.moment(spec.assessment_days_ago, 11)):
                case_services.case_record_assessment(
                    case=case, by=convener, assessment=spec.assessment, note=spec.assessment_note
                )
        consent = None
        if spec.consent_days_ago is not None:
            with clock.frozen_clock(self.moment(spec.consent_days_ago, 10, 30)):
                consent = self.record_consent(case, spec, circle, convener, unit)
                for unit_key, contact in spec.actors:
                    case_services.case_add_actor(
                        case=case, by=convener, unit=self.units[unit_key], contact=self.users.get(contact or "")
                    )
        if spec.preparation_days_ago is not None:
            with clock.frozen_clock(self.moment(spec.preparation_days_ago, 13)):
                case_services.preparation_save(
                    case=case,
                    by=convener,
                    wished_units=[unit, *(self.units[key] for key, _contact in spec.actors)],
                    wished_related_persons=circle.related,
                    **spec.preparation,
                )
        if spec.meeting is not None:
            self.carry_on(case, spec, circle)
        for unit_key, days_ago, note in spec.leaves:
            with clock.frozen_clock(self.moment(days_ago, 14)):
                actor = case.actors.get(unit=self.units[unit_key], left_at__isnull=True)
                case_services.case_leave_actor(actor=actor, by=convener, note=note)
        if spec.withdrawn_days_ago is not None:
            with clock.frozen_clock(self.moment(spec.withdrawn_days_ago, 15)):
                case_services.consent_withdraw(
                    consent=consent,
                    by=convener,
                    withdrawn_by_whom=spec.withdrawn_by_whom,
                    withdrawal_form=ConsentForm.ORAL,
                    note="Vill inte längre att informationen delas mellan aktörerna.",
                )
        if spec.closed_days_ago is not None:
            with clock.frozen_clock(self.moment(spec.closed_days_ago, 15, 30)):
                case_services.case_close(case=case, by=convener, reason=spec.close_reason, note=spec.close_note)
        return case

    # Meetings and plans

    def carry_on(self, case: CoordinationCase, spec: CaseSeed, circle: Circle) -> None:
        """The SIP meeting, the plan made at it and the follow-up, as far as the case's story goes."""
        convener = self.users[spec.convener]
        meeting = self.hold_meeting(case, spec.meeting, MeetingKind.SIP, by=convener, circle=circle)
        if spec.plan is None:
            return
        version = self.write_plan(case, meeting, spec.plan, by=convener)
        if spec.follow_up is not None:
            self.follow_up(case, version, spec.plan, spec.follow_up, circle=circle)

    def hold_meeting(
        self, case: CoordinationCase, seed: MeetingSeed, kind: str, *, by: User, circle: Circle
    ) -> Meeting:
        """Call the meeting (the individual and their circle take part), let the units answer the day after
        and, when it has taken place, record it with everyone present."""
        starts_at = self.moment(seed.days_ago, 13)
        with clock.frozen_clock(self.moment(seed.sent_days_ago, 9)):
            meeting = meeting_services.meeting_propose(
                case=case,
                by=by,
                kind=kind,
                starts_at=starts_at,
                place=seed.place,
                purpose=seed.purpose,
                questions=seed.questions,
                units=[self.units[invitation.unit] for invitation in seed.invitations],
                include_individual=True,
                guardians=circle.guardians,
                related_persons=circle.related,
            )
            meeting_services.meeting_send(meeting=meeting, by=by)
        answered_days_ago = max(seed.sent_days_ago - 1, seed.days_ago, 1)
        with clock.frozen_clock(self.moment(answered_days_ago, 11)):
            for invitation_seed in seed.invitations:
                if invitation_seed.answered_by is None:
                    continue
                user = self.users[invitation_seed.answered_by]
                meeting_services.invitation_answer(
                    invitation=meeting.invitations.get(unit=self.units[invitation_seed.unit]),
                    by=user,
                    answer=invitation_seed.answer,
                    attendees=[user] if invitation_seed.answer == Answer.ACCEPT else [],
                    substitute_name=invitation_seed.substitute_name,
                )
        if seed.days_ago > 0:
            with clock.frozen_clock(starts_at + datetime.timedelta(hours=2, minutes=30)):
                meeting_services.meeting_record(
                    meeting=meeting,
                    by=by,
                    secretary=self.users.get(seed.secretary or ""),
                    individual_participation=seed.individual_participation,
                    consent_checked=True,
                    secrecy_reminded=True,
                    introduction_notes="Samtycket gäller. Alla påmindes om sekretessen.",
                    situation_notes=seed.situation_notes,
                    needs_notes=seed.needs_notes,
                    summary_notes=seed.summary_notes,
                    invitation_attendance={invitation.pk: True for invitation in meeting.invitations.all()},
                    participant_attendance={participant.pk: True for participant in meeting.participants.all()},
                )
        case.refresh_from_db()
        return meeting

    def write_plan(self, case: CoordinationCase, meeting: Meeting, seed: PlanSeed, *, by: User) -> PlanVersion:
        """Version 1, written at the meeting: each unit writes its own interventions. Then, as far as the story
        goes, the sign-offs, the units' status reports and an event reported to the lead."""
        meeting_day = timezone.localdate(meeting.starts_at)
        with clock.frozen_clock(meeting.starts_at + datetime.timedelta(hours=2, minutes=45)):
            version = plan_services.plan_version_create(
                case=case,
                by=by,
                meeting=meeting,
                individual_wishes=seed.individual_wishes,
                long_term_goal=seed.long_term_goal,
                own_contribution=seed.own_contribution,
                relatives_contribution=seed.relatives_contribution,
                disagreements=seed.disagreements,
                follow_up_on=self.moment(seed.follow_up_days_ago, 10).date(),
                follow_up_time=datetime.time(10, 0),
                follow_up_place=seed.follow_up_place,
            )
            goals = []
            for goal_seed in seed.goals:
                goal = plan_services.goal_add(version=version, by=by, text=goal_seed.text)
                goals.append(goal)
                for text in goal_seed.subgoals:
                    plan_services.goal_add(version=version, by=by, text=text, parent=goal)
            interventions = [
                plan_services.intervention_add(
                    version=version,
                    by=self.users[item.by],
                    what=item.what,
                    unit=self.units[item.unit],
                    goal=None if item.goal is None else goals[item.goal],
                    start_on=meeting_day + datetime.timedelta(days=7),
                    frequency=item.frequency,
                    place=item.place,
                    coordination=item.coordination,
                    pending_decision=item.pending_decision,
                    meanwhile=item.meanwhile,
                )
                for item in seed.interventions
            ]
            plan_services.plan_set_lead(
                version=version, by=by, lead=self.users[seed.lead], lead_unit=self.user_units[seed.lead]
            )
            for unit_key, username in seed.contacts:
                plan_services.contact_person_set(
                    version=version, by=by, unit=self.units[unit_key], user=self.users[username]
                )
        if seed.approved_days_ago is None:
            return version
        with clock.frozen_clock(self.moment(seed.approved_days_ago, 16, 30)):
            self.sign_off(version, seed.approved_by, by=by, how=seed.agreement, note=seed.agreement_note)
        reports = sorted(
            (item for item in zip(seed.interventions, interventions, strict=True) if item[0].status),
            key=lambda item: -item[0].status_days_ago,
        )
        for item, intervention in reports:
            with clock.frozen_clock(self.moment(item.status_days_ago, 14)):
                plan_services.intervention_set_status(
                    intervention=intervention, by=self.users[item.by], status=item.status, note=item.status_note
                )
        if seed.event is not None:
            days_ago, username, text = seed.event
            with clock.frozen_clock(self.moment(days_ago, 14, 30)):
                plan_services.plan_event_report(case=case, by=self.users[username], text=text)
        case.refresh_from_db()
        version.refresh_from_db()
        return version

    def sign_off(self, version: PlanVersion, usernames: tuple[str, ...], *, by: User, how: str, note: str) -> None:
        """Each user signs off their principal's part and the individual's agreement is recorded."""
        for username in usernames:
            plan_services.plan_approve_part(
                version=version, by=self.users[username], principal=self.user_units[username].principal
            )
        plan_services.plan_record_individual_agreement(
            version=version, by=by, how=how, agreed_on=clock.today(), note=note
        )

    def follow_up(
        self, case: CoordinationCase, version: PlanVersion, plan: PlanSeed, seed: FollowUpSeed, *, circle: Circle
    ) -> PlanVersion:
        """The lead calls and holds the follow-up; version 2 is made at it, evaluated, revised and approved."""
        lead = self.users[plan.lead]
        meeting = self.hold_meeting(case, seed.meeting, MeetingKind.FOLLOW_UP, by=lead, circle=circle)
        with clock.frozen_clock(meeting.starts_at + datetime.timedelta(hours=2, minutes=45)):
            new = plan_services.plan_revise(version=version, by=lead, meeting=meeting)
            goals = new.goals.filter(parent__isnull=True).order_by("position", "id")
            for goal, goal_seed in zip(goals, plan.goals, strict=True):
                if goal_seed.evaluation is not None:
                    achievement, evaluation, note = goal_seed.evaluation
                    plan_services.goal_update(
                        goal=goal, by=lead, achievement_status=achievement, evaluation=evaluation, evaluation_note=note
                    )
            interventions = new.interventions.order_by("position", "id")
            for intervention, item in zip(interventions, plan.interventions, strict=True):
                if item.evaluation is not None:
                    delivered, effect, decision = item.evaluation
                    plan_services.intervention_update(
                        intervention=intervention,
                        by=self.users[item.by],
                        delivered_as_planned=delivered,
                        effect=effect,
                        evaluation_decision=decision,
                    )
            plan_services.plan_version_update(
                version=new,
                by=lead,
                long_term_goal=seed.long_term_goal,
                follow_up_on=self.moment(seed.next_follow_up_days_ago, 10).date(),
            )
            if seed.lead is not None:
                plan_services.plan_set_lead(
                    version=new,
                    by=lead,
                    lead=self.users[seed.lead],
                    lead_unit=self.user_units[seed.lead],
                    note=seed.lead_note,
                )
        with clock.frozen_clock(self.moment(seed.meeting.days_ago, 16, 30)):
            self.sign_off(new, seed.approved_by, by=lead, how=seed.agreement, note=seed.agreement_note)
        case.refresh_from_db()
        return new

    def record_consent(self, case: CoordinationCase, spec: CaseSeed, circle: Circle, convener: User, unit: Unit):
        valid_from = clock.today()
        if spec.consent_by_representative:
            given_by = ConsentGiver.REPRESENTATIVE
        elif circle.person.is_minor(valid_from):
            given_by = ConsentGiver.GUARDIANS
        else:
            given_by = ConsentGiver.INDIVIDUAL
        decision = ConsentDecision.REFUSED if spec.consent_refused else ConsentDecision.GIVEN
        return case_services.consent_record(
            case=case,
            by=convener,
            decision=decision,
            given_by=given_by,
            form=ConsentForm.ORAL if spec.consent_refused else ConsentForm.WRITTEN,
            valid_from=valid_from,
            units=[] if spec.consent_refused else [unit, *(self.units[key] for key in spec.consent_units)],
            guardians=circle.guardians if given_by == ConsentGiver.GUARDIANS else [],
            representative=circle.representative,
            related_persons=[] if spec.consent_refused else circle.related,
            information_scope="" if spec.consent_refused else SCOPE,
            exclusions=spec.exclusions,
            child_view=spec.child_view,
        )


def existing_demo_logins() -> list[Login]:
    """The demo users still in the database, for the reminder `make run` prints on later starts."""
    users = User.objects.filter(username__in=[seed.username for seed in USERS]).prefetch_related("memberships__unit")
    by_username = {user.username: user for user in users}
    logins = []
    for seed in USERS:
        user = by_username.get(seed.username)
        if user is None:
            continue
        membership = next(iter(user.memberships.all()), None)
        if membership is None:
            logins.append(Login(user.username, user.get_full_name(), "Superanvändare", "–"))
        else:
            logins.append(
                Login(user.username, user.get_full_name(), str(membership.get_role_display()), str(membership.unit))
            )
    return logins


@transaction.atomic
def seed_demo() -> SeedResult:
    """Create the demo data in one transaction; raises DemoDataExists if any principal exists."""
    if Principal.objects.exists():
        raise DemoDataExists
    return DemoSeeder(clock.today()).run()
