"""The process services tell the people concerned, once their change is committed."""

import pytest
from django.db import transaction

from samordna.cases import services as case_services
from samordna.cases.models import CloseReason, ConsentForm
from samordna.meetings import services as meeting_services
from samordna.meetings.models import Answer
from samordna.notifications.models import Notification, NotificationKind
from samordna.organizations.models import Role
from samordna.plans import services as plan_services
from samordna.plans.models import AgreementKind
from tests.conftest import TODAY, make_user

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_sending_an_invitation_tells_the_invited_units_staff_and_manager(
    committed, draft_meeting, convener, actor_staff, bup_unit, outsider
):
    bup_manager = make_user(bup_unit, Role.MANAGER)
    with committed():
        meeting_services.meeting_send(meeting=draft_meeting, by=convener)
    invitation = draft_meeting.invitations.get(unit=bup_unit)
    for user in (actor_staff, bup_manager):
        notification = Notification.objects.get(recipient=user)
        assert notification.kind == NotificationKind.INVITATION_RECEIVED
        assert notification.case_number == draft_meeting.case.reference
        assert notification.url == draft_meeting.get_absolute_url()
        assert notification.key == f"invitation_received:invitation:{invitation.pk}"
    assert kinds_of(convener) == []
    assert kinds_of(outsider) == []


def test_nothing_is_told_when_the_change_is_rolled_back(draft_meeting, convener, actor_staff):
    """Notifications are created on commit: a failed transaction tells no one anything."""
    with pytest.raises(RuntimeError), transaction.atomic():
        meeting_services.meeting_send(meeting=draft_meeting, by=convener)
        raise RuntimeError("rolled back")
    transaction.get_connection().run_on_commit.clear()
    assert not Notification.objects.exists()


def test_an_answer_tells_whoever_sent_the_invitation(committed, bup_invitation, convener, actor_staff):
    with committed():
        meeting_services.invitation_answer(
            invitation=bup_invitation, by=actor_staff, answer=Answer.ACCEPT, attendees=[actor_staff]
        )
    assert kinds_of(convener) == [NotificationKind.INVITATION_ANSWERED]
    # The answering staff member is not told of their own answer.
    assert NotificationKind.INVITATION_ANSWERED not in kinds_of(actor_staff)


def test_a_changed_answer_is_a_new_notification(committed, bup_invitation, convener, actor_staff):
    from samordna.common import clock

    with committed():
        meeting_services.invitation_answer(
            invitation=bup_invitation, by=actor_staff, answer=Answer.ACCEPT, attendees=[actor_staff]
        )
    with clock.frozen_clock(clock.now().replace(hour=15)), committed():
        meeting_services.invitation_answer(
            invitation=bup_invitation, by=actor_staff, answer=Answer.DECLINE, decline_reason="Sjuk."
        )
    assert kinds_of(convener).count(NotificationKind.INVITATION_ANSWERED) == 2


def test_first_sign_off_tells_the_other_principal_its_approval_is_awaited(
    committed, filled, convener, actor_staff, municipality, bup_unit
):
    bup_manager = make_user(bup_unit, Role.MANAGER)
    with committed():
        plan_services.plan_approve_part(version=filled, by=convener, principal=municipality)
    assert kinds_of(actor_staff) == [NotificationKind.PLAN_AWAITING_APPROVAL]
    assert kinds_of(bup_manager) == [NotificationKind.PLAN_AWAITING_APPROVAL]
    assert kinds_of(convener) == []
    # Another partial step (the individual's agreement) does not tell them twice.
    with committed():
        plan_services.plan_record_individual_agreement(
            version=filled, by=convener, how=AgreementKind.ORAL, agreed_on=TODAY
        )
    assert kinds_of(actor_staff) == [NotificationKind.PLAN_AWAITING_APPROVAL]


def test_the_last_sign_off_tells_the_case_that_the_plan_is_approved(
    committed, filled, convener, actor_staff, municipality, region
):
    with committed():
        plan_services.plan_approve_part(version=filled, by=actor_staff, principal=region)
        plan_services.plan_record_individual_agreement(
            version=filled, by=actor_staff, how=AgreementKind.ORAL, agreed_on=TODAY
        )
        plan_services.plan_approve_part(version=filled, by=convener, principal=municipality)
    assert NotificationKind.PLAN_APPROVED in kinds_of(actor_staff)
    assert NotificationKind.PLAN_APPROVED not in kinds_of(convener)
    approved = Notification.objects.get(recipient=actor_staff, kind=NotificationKind.PLAN_APPROVED)
    assert approved.url == filled.get_absolute_url()


def test_an_event_is_posted_to_the_lead(committed, approved, convener, actor_staff):
    case = approved.plan.case
    with committed():
        plan_services.plan_event_report(case=case, by=actor_staff, text="Har bytt skola.")
    notification = Notification.objects.get(recipient=convener, kind=NotificationKind.PLAN_EVENT)
    assert notification.case_id == case.pk
    assert "bytt skola" not in notification.detail


def test_withdrawn_consent_tells_every_actor_even_those_losing_access(committed, consented_case, convener, actor_staff):
    consent = consented_case.consents.get()
    with committed():
        case_services.consent_withdraw(
            consent=consent, by=convener, withdrawn_by_whom="Den enskilde", withdrawal_form=ConsentForm.ORAL
        )
    notification = Notification.objects.get(recipient=actor_staff)
    assert notification.kind == NotificationKind.CONSENT_WITHDRAWN
    assert notification.url == ""
    assert kinds_of(convener) == []


def test_closing_a_case_tells_its_actors(committed, consented_case, convener, actor_staff, bup_unit):
    other_bup = make_user(bup_unit)
    with committed():
        case_services.case_close(case=consented_case, by=convener, reason=CloseReason.GOALS_MET)
    # BUP names actor_staff as its contact: only the contact is told, not all of BUP.
    assert kinds_of(actor_staff) == [NotificationKind.CASE_CLOSED]
    assert kinds_of(other_bup) == []


def test_an_assignment_tells_the_assignee(committed, consented_case, convener, actor_staff):
    """The unit inbox's assignment service calls `notify_assigned`; the assignee is told, the assigner is not."""
    from samordna.notifications.services import Target, notify_assigned

    with committed():
        notify_assigned(assignee=actor_staff, target=Target.for_case(consented_case), key="assignment:1", by=convener)
        notify_assigned(assignee=convener, target=Target.for_case(consented_case), key="assignment:2", by=convener)
    assert kinds_of(actor_staff) == [NotificationKind.ASSIGNED]
    assert kinds_of(convener) == []
