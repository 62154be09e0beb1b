"""Reservrutin, afterwards: a meeting called and held on paper during downtime is entered with its real time,
recorded, and a plan made from it; nothing is sent, and the statistics of answers in time leave it out."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases.models import Step
from samordna.meetings import services
from samordna.meetings.models import InvitationStatus, MeetingKind, MeetingStatus
from samordna.notifications.models import Notification
from samordna.plans import services as plan_services
from samordna.statistics.policies import UNIT, Scope
from samordna.statistics.selectors import Period, statistics_report
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

HELD_AT = at(datetime.date(2026, 11, 23), 9, 0)  # this morning, before the clock's 12:00


def enter(case, by, units=(), **overrides):
    data = {
        "kind": MeetingKind.SIP,
        "starts_at": HELD_AT,
        "purpose": "Samordna stödet under driftstoppet.",
        "place": "Skolan, rum 12",
        "units": units,
    }
    data.update(overrides)
    return services.meeting_enter_afterwards(case=case, by=by, **data)


def test_a_paper_meeting_is_entered_recorded_and_a_plan_made_from_it_without_sending_anything(
    consented_case, convener, bup_unit, actor_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = enter(consented_case, convener, [bup_unit])

    assert (meeting.status, meeting.entered_afterwards, meeting.sent_at) == (MeetingStatus.SENT, True, HELD_AT)
    invitation = meeting.invitations.get()
    assert (invitation.unit, invitation.status, invitation.answered_at) == (
        bup_unit,
        InvitationStatus.ACCEPTED,
        HELD_AT,
    )
    assert not Notification.objects.exists()
    assert AuditEvent.objects.filter(summary="meeting_enter_afterwards:sip", object_id=str(meeting.pk)).exists()

    services.meeting_record(meeting=meeting, by=convener, individual_participation="present")
    meeting.refresh_from_db()
    consented_case.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and consented_case.status == Step.MEETING
    version = plan_services.plan_version_create(case=consented_case, by=convener, meeting=meeting)
    assert version.meeting == meeting


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": at(datetime.date(2026, 11, 24), 9)}, "starts_at"),  # not held yet
        ({"starts_at": at(datetime.date(2026, 11, 20), 9)}, "starts_at"),  # before the need was noticed
        ({"kind": MeetingKind.PRE_MEETING}, "kind"),
        ({"units": []}, "units"),
    ],
)
def test_what_cannot_have_happened_on_paper_is_refused_with_a_message(
    consented_case, convener, bup_unit, overrides, field
):
    with pytest.raises(ValidationError) as error:
        enter(consented_case, convener, **{"units": [bup_unit], **overrides})
    assert field in error.value.message_dict
    assert not consented_case.meetings.exists()


def test_a_unit_the_consent_does_not_cover_cannot_be_entered(consented_case, convener, other_unit):
    with pytest.raises(ValidationError) as error:
        enter(consented_case, convener, [other_unit])
    assert "units" in error.value.message_dict


def test_only_the_convening_unit_enters_a_paper_meeting(consented_case, actor_staff, bup_unit, school_unit):
    with pytest.raises(PermissionDenied):
        enter(consented_case, actor_staff, [school_unit])


def test_the_page_enters_the_meeting_after_confirmation_and_goes_on_to_the_record(
    client, consented_case, convener, bup_unit
):
    client.force_login(convener)
    url = reverse("meetings:enter_afterwards", args=[consented_case.pk])
    data = {
        "kind": "sip",
        "starts_at": "2026-11-23T09:00",
        "duration_minutes": 60,
        "place": "Skolan",
        "purpose": "Planera stödet.",
        "units": [bup_unit.pk],
    }

    assert "För in ett möte som hölls på papper" in client.get(url).content.decode()
    unconfirmed = client.post(url, data)
    assert unconfirmed.status_code == 200 and not consented_case.meetings.exists()
    response = client.post(url, {**data, "confirm": "on"})

    meeting = consented_case.meetings.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:record", args=[consented_case.pk, meeting.pk])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Infört i efterhand" in page
    assert url in client.get(consented_case.get_absolute_url()).content.decode()


def test_an_actor_gets_403_on_the_page(client, consented_case, actor_staff):
    client.force_login(actor_staff)
    assert client.get(reverse("meetings:enter_afterwards", args=[consented_case.pk])).status_code == 403


def test_the_answers_in_time_leave_out_invitations_called_on_paper(consented_case, convener, bup_unit, profile):
    enter(consented_case, convener, [bup_unit])
    scope = Scope(UNIT, bup_unit.pk, "BUP", profile, True)
    report = statistics_report(scope=scope, period=Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 1)))

    invitations = next(table for table in report.tables if table.key == "invitations")
    assert invitations.rows[1].total.value == 0
