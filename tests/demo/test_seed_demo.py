"""`manage.py seed_demo`: a fictitious county to log in to, made through the services."""

import datetime
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from samordna.accounts.models import User
from samordna.audit.models import AuditEvent
from samordna.cases.models import (
    CaseActor,
    CloseReason,
    Consent,
    ConsentStatus,
    CoordinationCase,
    DischargeNotice,
    Step,
)
from samordna.cases.policies import visible_cases
from samordna.common import clock
from samordna.demo.seed import REGION, DemoSeeder, identity_number, luhn_check_digit
from samordna.meetings.models import Invitation, InvitationStatus, Meeting, MeetingKind, MeetingStatus, ProcedureCode
from samordna.organizations.models import ContactRoute, Membership, Principal, PrincipalKind, Role, Sector, Unit
from samordna.organizations.selectors import administered_principal_ids
from samordna.people.identity import parse_identity_number
from samordna.people.models import Guardian, Person, RelatedPerson, Representative
from samordna.plans.models import (
    Goal,
    Intervention,
    InterventionStatusUpdate,
    Plan,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    PrincipalApproval,
)

pytestmark = pytest.mark.django_db

MUNICIPALITIES = {
    "Arboga kommun",
    "Fagersta kommun",
    "Köpings kommun",
    "Sala kommun",
    "Skinnskattebergs kommun",
    "Västerås stad",
}
COUNTED_MODELS = (
    Principal,
    Unit,
    ContactRoute,
    Membership,
    User,
    Person,
    Guardian,
    Representative,
    RelatedPerson,
    CoordinationCase,
    CaseActor,
    Consent,
    Meeting,
    Invitation,
    Plan,
    PlanVersion,
    Goal,
    Intervention,
    AuditEvent,
)


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def test_it_creates_the_region_and_the_six_municipalities():
    seed()

    assert dict(Principal.objects.values_list("name", "kind")) == {
        "Region Västmanland": PrincipalKind.REGION,
        **dict.fromkeys(MUNICIPALITIES, PrincipalKind.MUNICIPALITY),
    }
    assert not Principal.objects.filter(routine_profile__isnull=False).exists()


def test_it_creates_the_units_of_the_routines_contact_list_and_the_extra_ones():
    seed()

    region_units = set(Unit.objects.filter(principal__name="Region Västmanland").values_list("name", flat=True))
    assert {"BUP, Köping", "Barn och ungdomshälsan, Fagersta", "Habiliteringscentrum, Västerås"} <= region_units
    assert set(Unit.objects.filter(principal__name="Region Västmanland").values_list("sector", flat=True)) == {
        Sector.HEALTH_CARE
    }
    for municipality in MUNICIPALITIES:
        assert Unit.objects.filter(principal__name=municipality, sector=Sector.SOCIAL_SERVICES).exists()
    schools = Unit.objects.filter(sector=Sector.SCHOOL)
    assert schools.count() == 3
    assert set(schools.values_list("principal__kind", flat=True)) == {PrincipalKind.MUNICIPALITY}
    ward = Unit.objects.get(is_inpatient_ward=True)
    assert ward.principal.kind == PrincipalKind.REGION
    assert Unit.objects.filter(name__startswith="Vårdcentralen", principal__kind=PrincipalKind.REGION).exists()
    assert Unit.objects.get(name="Psykiatrisk öppenvård, Västerås").is_regional_outpatient_care
    assert not Unit.objects.filter(contact_routes__isnull=True).exists()


def test_it_creates_about_twenty_cases_spread_over_the_steps():
    seed()

    cases = CoordinationCase.objects.all()
    assert 18 <= cases.count() <= 25
    # Every step but the bare SIP meeting: Maja's plan was begun at hers.
    assert set(cases.values_list("status", flat=True)) == set(Step.values) - {Step.MEETING}
    assert cases.filter(close_reason=CloseReason.GOALS_MET).count() == 1
    assert cases.filter(close_reason=CloseReason.CONSENT_WITHDRAWN).count() == 1
    assert Consent.objects.filter(status=ConsentStatus.WITHDRAWN).count() == 1
    assert Consent.objects.filter(status=ConsentStatus.REFUSED).count() == 1
    assert cases.exclude(assessment="").exists()
    assert CaseActor.objects.filter(left_at__isnull=False).exists()
    assert len({case.need_noticed_on for case in cases}) > 10


def case_of(first_name: str) -> CoordinationCase:
    return CoordinationCase.objects.select_related("person", "lead", "lead_unit").get(person__first_name=first_name)


def versions_of(case: CoordinationCase) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan__case=case).order_by("number"))


def principal_kinds(version: PlanVersion) -> set[str]:
    return set(version.interventions.values_list("unit__principal__kind", flat=True))


def test_liam_has_a_sip_meeting_called_that_bup_has_not_answered(client):
    seed()
    liam = case_of("Liam")

    meeting = Meeting.objects.get(case=liam)
    invitation = meeting.invitations.get()

    assert (meeting.kind, meeting.status) == (MeetingKind.SIP, MeetingStatus.SENT)
    assert meeting.starts_at > clock.now()
    assert liam.status == Step.INVITATION
    assert invitation.unit.name == "BUP, Köping"
    assert invitation.status == InvitationStatus.SENT and invitation.answered_at is None
    assert invitation.answer_due_on >= clock.today()
    assert meeting.participants.filter(kind="individual").exists()
    client.force_login(User.objects.get(username="bup"))
    page = client.get("/").content.decode()
    assert "Kallelser att besvara (1)" in page and liam.reference in page


def test_maja_has_a_held_meeting_and_a_draft_plan_by_two_principals():
    seed()
    maja = case_of("Maja")

    meeting = Meeting.objects.get(case=maja)
    (version,) = versions_of(maja)

    assert (meeting.status, meeting.procedure_code) == (MeetingStatus.HELD, ProcedureCode.ESTABLISHED)
    assert set(meeting.invitations.values_list("status", flat=True)) == {InvitationStatus.ACCEPTED}
    assert maja.status == Step.PLAN
    assert version.status == PlanStatus.DRAFT and version.meeting == meeting
    assert version.goals.filter(parent__isnull=True).count() == 2 and version.goals.count() == 3
    assert version.interventions.count() == 3
    assert principal_kinds(version) == {PrincipalKind.REGION, PrincipalKind.MUNICIPALITY}
    assert not version.approvals.exists() and not version.individual_agreement
    assert version.lead.username == "bup"


def test_alvas_plan_is_approved_by_both_principals_and_alva():
    seed()
    alva = case_of("Alva")

    (version,) = versions_of(alva)

    assert version.status == PlanStatus.APPROVED and alva.status == Step.ONGOING
    assert principal_kinds(version) == {PrincipalKind.REGION, PrincipalKind.MUNICIPALITY}
    assert set(version.approvals.values_list("principal__name", flat=True)) == {"Köpings kommun", REGION}
    assert version.individual_agreement and version.individual_agreed_on <= clock.today()
    assert version.lead.username == "skola" and alva.lead == version.lead
    assert version.follow_up_on > clock.today()
    assert version.goals.count() == 3 and version.interventions.count() == 3
    assert version.contacts.count() == 2
    assert InterventionStatusUpdate.objects.filter(intervention__version=version).count() == 2
    assert PlanEvent.objects.filter(case=alva, seen_by_lead_at__isnull=True).count() == 1


def test_nils_is_followed_up_into_version_2():
    seed()
    nils = case_of("Nils")

    first, second = versions_of(nils)
    sip, follow_up = Meeting.objects.filter(case=nils).order_by("starts_at")

    assert (sip.kind, sip.status, sip.procedure_code) == (
        MeetingKind.SIP,
        MeetingStatus.HELD,
        ProcedureCode.ESTABLISHED,
    )
    assert (follow_up.kind, follow_up.status, follow_up.procedure_code) == (
        MeetingKind.FOLLOW_UP,
        MeetingStatus.HELD,
        ProcedureCode.FOLLOW_UP,
    )
    assert first.status == PlanStatus.SUPERSEDED and first.meeting == sip
    assert second.status == PlanStatus.APPROVED and second.replaces == first and second.meeting == follow_up
    assert nils.status == Step.FOLLOW_UP
    assert first.long_term_goal != second.long_term_goal
    assert second.follow_up_on > clock.today()
    assert all(goal.carried_from_id for goal in second.goals.all())
    assert second.goals.exclude(evaluation="").count() == 2
    assert second.interventions.exclude(evaluation_decision="").count() == 3
    assert (first.lead.username, second.lead.username) == ("skola", "soc")
    assert second.lead_change_note
    assert set(second.approvals.values_list("principal__name", flat=True)) == {"Köpings kommun", REGION}


def test_skola_and_bup_share_every_case_that_has_come_to_a_meeting():
    seed()

    skola = set(visible_cases(User.objects.get(username="skola")))
    bup = set(visible_cases(User.objects.get(username="bup")))
    with_meetings = set(CoordinationCase.objects.filter(meetings__isnull=False).distinct())

    assert {case.person.first_name for case in with_meetings} == {"Liam", "Maja", "Alva", "Nils"}
    assert with_meetings <= skola & bup


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_loads_in_one_transaction(monkeypatch):
    """Committed for real here (not inside a test's transaction): a failure late in the story leaves nothing behind,
    and the whole demo, with its row locks, goes through in one transaction on SQLite and PostgreSQL alike."""

    def fail(*args, **kwargs):
        raise RuntimeError("late failure")

    with monkeypatch.context() as patch:
        patch.setattr(DemoSeeder, "follow_up", fail)
        with pytest.raises(RuntimeError):
            seed()
    assert all(count == 0 for count in counts().values()), counts()

    seed()

    assert CoordinationCase.objects.count() == 24
    assert PlanVersion.objects.filter(status=PlanStatus.APPROVED).count() == 2
    assert PrincipalApproval.objects.count() == 6


def test_the_discharge_case_is_convened_from_regional_outpatient_care():
    seed()

    notice = DischargeNotice.objects.get()

    assert notice.ward.is_inpatient_ward
    assert notice.case.convener_unit.is_regional_outpatient_care


def test_the_persons_circle_is_there():
    seed()

    minors = [person for person in Person.objects.all() if person.is_minor()]
    assert minors
    assert all(person.guardians.exists() for person in minors)
    assert Representative.objects.exists()
    assert RelatedPerson.objects.exists()
    assert Person.objects.filter(protected_identity=True).count() == 1


def test_every_identity_number_is_valid():
    seed()

    numbers = [*Person.objects.values_list("personal_identity_number", flat=True)]
    numbers += Guardian.objects.exclude(personal_identity_number="").values_list("personal_identity_number", flat=True)

    assert len(numbers) > 20
    assert {"191212121212", "201701012393"} <= set(numbers)
    for number in numbers:
        assert parse_identity_number(number).normalised == number


def test_all_email_addresses_are_at_example_org():
    seed()

    addresses = [
        *User.objects.values_list("email", flat=True),
        *Person.objects.exclude(email="").values_list("email", flat=True),
    ]
    for model in (Guardian, Representative, RelatedPerson, ContactRoute):
        addresses += model.objects.exclude(email="").values_list("email", flat=True)

    assert len(addresses) > 30
    assert [address for address in addresses if not address.endswith("@example.org")] == []


def test_skola_and_bup_share_several_cases():
    """A newcomer logging in as either demo user finds cases they work on together."""
    seed()

    skola = visible_cases(User.objects.get(username="skola"))
    bup = visible_cases(User.objects.get(username="bup"))

    assert len(set(skola) & set(bup)) >= 5


def test_the_local_administrator_administers_vasteras_stad_only():
    seed()

    admin = User.objects.get(username="admin.vasteras")

    assert admin.is_staff and not admin.is_superuser
    assert administered_principal_ids(admin) == {Principal.objects.get(name="Västerås stad").pk}
    assert not admin.memberships.exclude(role=Role.LOCAL_ADMIN).exists()
    assert User.objects.get(username="superadmin").is_superuser


def test_demo_users_log_in_with_the_printed_password():
    output = seed()

    password = re.search(r"Lösenord för alla demoanvändare: (\S+)", output).group(1)
    usernames = [line.split()[0] for line in output.splitlines()[3:] if line.strip()]

    assert password == "samordna-demo"
    assert {"skola", "skola.chef", "soc", "soc.chef", "bup", "bup.chef", "vc", "admin.vasteras", "superadmin"} <= set(
        usernames
    )
    assert set(usernames) == set(User.objects.values_list("username", flat=True))
    for username in usernames:
        assert authenticate(username=username, password=password) is not None, username


def test_a_second_run_with_if_empty_changes_nothing():
    seed()
    before = counts()

    output = seed("--if-empty")

    assert counts() == before
    assert "inga demodata skapades" in output
    assert "samordna-demo" in output
    assert "skola.chef" in output


def test_a_second_run_without_if_empty_refuses():
    seed()
    before = counts()

    with pytest.raises(CommandError):
        seed()

    assert counts() == before


def test_if_empty_seeds_an_empty_database():
    output = seed("--if-empty")

    assert "Demodata skapade" in output
    assert CoordinationCase.objects.exists()


def test_if_empty_leaves_a_database_with_a_principal_alone(municipality):
    seed("--if-empty")

    assert list(Principal.objects.all()) == [municipality]
    assert not User.objects.exists()


def test_the_check_digit_reproduces_skatteverkets_test_numbers():
    assert luhn_check_digit("121212121") == 2
    assert identity_number(datetime.date(1912, 12, 12), 121) == "19121212-1212"
    assert identity_number(datetime.date(2017, 1, 1), 239) == "20170101-2393"


def test_generated_numbers_are_the_same_on_every_run():
    first, second = DemoSeeder(datetime.date(2026, 11, 23)), DemoSeeder(datetime.date(2030, 1, 1))

    numbers = [first.new_identity_number((1940, 2015), female=index % 2 == 0) for index in range(20)]

    assert numbers == [second.new_identity_number((1940, 2015), female=index % 2 == 0) for index in range(20)]
    assert len(set(numbers)) == 20
    assert all(980 <= int(number[9:12]) <= 999 for number in numbers)
