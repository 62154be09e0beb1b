import datetime
import math

import pytest
from django.db import connection
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import ConsentDecision, ConsentForm, ConsentGiver, CoordinationCase, InitiatorKind
from samordna.overview.selectors import GROUP_SHOWN, OPEN_CASES_PER_PAGE
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


def test_the_open_cases_are_shown_a_page_at_a_time_by_next_deadline(client, convener, school_unit, bup_unit):
    _open_cases(OPEN_CASES_PER_PAGE + 5, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)

    first = client.get(reverse("overview:home")).content.decode()
    second = client.get(reverse("overview:home"), {"sida": 2}).content.decode()

    first, second = first[first.index('id="open-heading"') :], second[second.index('id="open-heading"') :]
    assert first.count("SIP-2026-") == OPEN_CASES_PER_PAGE and second.count("SIP-2026-") == 5
    assert "Sida 1 av 2" in first and "?sida=2" in first and "Sida 2 av 2" in second
    dates = [line.split("senast ")[1][:10] for line in first.splitlines() if "SIP-möte senast" in line]
    assert dates == sorted(dates)


def test_the_page_keeps_the_filter(client, convener, school_unit, bup_unit):
    _open_cases(OPEN_CASES_PER_PAGE + 5, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)

    content = client.get(reverse("overview:home"), {"unit": school_unit.pk}).content.decode()

    assert f"unit={school_unit.pk}&amp;sida=2" in content


def test_a_group_shows_its_first_items_and_all_of_them_when_opened(client, convener, school_unit, bup_unit):
    _open_cases(GROUP_SHOWN + 2, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)

    closed = client.get(reverse("overview:home")).content.decode()
    opened = client.get(reverse("overview:home"), {"grupp": "call_meeting"}).content.decode()

    def group(content):
        return content[content.index('id="group-call_meeting"') : content.index('id="open-heading"')]

    assert f"Möten att kalla till ({GROUP_SHOWN + 2})" in closed
    assert group(closed).count("SIP-2026-") == GROUP_SHOWN and f"Visa alla {GROUP_SHOWN + 2}" in closed
    assert group(opened).count("SIP-2026-") == GROUP_SHOWN + 2 and "Visa färre" in opened


def test_only_the_cases_shown_are_logged_as_read(client, convener, school_unit, bup_unit):
    _open_cases(OPEN_CASES_PER_PAGE + 5, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)
    content = client.get(reverse("overview:home")).content.decode()

    logged = set(AuditEvent.objects.filter(summary="overview").values_list("object_id", flat=True))
    shown = {case.pk for case in CoordinationCase.objects.all() if case.reference in content}
    assert logged == {str(pk) for pk in shown} and len(shown) < OPEN_CASES_PER_PAGE + 5


@pytest.mark.parametrize("count", [10, 200])
def test_overview_query_count_does_not_grow_with_cases(
    client, convener, school_unit, bup_unit, profile, count, django_assert_num_queries
):
    """The overview costs the same number of queries with 10 as with 200 cases: it shows a page of them."""
    _open_cases(count, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)
    client.get(reverse("overview:home"))  # warm the session
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("overview:home"))
    content = response.content.decode()
    assert f"Pågående ärenden ({count})" in content
    open_cases = content[content.index('id="open-heading"') :]
    assert open_cases.count("SIP-2026-") == min(count, OPEN_CASES_PER_PAGE)


OVERVIEW_QUERIES = 17  # the open case ids once, the bell's unread count, the page's count; the audit reuses memberships


def audit_insert_queries(rows: int) -> int:
    """Inserts it takes to log `rows` reads in one bulk_create: one on PostgreSQL; SQLite splits a large insert
    into batches by its limit on query parameters. That is the database's limit, not a query per case."""
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    return math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))


def test_invited_unit_sees_the_invitation_to_answer_with_its_due_date(client, actor_staff, consented_case, convener):
    """BUP's staff find the unanswered invitation at the top of their overview, with the answer's due date."""
    from samordna.organizations.models import Unit

    bup_unit = Unit.objects.get(name="BUP Test")
    sent_meeting(consented_case, convener=convener, school_unit=consented_case.convener_unit, bup_unit=bup_unit)
    client.force_login(actor_staff)
    content = client.get(reverse("overview:home")).content.decode()
    assert "Kallelser att besvara (1)" in content
    assert "Svar senast 2026-11-24" in content


def _section(content: str, heading_id: str) -> str:
    """The HTML of the work group whose heading has `heading_id` (up to the next group)."""
    start = content.index(f'id="{heading_id}"')
    end = content.find('class="work-group"', start)
    return content[start : end if end != -1 else len(content)]


def test_new_case_is_listed_under_call_a_meeting_with_its_due_date(client, convener, case):
    """My overview groups the work by what I must do next; a new case waits for its SIP meeting."""
    client.force_login(convener)
    content = client.get(reverse("overview:home")).content.decode()
    group = _section(content, "group-call_meeting")
    assert "Möten att kalla till (1)" in group
    assert case.reference in group
    assert case.meeting_due_on.isoformat() in group
    assert "<caption" in group and '<h3 id="group-call_meeting"' in content


def test_invited_unit_answers_and_the_convener_does_not(client, convener, actor_staff, consented_case, school_unit):
    """The invitation is BUP's to answer: it is in BUP's group, not in the convener's."""
    from samordna.organizations.models import Unit

    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=Unit.objects.get(name="BUP Test"))
    client.force_login(convener)
    assert 'id="group-answer_invitation"' not in client.get(reverse("overview:home")).content.decode()
    client.force_login(actor_staff)
    assert 'id="group-answer_invitation"' in client.get(reverse("overview:home")).content.decode()


def test_an_unanswered_invitation_is_marked_overdue_after_its_due_working_day(
    client, convener, actor_staff, consented_case, school_unit
):
    """Sent on Monday with one working day: on Tuesday it is due, on Wednesday overdue (no sleeping: the clock
    is fixed)."""
    from samordna.common import clock
    from samordna.organizations.models import Unit

    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=Unit.objects.get(name="BUP Test"))
    client.force_login(actor_staff)
    with clock.frozen_clock(TODAY + datetime.timedelta(days=1)):
        group = _section(client.get(reverse("overview:home")).content.decode(), "group-answer_invitation")
        assert "Försenad" not in group
    with clock.frozen_clock(TODAY + datetime.timedelta(days=2)):
        group = _section(client.get(reverse("overview:home")).content.decode(), "group-answer_invitation")
        assert "Försenad" in group
        assert "1 försenad" in group


def test_work_in_a_group_is_sorted_by_due_date(client, convener, school_unit, adult, child, profile):
    """The case due first is listed first, whatever order the cases were opened in."""
    later = case_services.case_start(
        by=convener, person=adult, unit=school_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
    )
    sooner = case_services.case_start(
        by=convener,
        person=child,
        unit=school_unit,
        initiator_kind=InitiatorKind.SCHOOL,
        need_noticed_on=TODAY - datetime.timedelta(days=10),
    )
    client.force_login(convener)
    group = _section(client.get(reverse("overview:home")).content.decode(), "group-call_meeting")
    assert group.index(sooner.reference) < group.index(later.reference)


def test_overview_filters_by_process_step(client, convener, case, consented_case):
    """Filtering on the step 'Samtycke' hides the case still at 'Behov'... both fixtures are one case, so a
    second case at the need step is opened."""
    from samordna.people.models import Person

    person = Person.objects.create(personal_identity_number=identity_number(datetime.date(1985, 5, 5), 321))
    at_need = case_services.case_start(
        by=convener, person=person, unit=case.convener_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
    )
    client.force_login(convener)
    content = client.get(reverse("overview:home"), {"step": "consent"}).content.decode()
    assert consented_case.reference in content
    assert at_need.reference not in content
    content = client.get(reverse("overview:home"), {"step": "need"}).content.decode()
    assert at_need.reference in content
    assert consented_case.reference not in content


def test_overview_filters_by_unit(client, consented_case, convener, school_unit, bup_unit):
    """A user in two units sees only the chosen unit's work: the invitation is BUP's, the meeting the school's."""
    from samordna.organizations.models import Membership

    Membership.objects.create(user=convener, unit=bup_unit)
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)
    everything = client.get(reverse("overview:home")).content.decode()
    assert 'id="group-answer_invitation"' in everything
    school_only = client.get(reverse("overview:home"), {"unit": school_unit.pk}).content.decode()
    assert 'id="group-answer_invitation"' not in school_only
    bup_only = client.get(reverse("overview:home"), {"unit": bup_unit.pk}).content.decode()
    assert 'id="group-answer_invitation"' in bup_only


def test_a_unit_filter_for_someone_elses_unit_filters_nothing(client, convener, case, other_unit):
    client.force_login(convener)
    content = client.get(reverse("overview:home"), {"unit": other_unit.pk}).content.decode()
    assert case.reference in content


def test_a_renewable_consent_is_listed_for_the_convener(client, convener, consented_case):
    from samordna.common import clock

    consent = consented_case.consents.get(status="active")
    client.force_login(convener)
    with clock.frozen_clock(consent.valid_to - datetime.timedelta(days=10)):
        group = _section(client.get(reverse("overview:home")).content.decode(), "group-renew_consent")
    assert consented_case.reference in group
    assert reverse("cases:consent_record", args=[consented_case.pk]) in group


def test_managers_find_the_unit_inbox_from_the_overview(client, manager, convener):
    client.force_login(manager)
    assert reverse("overview:inbox") in client.get(reverse("overview:home")).content.decode()
    client.force_login(convener)
    assert reverse("overview:inbox") not in client.get(reverse("overview:home")).content.decode()
