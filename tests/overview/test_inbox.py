"""The unit inbox: a manager sees incoming invitations nobody at the unit has been given, cases without a named
contact and everything overdue in the unit, and assigns them to the unit's staff."""

import datetime
import math

import pytest
from django.db import connection
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import CaseActor, ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.cases.services_assignment import (
    ASSIGNEE_NOT_IN_UNIT,
    NOT_UNIT_MANAGER,
    case_actor_assign,
)
from samordna.common import clock
from samordna.meetings.models import Invitation
from samordna.organizations.models import Role
from samordna.people.models import Person
from tests.conftest import TODAY, make_user
from tests.factories import identity_number, sent_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def bup_manager(bup_unit):
    return make_user(bup_unit, Role.MANAGER, username="bupchef")


@pytest.fixture
def invited(consented_case, convener, school_unit, bup_unit):
    """A sent SIP meeting with an invitation to BUP, where BUP has no named contact (it joined by invitation)."""
    CaseActor.objects.filter(case=consented_case, unit=bup_unit).update(contact=None)
    return sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("overview:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_who_are_not_managers_have_no_inbox(client, actor_staff):
    client.force_login(actor_staff)
    assert client.get(reverse("overview:inbox")).status_code == 403


def test_manager_sees_the_unassigned_invitation_with_its_due_date(client, bup_manager, invited, consented_case):
    client.force_login(bup_manager)
    content = client.get(reverse("overview:inbox")).content.decode()
    section = content[content.index('id="invitations-heading"') : content.index('id="actors-heading"')]
    assert "Inkomna kallelser att fördela (1)" in section
    assert consented_case.reference in section
    assert (TODAY + datetime.timedelta(days=1)).isoformat() in section
    assert "actorstaff" in section.lower()  # BUP's staff are offered


def test_a_case_the_consent_does_not_cover_stays_out_of_the_inbox(client, bup_manager, consented_case, bup_unit):
    """Without the consent covering BUP the case is not BUP's to see, so its manager's inbox does not name it."""
    from samordna.cases.models import Consent

    CaseActor.objects.filter(case=consented_case, unit=bup_unit).update(contact=None)
    Consent.units.through.objects.filter(consent__case=consented_case, unit=bup_unit).delete()
    client.force_login(bup_manager)
    content = client.get(reverse("overview:inbox")).content.decode()
    assert consented_case.reference not in content


def test_another_units_manager_does_not_see_it(client, manager, invited, consented_case):
    """The school's manager distributes the school's work, not BUP's."""
    client.force_login(manager)
    content = client.get(reverse("overview:inbox")).content.decode()
    assert "Inkomna kallelser att fördela (0)" in content


def test_assigning_names_the_units_contact_and_clears_the_inbox(
    client, bup_manager, actor_staff, invited, consented_case, bup_unit
):
    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    client.force_login(bup_manager)
    response = client.post(reverse("overview:assign", args=[actor.pk]), {"assignee": actor_staff.pk})
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.contact == actor_staff
    assert AuditEvent.objects.filter(
        action="update", object_type="cases.caseactor", object_id=str(actor.pk), person_id=consented_case.person_id
    ).exists()
    content = client.get(reverse("overview:inbox")).content.decode()
    assert "är tilldelat Test Actorstaff" in content
    assert "Inkomna kallelser att fördela (0)" in content
    assert consented_case.reference not in content[content.index("<h1>") :]


def test_a_case_without_a_named_contact_is_listed_apart_from_invitations(client, bup_manager, consented_case, bup_unit):
    CaseActor.objects.filter(case=consented_case, unit=bup_unit).update(contact=None)
    client.force_login(bup_manager)
    content = client.get(reverse("overview:inbox")).content.decode()
    section = content[content.index('id="actors-heading"') : content.index('id="overdue-heading"')]
    assert "Ärenden utan kontaktperson på enheten (1)" in section
    assert consented_case.reference in section


def test_everything_overdue_in_the_unit_is_listed(client, bup_manager, invited, consented_case):
    """The unanswered invitation is BUP's overdue item two days later; the school's meeting deadline is not."""
    client.force_login(bup_manager)
    with clock.frozen_clock(TODAY + datetime.timedelta(days=2)):
        content = client.get(reverse("overview:inbox")).content.decode()
    section = content[content.index('id="overdue-heading"') :]
    assert "Försenat på enheten (1)" in section
    assert "Svar på kallelse från BUP Test senast" in section


def test_manager_cannot_assign_in_another_units_case_place(client, manager, actor_staff, consented_case, bup_unit):
    """A manager of the school posting to BUP's actor row gets 404; the contact is unchanged."""
    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    client.force_login(manager)
    response = client.post(reverse("overview:assign", args=[actor.pk]), {"assignee": manager.pk})
    assert response.status_code == 404
    actor.refresh_from_db()
    assert actor.contact == actor_staff


def test_assignment_service_refuses_a_non_manager(consented_case, bup_unit, actor_staff):
    from django.core.exceptions import PermissionDenied

    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    with pytest.raises(PermissionDenied) as error:
        case_actor_assign(actor=actor, by=actor_staff, assignee=actor_staff)
    assert str(NOT_UNIT_MANAGER) in str(error.value)


def test_only_staff_of_the_unit_can_be_assigned(consented_case, bup_unit, bup_manager, convener):
    from django.core.exceptions import ValidationError

    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    with pytest.raises(ValidationError) as error:
        case_actor_assign(actor=actor, by=bup_manager, assignee=convener)
    assert error.value.message_dict["assignee"] == [str(ASSIGNEE_NOT_IN_UNIT)]


def test_a_closed_case_cannot_be_assigned(consented_case, bup_unit, bup_manager, actor_staff, convener):
    from django.core.exceptions import ValidationError

    case_services.case_close(case=consented_case, by=convener, reason="goals_met")
    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    with pytest.raises(ValidationError):
        case_actor_assign(actor=actor, by=bup_manager, assignee=actor_staff)


def _invited_cases(count, *, convener, school_unit, bup_unit):
    for index in range(count):
        person = Person.objects.create(
            personal_identity_number=identity_number(
                datetime.date(1975, 1, 1) + datetime.timedelta(days=index), 300 + index
            ),
            first_name="Inkorg",
            last_name=f"Nr{index}",
        )
        case = case_services.case_start(
            by=convener, person=person, unit=school_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
        )
        case_services.consent_record(
            case=case,
            by=convener,
            decision=ConsentDecision.GIVEN,
            given_by=ConsentGiver.INDIVIDUAL,
            form=ConsentForm.ORAL,
            valid_from=TODAY,
            units=[school_unit, bup_unit],
        )
        CaseActor.objects.create(case=case, unit=bup_unit, joined_at=clock.now())
        if index % 2:
            sent_meeting(case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)


@pytest.mark.parametrize("count", [10, 200])
def test_inbox_query_count_does_not_grow_with_cases(
    client, convener, school_unit, bup_unit, bup_manager, actor_staff, count, django_assert_num_queries
):
    """The inbox costs the same number of queries with 10 as with 200 cases (apart from SQLite splitting the
    one audit insert into batches)."""
    _invited_cases(count, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(bup_manager)
    client.get(reverse("overview:inbox"))
    queries = INBOX_QUERIES - 1 + _audit_inserts(count)
    with clock.frozen_clock(TODAY + datetime.timedelta(days=3)), django_assert_num_queries(queries):
        response = client.get(reverse("overview:inbox"))
    content = response.content.decode()
    assert content.count('class="assign-form"') == count
    overdue = content[content.index('id="overdue-heading"') :]
    assert f"Försenat på enheten ({count // 2})" in overdue
    assert Invitation.objects.filter(unit=bup_unit).count() == count // 2


INBOX_QUERIES = 15  # the open case ids once, the bell's unread count; overdue work is read from the stored deadlines


def _audit_inserts(rows: int) -> int:
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    return math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))


def test_the_assignee_is_notified_once_the_assignment_is_committed(
    bup_manager, actor_staff, consented_case, bup_unit, django_capture_on_commit_callbacks
):
    from samordna.cases.services_assignment import case_actor_assign
    from samordna.notifications.models import Notification, NotificationKind

    actor = CaseActor.objects.get(case=consented_case, unit=bup_unit, left_at__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        case_actor_assign(actor=actor, by=bup_manager, assignee=actor_staff)

    notification = Notification.objects.get(recipient=actor_staff, kind=NotificationKind.ASSIGNED)
    assert notification.case_number == consented_case.reference
    assert not Notification.objects.filter(recipient=bup_manager).exists()
