"""An auditor searches their principal's log by person, user, unit and period, and sees which reads
were made by users whose unit took no part in the person's cases at the time."""

import datetime
import re

import pytest
from django.urls import reverse

from samordna.audit.models import AuditAction, AuditEvent
from samordna.audit.services import audit_read, audit_record
from samordna.cases import services as case_services
from samordna.common import clock
from samordna.logreview.forms import PERIOD_REVERSED
from samordna.logreview.selectors import LOG_REVIEW_OBJECT_TYPE, LogSearch, log_search
from samordna.logreview.views import SEARCH_SESSION_KEY, UNKNOWN_PERSON
from samordna.organizations.models import Membership, Principal, PrincipalKind, Role, Sector, Unit
from samordna.people.models import Person
from tests.conftest import make_user
from tests.logreview.conftest import moment, read_at

pytestmark = pytest.mark.django_db

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def search(client, **criteria):
    """Post a search and follow the redirect to the first page of results."""
    response = client.post(reverse("logreview:search"), {**NOVEMBER, **criteria})
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"])


def shown(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list) if response.context["page"] is not None else []


def search_rows(principal_ids, **criteria):
    criteria = {"date_from": datetime.date(2026, 11, 1), "date_to": datetime.date(2026, 11, 30), **criteria}
    return list(log_search(principal_ids=principal_ids, search=LogSearch(**criteria)))


@pytest.fixture
def other_county_case(profile):
    """A case wholly inside another principal, about a person the auditor's principal has nothing to do with."""
    elsewhere = Principal.objects.create(name="Annan kommun", kind=PrincipalKind.MUNICIPALITY)
    unit = Unit.objects.create(principal=elsewhere, name="Annan skola", sector=Sector.SCHOOL)
    staff = make_user(unit, username="annanpersonal")
    person = Person.objects.create(personal_identity_number="201701012393", first_name="Nova", last_name="Annan")
    case = case_services.case_start(
        by=staff,
        person=person,
        unit=unit,
        initiator_kind="school",
        need_noticed_on=clock.today(),
        need_description="Annat ärende.",
    )
    return case, staff


class TestSearchingByPerson:
    def test_the_auditor_finds_every_access_to_the_person(self, client, auditor, consented_case, convener, adult):
        read_at(moment(20), user=convener, person=adult)
        client.force_login(auditor)

        response = search(client, personal_identity_number="19121212-1212")

        assert {event.summary for event in shown(response)} >= {"person_detail"}
        assert all(event.person_id == adult.pk for event in shown(response))
        assert "Tolvan Tolvansson" in response.content.decode()

    def test_the_identity_number_never_appears_in_a_url(self, client, auditor, consented_case, convener, adult):
        for minute in range(55):
            read_at(moment(20) + datetime.timedelta(minutes=minute), user=convener, person=adult)
        client.force_login(auditor)

        response = client.post(reverse("logreview:search"), {**NOVEMBER, "personal_identity_number": "191212121212"})
        page = client.get(response["Location"]).content.decode()

        assert "1212" not in response["Location"]
        links = re.findall(r'(?:href|action)="([^"]*)"', page)
        assert any("sida=2" in link for link in links), "the results have a second page"
        assert not [link for link in links if "1212" in link]

    def test_an_invalid_number_is_refused_with_the_usual_message(self, client, auditor):
        client.force_login(auditor)

        response = client.post(reverse("logreview:search"), {**NOVEMBER, "personal_identity_number": "19121212-1213"})

        assert response.status_code == 200
        assert "Ogiltigt personnummer eller samordningsnummer" in response.content.decode()
        assert response.context["page"] is None

    def test_an_unknown_person_is_said_so(self, client, auditor, db):
        client.force_login(auditor)

        response = client.post(reverse("logreview:search"), {**NOVEMBER, "personal_identity_number": "201701012393"})

        assert str(UNKNOWN_PERSON) in response.content.decode()

    def test_the_search_itself_is_logged_without_the_number(self, client, auditor, consented_case, adult):
        client.force_login(auditor)

        search(client, personal_identity_number="19121212-1212")

        logged = AuditEvent.objects.filter(user=auditor, object_type=LOG_REVIEW_OBJECT_TYPE)
        search_event = logged.get(summary__startswith="audit_log_search")
        assert (search_event.action, search_event.person_id) == (AuditAction.READ, adult.pk)
        assert "1212" not in search_event.summary
        assert logged.filter(summary="audit_log_results", person_id=adult.pk).exists()


class TestScope:
    def test_events_of_another_principal_about_its_own_people_are_not_shown(
        self, client, auditor, other_county_case, convener, adult
    ):
        other_case, other_staff = other_county_case
        read_at(moment(20), user=other_staff, person=other_case.person)
        read_at(moment(20), user=convener, person=adult)

        rows = search_rows({auditor.memberships.get().unit.principal_id})

        assert {row.username for row in rows} == {"convener"}

    def test_other_principals_reading_our_peoples_data_are_shown(self, auditor, consented_case, actor_staff, adult):
        """BUP belongs to the region; the school's municipality reviews what BUP read about its pupil."""
        read_at(moment(23, 11), user=actor_staff, person=adult)

        rows = search_rows({auditor.memberships.get().unit.principal_id}, username="actorstaff")

        assert [(row.username, row.principal_name) for row in rows] == [("actorstaff", "Region Test")]

    def test_the_auditor_of_another_principal_sees_none_of_it(self, consented_case, convener, adult):
        elsewhere = Principal.objects.create(name="Tredje kommunen", kind=PrincipalKind.MUNICIPALITY)
        read_at(moment(20), user=convener, person=adult)

        assert search_rows({elsewhere.pk}) == []


class TestFilters:
    def test_by_user_unit_period_and_action(self, auditor, consented_case, convener, manager, social_unit, adult):
        principal = {auditor.memberships.get().unit.principal_id}
        social = make_user(social_unit, username="socialsekreterare")
        read_at(moment(2), user=convener, person=adult)
        read_at(moment(20), user=manager, person=adult)
        read_at(moment(21), user=social, person=adult)
        with clock.frozen_clock(moment(22)):
            audit_record(user=convener, action=AuditAction.UPDATE, obj=adult, person_id=adult.pk)

        assert {r.username for r in search_rows(principal, username="MANAGER")} == {"manager"}
        assert {r.username for r in search_rows(principal, unit_id=social_unit.pk)} == {"socialsekreterare"}
        in_period = search_rows(principal, date_from=datetime.date(2026, 11, 20), date_to=datetime.date(2026, 11, 21))
        assert {r.username for r in in_period} == {"manager", "socialsekreterare"}
        assert [r.action for r in search_rows(principal, action="update")] == ["update"]

    def test_a_period_ending_before_it_starts_is_refused(self, client, auditor):
        client.force_login(auditor)

        response = client.post(reverse("logreview:search"), {"date_from": "2026-11-20", "date_to": "2026-11-01"})

        assert str(PERIOD_REVERSED) in response.content.decode()

    def test_the_unit_choices_are_the_auditors_own_principals(
        self, client, auditor, school_unit, social_unit, bup_unit
    ):
        client.force_login(auditor)

        units = set(client.get(reverse("logreview:search")).context["form"].fields["unit"].queryset)

        assert units == {school_unit, social_unit}

    def test_a_new_search_can_be_cleared(self, client, auditor, consented_case):
        client.force_login(auditor)
        search(client)

        client.post(reverse("logreview:search"), {"reset": "1"})

        assert client.get(reverse("logreview:search")).context["page"] is None

    def test_a_search_left_in_the_session_by_an_older_version_starts_over(self, client, auditor):
        client.force_login(auditor)
        session = client.session
        session[SEARCH_SESSION_KEY] = {"date_from": "2026-11-01", "period": "old"}
        session.save()

        response = client.get(reverse("logreview:search"))

        assert response.status_code == 200
        assert response.context["page"] is None


class TestOutsideTheCase:
    """A read is flagged when the reader's unit was not taking part in any of the person's cases then."""

    def flags(self, auditor) -> dict[str, bool]:
        rows = search_rows({auditor.memberships.get().unit.principal_id})
        return {row.summary: row.outside_case for row in rows if row.object_type == "people.person"}

    def test_reads_by_the_convener_and_an_actor_are_not_flagged(self, auditor, consented_case, convener, actor_staff):
        read_at(clock.now(), user=convener, person=consented_case.person, summary="convener")
        read_at(clock.now(), user=actor_staff, person=consented_case.person, summary="actor")

        assert self.flags(auditor) == {"convener": False, "actor": False}

    def test_a_user_in_two_units_reading_through_the_actor_unit_is_not_flagged(
        self, auditor, consented_case, social_unit, bup_unit
    ):
        """Logged under the unit that takes part in the case, not under the user's older other unit."""
        both = make_user(social_unit, username="tvaenheter")
        Membership.objects.create(user=both, unit=bup_unit, role=Role.STAFF)
        read_at(clock.now(), user=both, person=consented_case.person, summary="through BUP")

        assert self.flags(auditor) == {"through BUP": False}

    def test_a_read_by_an_unrelated_unit_is_flagged(self, auditor, consented_case, outsider):
        read_at(clock.now(), user=outsider, person=consented_case.person, summary="outsider")

        assert self.flags(auditor) == {"outsider": True}

    def test_a_read_before_the_unit_joined_or_after_it_left_is_flagged(
        self, auditor, consented_case, convener, actor_staff, bup_unit
    ):
        """The consented case's fixture adds BUP as an actor at 12:00."""
        case = consented_case
        actor = case.actors.get(unit=bup_unit)
        assert actor.joined_at == moment(23, 12)
        read_at(moment(23, 9), user=actor_staff, person=case.person, summary="before")
        read_at(moment(23, 13), user=actor_staff, person=case.person, summary="during")
        with clock.frozen_clock(moment(23, 14)):
            case_services.case_leave_actor(actor=actor, by=convener, note="Klart")
        read_at(moment(23, 15), user=actor_staff, person=case.person, summary="after")

        assert self.flags(auditor) == {"before": True, "during": False, "after": True}

    def test_a_read_of_a_case_counts_only_that_case(self, auditor, consented_case, social_unit, actor_staff):
        """BUP takes part in the school's case, not in social services' case about the same person."""
        social = make_user(social_unit, username="socialsekreterare")
        other = case_services.case_start(
            by=social,
            person=consented_case.person,
            unit=social_unit,
            initiator_kind="social_services",
            need_noticed_on=clock.today(),
            need_description="Annat behov.",
        )
        with clock.frozen_clock(moment(23, 13)):
            audit_read(user=actor_staff, obj=consented_case, person_id=consented_case.person_id, summary="own case")
            audit_read(user=actor_staff, obj=other, person_id=other.person_id, summary="other case")
            audit_read(user=actor_staff, obj=other.person, person_id=other.person_id, summary="person page")

        rows = search_rows({auditor.memberships.get().unit.principal_id}, username="actorstaff")

        assert {row.summary: row.outside_case for row in rows} == {
            "own case": False,
            "other case": True,
            "person page": False,
        }

    def test_changes_and_the_auditors_own_reads_are_not_flagged(self, client, auditor, consented_case, outsider):
        with clock.frozen_clock(moment(23, 11)):
            audit_record(user=outsider, action=AuditAction.UPDATE, obj=consented_case.person, person_id=1)
        client.force_login(auditor)
        search(client, personal_identity_number="19121212-1212")

        rows = search_rows({auditor.memberships.get().unit.principal_id})
        assert not any(row.outside_case for row in rows)

    def test_the_page_shows_the_flag_in_words(self, client, auditor, consented_case, outsider):
        read_at(moment(23, 11), user=outsider, person=consented_case.person)
        client.force_login(auditor)

        response = search(client, outside_only="on")

        assert [event.username for event in shown(response)] == ["outsider"]
        assert "Utanför användarens ärenden" in response.content.decode()


class TestPagesAndExport:
    def test_results_are_paged_fifty_at_a_time(self, client, auditor, consented_case, school_unit, adult):
        reader = make_user(school_unit, username="lasare")
        for minute in range(60):
            read_at(moment(20) + datetime.timedelta(minutes=minute), user=reader, person=adult)
        client.force_login(auditor)

        first = search(client, username="lasare")
        second = client.get(reverse("logreview:search"), {"sida": 2})

        assert len(shown(first)) == 50
        assert len(shown(second)) == 10
        assert shown(first)[0].at > shown(second)[0].at

    def test_the_export_holds_the_results_and_is_logged(self, client, auditor, consented_case, outsider, adult):
        read_at(moment(23, 11), user=outsider, person=adult)
        client.force_login(auditor)
        search(client, personal_identity_number="19121212-1212")

        response = client.get(reverse("logreview:export"))

        assert response["Content-Type"] == "text/csv"
        assert response["Cache-Control"] == "no-store"
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Tidpunkt;Användarnamn;Användare;Enhet;Huvudman;Händelse")
        outsider_line = next(line for line in lines if line.split(";")[1] == "outsider")
        assert outsider_line.endswith(";ja")
        assert "Vårdcentralen Annanstans;Region Test;Läsning" in outsider_line
        assert "19121212-1212;Tolvan Tolvansson" in outsider_line
        export = AuditEvent.objects.get(action=AuditAction.EXPORT, user=auditor)
        assert (export.object_type, export.person_id) == (LOG_REVIEW_OBJECT_TYPE, adult.pk)
        assert export.summary.startswith("audit_log_export csv 2026-11-01..2026-11-30")

    def test_exporting_without_a_search_leads_back_to_the_form(self, client, auditor):
        client.force_login(auditor)

        response = client.get(reverse("logreview:export"))

        assert response.status_code == 302
        assert response["Location"] == reverse("logreview:search")
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_a_cell_that_looks_like_a_formula_is_neutralised(self, client, auditor, consented_case, convener, adult):
        with clock.frozen_clock(moment(23, 11)):
            audit_record(user=convener, action=AuditAction.READ, obj=adult, person_id=adult.pk, summary="=HYPERLINK()")
        client.force_login(auditor)
        search(client)

        content = b"".join(client.get(reverse("logreview:export")).streaming_content).decode("utf-8-sig")

        assert ";'=HYPERLINK();" in content


# Session, user, the auditor's principals, the unit choices, the count, the page's rows (person and flag
# included), the log of the persons shown.
SEARCH_PAGE_QUERIES = 10  # with the bell's unread count, the auditor's memberships and the persons' case units


@pytest.mark.parametrize("count", [3, 30])
def test_the_result_page_costs_the_same_queries_however_many_events(
    client, auditor, consented_case, school_unit, adult, child, count, django_assert_num_queries
):
    reader = make_user(school_unit, username="lasare")
    for minute in range(count):
        read_at(moment(20) + datetime.timedelta(minutes=minute), user=reader, person=adult if minute % 3 else child)
    client.force_login(auditor)
    client.post(reverse("logreview:search"), {**NOVEMBER, "username": "lasare"})

    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = client.get(reverse("logreview:search"))

    assert len(shown(response)) == count
