"""One case with something behind every URL parameter, and a user for every role of the authorization matrix.

The case is opened by the school (the convener's unit) and BUP takes part as an actor under a written consent
that covers both units and the person's grandmother. It has a sent meeting that invites BUP (with the
individual as participant), a held SIP meeting, a draft plan with a goal, an intervention, a contact person,
a reported event, a staff member named to see the person's details, and a message thread from the school to
BUP with an attachment; the school has no named contact, so the school manager's inbox lists the case.
`PARAMS` in matrix.py maps every URL parameter name to the World object that fills it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.cases import services as case_services
from samordna.cases.models import CaseActor, ConsentDecision, ConsentForm, ConsentGiver, InitiatorKind
from samordna.cases.policies import valid_consent
from samordna.common import clock
from samordna.meetings import services as meeting_services
from samordna.meetings.models import Meeting, MeetingKind, MeetingStatus
from samordna.messaging import services as messaging_services
from samordna.notifications.models import Notification, NotificationKind
from samordna.notifications.services import Target, notifications_create
from samordna.organizations.models import Role
from samordna.people.models import ProtectedIdentityViewer, RelatedPerson
from samordna.plans import services as plan_services
from samordna.surveys.services import survey_tokens_create
from tests.conftest import TODAY, make_user
from tests.security.world_learning import learning_objects

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class SurveyCode:
    """A SIP-kollen code stands in the URL where other parameters have an object's pk."""

    pk: str


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as error:
            raise AttributeError(name) from error


def build_world(*, adult, school_unit, bup_unit, other_unit, municipality) -> World:
    convener = make_user(school_unit, username="m_convener")
    actor = make_user(bup_unit, username="m_actor")
    admin = make_user(school_unit, Role.LOCAL_ADMIN, username="m_localadmin")
    admin.is_staff = True
    admin.save()
    users = {
        "convener": convener,
        "actor": actor,
        "outsider": make_user(other_unit, username="m_outsider"),
        "manager": make_user(school_unit, Role.MANAGER, username="m_manager"),
        "local_admin": admin,
        "county_coordinator": make_user(other_unit, Role.COUNTY_COORDINATOR, username="m_county"),
        "auditor": make_user(school_unit, Role.AUDITOR, username="m_auditor"),
        "anonymous": None,
        # The same BUP staff member, asked after the consent was withdrawn or has expired.
        "actor_after_withdrawal": actor,
        "actor_after_expiry": actor,
    }
    grandmother = RelatedPerson.objects.create(person=adult, name="Mormor Tolvansson", relation="mormor")
    case = case_services.case_start(
        by=convener,
        person=adult,
        unit=school_unit,
        initiator_kind=InitiatorKind.SCHOOL,
        need_noticed_on=TODAY - 2 * DAY,
    )
    consent = case_services.consent_record(
        case=case,
        by=convener,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.INDIVIDUAL,
        form=ConsentForm.WRITTEN,
        valid_from=TODAY,
        units=[school_unit, bup_unit],
        related_persons=[grandmother],
        scan=SimpleUploadedFile("samtycke.pdf", b"%PDF-1.4 scanned form", content_type="application/pdf"),
    )
    actor_row = case_services.case_add_actor(case=case, by=convener, unit=bup_unit, contact=actor)
    sent = meeting_services.meeting_propose(
        case=case,
        by=convener,
        kind=MeetingKind.SIP,
        starts_at=clock.now() + 9 * DAY,
        purpose="Planera stödet.",
        place="Testskolan",
        units=[bup_unit],
        include_individual=True,
    )
    sent = meeting_services.meeting_send(meeting=sent, by=convener)
    held = Meeting.objects.create(
        case=case,
        kind=MeetingKind.SIP,
        status=MeetingStatus.HELD,
        starts_at=clock.now() - DAY,
        place="Testskolan",
        purpose="Planera stödet.",
        organiser=convener,
        organiser_unit=school_unit,
        sent_at=clock.now() - 10 * DAY,
        held_at=clock.now() - DAY,
    )
    version = plan_services.plan_version_create(
        case=case, by=convener, meeting=held, individual_wishes="Gå i skolan.", long_term_goal="Klara skolan."
    )
    goal = plan_services.goal_add(version=version, by=convener, text="Vara i skolan fyra dagar i veckan.")
    intervention = plan_services.intervention_add(
        version=version, by=convener, what="Samtalsstöd", unit=bup_unit, goal=goal, start_on=TODAY
    )
    contact = plan_services.contact_person_set(version=version, by=convener, unit=bup_unit, user=actor)
    event = plan_services.plan_event_report(case=case, by=actor, text="Har börjat på ny skola.")
    # Made on the model: the service names viewers only for protected persons, and this one is not protected.
    viewer = ProtectedIdentityViewer.objects.create(
        person=adult, user=actor, granted_by=users["manager"], granted_at=clock.now()
    )
    thread = messaging_services.thread_start(
        case=case,
        by=convener,
        subject="Inför mötet",
        body="Kan BUP ta med bedömningen?",
        units=[bup_unit],
        files=[SimpleUploadedFile("bedomning.pdf", b"%PDF-1.4 assessment", content_type="application/pdf")],
    )
    # The school has no named contact yet, so the school manager's unit inbox lists the case.
    CaseActor.objects.filter(case=case, unit=school_unit).update(contact=None)
    notifications_create(
        kind=NotificationKind.INVITATION_RECEIVED, recipient_ids=[actor.pk], target=Target.for_case(case), key="world"
    )
    # SIP-kollen: a one-time code handed out after the held meeting (the link's `code` parameter).
    survey_code = SurveyCode(survey_tokens_create(meeting=held, by=convener, count=1)[0])
    case.refresh_from_db()
    return World(
        users=users,
        objects={
            "case": case,
            "person": adult,
            "consent": consent,
            "actor_row": actor_row,
            "meeting": sent,
            "held_meeting": held,
            "invitation": sent.invitations.get(unit=bup_unit),
            "participant": sent.participants.get(),
            "version": version,
            "goal": goal,
            "intervention": intervention,
            "contact": contact,
            "event": event,
            "relative": grandmother,
            "viewer": viewer,
            "municipality": municipality,
            **learning_objects(users=users, case=case, school_unit=school_unit, bup_unit=bup_unit),
            "thread": thread,
            "attachment": thread.messages.get().attachments.get(),
            "profile": case.routine_profile,
            "notification": Notification.objects.get(recipient=actor),
            "survey_code": survey_code,
        },
    )


def withdraw_consent(world: World) -> None:
    case_services.consent_withdraw(
        consent=valid_consent(world.case),
        by=world.users["convener"],
        withdrawn_by_whom="Tolvan",
        withdrawal_form="oral",
    )


def expire_consent(world: World) -> None:
    """The consent ran out yesterday (and was not renewed)."""
    type(world.consent).objects.filter(pk=world.consent.pk).update(valid_from=TODAY - 30 * DAY, valid_to=TODAY - DAY)
