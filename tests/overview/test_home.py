import datetime

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.people.models import Person
from tests.conftest import TODAY
from tests.factories import identity_number, sent_meeting

pytestmark = pytest.mark.django_db


def _open_cases(count, *, convener, school_unit, bup_unit):
    for index in range(count):
        person = Person.objects.create(
            personal_identity_number=identity_number(
                datetime.date(1980, 1, 1) + datetime.timedelta(days=index), 100 + index
            ),
            first_name="Demo",
            last_name=f"Nr{index}",
        )
        case = case_services.case_start(
            by=convener,
            person=person,
            unit=school_unit,
            initiator_kind=InitiatorKind.SCHOOL,
            need_noticed_on=TODAY - datetime.timedelta(days=index % 30),
        )
        if index % 2:
            case_services.consent_record(
                case=case,
                by=convener,
                decision=ConsentDecision.GIVEN,
                given_by=ConsentGiver.INDIVIDUAL,
                form=ConsentForm.ORAL,
                valid_from=TODAY,
                units=[school_unit, bup_unit],
            )
            sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)


def test_anonymous_visitor_is_sent_to_login(client):
    """The start page asks for login before showing anything."""
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def test_overview_lists_my_cases_with_step_and_deadline(client, convener, case):
    """The convener sees the case, its step and the meeting deadline three weeks after the need."""
    client.force_login(convener)
    response = client.get(reverse("overview:home"))
    content = response.content.decode()
    assert case.reference in content
    assert "Behov" in content
    assert (case.need_noticed_on + datetime.timedelta(days=21)).isoformat() in content


def test_overview_hides_other_units_cases(client, outsider, case):
    """An outsider's overview does not list a case their unit has no part in."""
    client.force_login(outsider)
    assert case.reference not in client.get(reverse("overview:home")).content.decode()


def test_overview_logs_one_read_per_case_shown(client, convener, case):
    """Each case shown in the list is a read of that person's data in the audit log."""
    client.force_login(convener)
    client.get(reverse("overview:home"))
    assert AuditEvent.objects.filter(action="read", person_id=case.person_id, summary="overview").count() == 1


@pytest.mark.parametrize("count", [5, 50])
def test_overview_query_count_does_not_grow_with_cases(
    client, convener, school_unit, bup_unit, profile, count, django_assert_num_queries
):
    """The overview costs the same number of queries with 5 as with 50 cases."""
    _open_cases(count, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)
    client.get(reverse("overview:home"))  # warm the session
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("overview:home"))
    assert response.content.decode().count("SIP-2026-") >= count


OVERVIEW_QUERIES = 14  # +1: the unread count of the notification bell


def test_invited_unit_sees_the_invitation_to_answer_with_its_due_date(client, actor_staff, consented_case, convener):
    """BUP's staff find the unanswered invitation at the top of their overview, with the answer's due date."""
    from samordna.organizations.models import Unit

    bup_unit = Unit.objects.get(name="BUP Test")
    sent_meeting(consented_case, convener=convener, school_unit=consented_case.convener_unit, bup_unit=bup_unit)
    client.force_login(actor_staff)
    content = client.get(reverse("overview:home")).content.decode()
    assert "Kallelser att besvara (1)" in content
    assert "Svar senast 2026-11-24" in content
