"""Principals, units and staff of a scale set: per county one region and its municipalities, about fifty units
over social services, health care (BUP, psychiatry, primary care, wards) and school, and staff in proportion
to the cases. The first county is Västmanland; in the national set the other twenty are numbered."""

import datetime
import random
from dataclasses import dataclass, field

from samordna.accounts.models import User
from samordna.demo.scale.names import FIRST_NAMES, LAST_NAMES, ascii_name, email_address, fictional_phone
from samordna.demo.scale.sizes import ScaleSize
from samordna.demo.scale.writer import RowWriter
from samordna.organizations.models import ContactRoute, Membership, Principal, PrincipalKind, Role, Sector, Unit

HEALTH, SOCIAL, SCHOOL = Sector.HEALTH_CARE, Sector.SOCIAL_SERVICES, Sector.SCHOOL
VASTMANLAND = (
    "Region Västmanland",
    (
        "Västerås stad", "Arboga kommun", "Fagersta kommun", "Hallstahammars kommun", "Heby kommun",
        "Kungsörs kommun", "Köpings kommun", "Norbergs kommun", "Sala kommun", "Surahammars kommun",
        "Skinnskattebergs kommun",
    ),
)  # fmt: skip
# (name, sector, inpatient ward, share of the county's cases it convenes or joins)
REGION_UNITS = (
    ("BUP, {site}", HEALTH, False, 3.0),
    ("Vuxenpsykiatrin, {site}", HEALTH, False, 2.5),
    ("Vårdcentralen {site}", HEALTH, False, 1.5),
    ("Habiliteringscentrum, {site}", HEALTH, False, 1.0),
)
REGION_COUNTY_UNITS = (
    ("Beroendecentrum", HEALTH, False, 1.5),
    ("Vårdcentralen Centrum", HEALTH, False, 1.5),
    ("Vårdcentralen Norr", HEALTH, False, 1.2),
    ("Avdelning 71, psykiatrisk heldygnsvård", HEALTH, True, 0.8),
    ("Medicinavdelning 3", HEALTH, True, 0.8),
    ("Geriatriska avdelningen", HEALTH, True, 0.6),
    ("Barn- och ungdomsavdelningen", HEALTH, True, 0.5),
)
LARGE_MUNICIPALITY_UNITS = (
    ("Socialtjänsten IFO barn och unga", SOCIAL, 4.0),
    ("Socialtjänsten IFO vuxen", SOCIAL, 3.0),
    ("Funktionsstöd LSS", SOCIAL, 1.5),
    ("Elevhälsan grundskola", SCHOOL, 2.5),
    ("Elevhälsan gymnasiet", SCHOOL, 1.5),
    ("Kommunal hälso- och sjukvård", HEALTH, 1.0),
)
MUNICIPALITY_UNITS = (
    ("Socialtjänsten IFO", SOCIAL, 1.0),
    ("Elevhälsan", SCHOOL, 0.7),
)
SMALL_EXTRA_UNIT = ("Funktionsstöd", SOCIAL, 0.4)
MANAGER_SHARE = 0.08
COORDINATORS_PER_COUNTY = 3
BUSY_UNIT_NAME = "Socialtjänsten IFO barn och unga"
SMALL_UNIT_NAME = "Elevhälsan"


@dataclass
class UnitInfo:
    id: int
    name: str
    sector: str
    principal_id: int
    principal_name: str
    county: int
    municipality: int | None  # index among the county's municipalities; None for the region
    weight: float
    is_ward: bool
    staff: list[int] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)

    @property
    def is_outpatient_region_care(self) -> bool:
        return self.municipality is None and self.sector == HEALTH and not self.is_ward


@dataclass
class County:
    index: int
    region_units: list[UnitInfo] = field(default_factory=list)
    municipal_units: list[list[UnitInfo]] = field(default_factory=list)

    @property
    def units(self) -> list[UnitInfo]:
        return self.region_units + [unit for units in self.municipal_units for unit in units]


@dataclass
class Organisation:
    """What the case generator needs to know about the loaded organisations."""

    counties: list[County]
    units: dict[int, UnitInfo]
    usernames: dict[int, str]
    user_unit: dict[int, int]
    busy_unit: UnitInfo
    small_unit: UnitInfo
    personas: dict[str, int]
    local_admins: dict[int, int]  # principal id -> user id


def county_names(*, size: ScaleSize) -> list[tuple[str, tuple[str, ...]]]:
    """Västmanland first; in the national set twenty more counties share the remaining municipalities."""
    counties = [VASTMANLAND]
    remaining = size.municipalities - len(VASTMANLAND[1])
    others = size.regions - 1
    for index in range(others):
        share = remaining // others + (1 if index < remaining % others else 0)
        number = index + 2
        counties.append((f"Region Län {number:02d}", tuple(f"Kommun {number:02d}-{m + 1:02d}" for m in range(share))))
    return counties


class OrganisationBuilder:
    """Builds the rows of principals, units, contact routes, users and memberships, in that order."""

    def __init__(self, *, size: ScaleSize, rng: random.Random, writer: RowWriter, moment: datetime.datetime) -> None:
        self.size, self.rng, self.writer, self.moment = size, rng, writer, moment
        self.units: dict[int, UnitInfo] = {}
        self.counties: list[County] = []
        self.principals: list[tuple] = []
        self.user_rows: list[tuple] = []
        self.membership_rows: list[tuple] = []
        self.usernames: dict[int, str] = {}
        self.user_unit: dict[int, int] = {}
        self.local_admins: dict[int, int] = {}

    def build(self, *, password_hash: str, personas: tuple[tuple[str, str, str, str], ...]) -> Organisation:
        self.password_hash = password_hash
        for index, (region_name, municipalities) in enumerate(county_names(size=self.size)):
            self._county(index=index, region_name=region_name, municipalities=municipalities)
        self._staff()
        persona_ids = self._personas(personas)
        self._write()
        first = self.counties[0]
        return Organisation(
            counties=self.counties,
            units=self.units,
            usernames=self.usernames,
            user_unit=self.user_unit,
            busy_unit=self._unit_named(first.municipal_units[0], BUSY_UNIT_NAME),
            small_unit=self._unit_named(first.municipal_units[-1], SMALL_UNIT_NAME),
            personas=persona_ids,
            local_admins=self.local_admins,
        )

    @staticmethod
    def _unit_named(units: list[UnitInfo], name: str) -> UnitInfo:
        return next(unit for unit in units if unit.name == name)

    def _principal(self, *, name: str, kind: str) -> int:
        principal_id = len(self.principals) + 1
        self.principals.append((principal_id, name, kind, self.moment, self.moment))
        return principal_id

    def _unit(self, *, county: County, principal: tuple[int, str], spec: tuple, municipality: int | None) -> UnitInfo:
        name, sector, is_ward, weight = spec
        unit = UnitInfo(
            id=len(self.units) + 1,
            name=name,
            sector=sector,
            principal_id=principal[0],
            principal_name=principal[1],
            county=county.index,
            municipality=municipality,
            weight=weight,
            is_ward=is_ward,
        )
        self.units[unit.id] = unit
        return unit

    def _county(self, *, index: int, region_name: str, municipalities: tuple[str, ...]) -> None:
        county = County(index=index)
        region = (self._principal(name=region_name, kind=PrincipalKind.REGION), region_name)
        sites = [name.removesuffix(" kommun").removesuffix(" stad") for name in municipalities[:3]]
        for template, sector, is_ward, weight in REGION_UNITS:
            for site in sites:
                spec = (template.format(site=site), sector, is_ward, weight)
                county.region_units.append(self._unit(county=county, principal=region, spec=spec, municipality=None))
        for spec in REGION_COUNTY_UNITS:
            county.region_units.append(self._unit(county=county, principal=region, spec=spec, municipality=None))
        for number, name in enumerate(municipalities):
            principal = (self._principal(name=name, kind=PrincipalKind.MUNICIPALITY), name)
            if number == 0:
                specs = [(unit_name, sector, False, weight) for unit_name, sector, weight in LARGE_MUNICIPALITY_UNITS]
            else:
                specs = [(unit_name, sector, False, weight) for unit_name, sector, weight in MUNICIPALITY_UNITS]
                if number % 2:
                    specs.append((SMALL_EXTRA_UNIT[0], SMALL_EXTRA_UNIT[1], False, SMALL_EXTRA_UNIT[2]))
            county.municipal_units.append(
                [self._unit(county=county, principal=principal, spec=spec, municipality=number) for spec in specs]
            )
        self.counties.append(county)

    def _user(self, *, unit: UnitInfo, role: str, username: str | None = None, title: str = "") -> int:
        user_id = len(self.user_rows) + 1
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        username = username or f"{ascii_name(first)}.{ascii_name(last)}.{user_id}"
        email = email_address(first_name=first, last_name=last, serial=user_id)
        title = title or {Role.MANAGER: "Enhetschef", Role.STAFF: "Handläggare"}.get(role, str(Role(role).label))
        phone = fictional_phone(rng=self.rng)
        self.user_rows.append(
            (user_id, self.password_hash, username, first, last, email, self.moment, title, phone, True)
        )
        self.membership_rows.append((len(self.membership_rows) + 1, user_id, unit.id, role, self.moment, self.moment))
        self.usernames[user_id] = username
        self.user_unit.setdefault(user_id, unit.id)
        if role == Role.STAFF:
            unit.staff.append(user_id)
        elif role == Role.MANAGER:
            unit.managers.append(user_id)
        return user_id

    def _staff(self) -> None:
        """Staff in proportion to each unit's share of the cases, at least two per unit, and a few managers;
        a local administrator per principal and the county coordinators."""
        units = list(self.units.values())
        total_weight = sum(unit.weight for unit in units)
        for unit in units:
            headcount = max(3, round(self.size.staff * unit.weight / total_weight))
            managers = max(1, round(headcount * MANAGER_SHARE))
            for _manager in range(managers):
                self._user(unit=unit, role=Role.MANAGER)
            for _staff in range(headcount - managers):
                self._user(unit=unit, role=Role.STAFF)
        for unit in units:
            if unit.principal_id not in self.local_admins:
                self.local_admins[unit.principal_id] = self._user(unit=unit, role=Role.LOCAL_ADMIN)
        for county in self.counties:
            for _coordinator in range(COORDINATORS_PER_COUNTY):
                self._user(unit=county.region_units[0], role=Role.COUNTY_COORDINATOR, title="Länssamordnare SIP")

    def _personas(self, personas: tuple[tuple[str, str, str, str], ...]) -> dict[str, int]:
        """The fixed accounts the benchmark logs in as: (username, where, role, title)."""
        first = self.counties[0]
        places = {
            "busy": self._unit_named(first.municipal_units[0], BUSY_UNIT_NAME),
            "small": self._unit_named(first.municipal_units[-1], SMALL_UNIT_NAME),
            "region": first.region_units[0],
        }
        ids = {}
        for username, place, role, title in personas:
            ids[username] = self._user(unit=places[place], role=role, username=username, title=title)
        return ids

    def _write(self) -> None:
        writer = self.writer
        writer.register(Principal, ("id", "name", "kind", "created_at", "updated_at"))
        writer.write(Principal, self.principals)
        names = ("id", "principal_id", "name", "sector", "is_inpatient_ward", "created_at", "updated_at")
        writer.register(Unit, names)
        writer.write(
            Unit,
            (
                (unit.id, unit.principal_id, unit.name, unit.sector, unit.is_ward, self.moment, self.moment)
                for unit in self.units.values()
            ),
        )
        writer.register(ContactRoute, ("id", "unit_id", "label", "email", "phone", "created_at", "updated_at"))
        writer.write(
            ContactRoute,
            (
                (
                    unit.id,
                    unit.id,
                    "SIP-ärenden",
                    f"sip.{unit.id}@example.org",
                    fictional_phone(rng=self.rng),
                    self.moment,
                    self.moment,
                )
                for unit in self.units.values()
            ),
        )
        user_names = (
            "id", "password", "username", "first_name", "last_name", "email", "date_joined", "title", "phone",
            "is_active",
        )  # fmt: skip
        writer.register(User, user_names)
        writer.write(User, self.user_rows)
        writer.register(Membership, ("id", "user_id", "unit_id", "role", "created_at", "updated_at"))
        writer.write(Membership, self.membership_rows)
