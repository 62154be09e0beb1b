"""Steps 4 and 5 of the SIP process: the invitation (kallelse) to a meeting, the invited units' answers,
the other participants, and the meeting record with attendance and KVÅ code."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.common.models import TimeStampedModel
from samordna.organizations.models import Unit
from samordna.people.models import Guardian, RelatedPerson, Representative


class MeetingKind(models.TextChoices):
    SIP = "sip", _("SIP-möte")
    FOLLOW_UP = "follow_up", _("Uppföljningsmöte")
    PRE_MEETING = "pre_meeting", _("Förmöte (endast professionella)")


class MeetingForm(models.TextChoices):
    PHYSICAL = "physical", _("Fysiskt möte")
    DIGITAL = "digital", _("Digitalt möte")
    PHONE = "phone", _("Telefonmöte")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SENT = "sent", _("Kallelse skickad")
    HELD = "held", _("Genomfört")
    WITHDRAWN = "withdrawn", _("Inställt")


class ProcedureCode(models.TextChoices):
    """KVÅ codes the region's units record per meeting."""

    ESTABLISHED = "AU124", _("AU124 Upprättande av samordnad individuell plan")
    FOLLOW_UP = "AW010", _("AW010 Uppföljning av samordnad individuell plan")
    DISCHARGE = "AU125", _("AU125 Samordnad individuell plan vid utskrivning")


PRE_MEETING_NEEDS_CONSENT = _("Ett förmöte kräver att den enskilde har samtyckt till det.")


class ChairKind(models.TextChoices):
    STAFF = "staff", _("Personal")
    INDIVIDUAL = "individual", _("Den enskilde")


class IndividualParticipation(models.TextChoices):
    PRESENT = "present", _("Deltog hela mötet")
    PART = "part", _("Deltog i delar av mötet")
    REMOTE = "remote", _("Deltog via telefon eller digitalt")
    LETTER_OR_REPRESENTATIVE = "letter_or_representative", _("Genom brev eller företrädare")
    NOT_AT_ALL = "not_at_all", _("Deltog inte")


class Meeting(TimeStampedModel):
    """A proposed or held meeting in a case: SIP meeting, follow-up or professionals' pre-meeting."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("typ av möte"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.SIP)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    starts_at = models.DateTimeField(_("datum och tid"))
    duration_minutes = models.PositiveSmallIntegerField(_("beräknad längd (minuter)"), default=90)
    form = models.CharField(_("mötesform"), max_length=20, choices=MeetingForm.choices, default=MeetingForm.PHYSICAL)
    place = models.CharField(_("plats"), max_length=255, blank=True)
    digital_link = models.URLField(_("länk till digitalt möte"), blank=True)
    phone_details = models.CharField(_("telefonnummer och kod"), max_length=255, blank=True)
    purpose = models.TextField(_("syfte"), help_text=_("Varför mötet behövs och den enskildes långsiktiga mål."))
    goals = models.TextField(_("mål"), blank=True)
    questions = models.TextField(_("frågeställningar"), blank=True)
    consent_summary = models.TextField(_("samtyckets innehåll"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sammankallande"), on_delete=models.PROTECT, related_name="+"
    )
    organiser_unit = models.ForeignKey(
        Unit, verbose_name=_("sammankallande enhet"), on_delete=models.PROTECT, related_name="+"
    )
    pre_meeting_consented = models.BooleanField(_("den enskilde har samtyckt till förmötet"), default=False)
    sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("skäl för att ställa in"), max_length=255, blank=True)
    ical_uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, editable=False, unique=True)
    ical_sequence = models.PositiveIntegerField(_("kalenderversion"), default=0)

    # The meeting record (step 5)
    held_at = models.DateTimeField(_("genomfört"), null=True, blank=True)
    entered_afterwards = models.BooleanField(
        _("infört i efterhand"),
        default=False,
        help_text=_("Mötet kallades till och hölls på papper under ett driftstopp (reservrutin)."),
    )
    chair_kind = models.CharField(_("ordförande är"), max_length=20, choices=ChairKind.choices, default=ChairKind.STAFF)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordförande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sekreterare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    individual_participation = models.CharField(
        _("den enskildes deltagande"), max_length=30, choices=IndividualParticipation.choices, blank=True
    )
    interpreter_used = models.BooleanField(_("tolk användes"), default=False)
    interpreter_language = models.CharField(_("tolkspråk"), max_length=80, blank=True)
    consent_checked = models.BooleanField(_("samtycket kontrollerades"), default=False)
    secrecy_reminded = models.BooleanField(_("påminnelse om sekretess"), default=False)
    introduction_notes = models.TextField(_("inledning"), blank=True)
    situation_notes = models.TextField(_("nuvarande situation (den enskilde först)"), blank=True)
    needs_notes = models.TextField(_("behov och insatser"), blank=True)
    summary_notes = models.TextField(_("sammanfattning"), blank=True)
    procedure_code = models.CharField(_("KVÅ-kod"), max_length=5, choices=ProcedureCode.choices, blank=True)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="pre_meeting") | models.Q(pre_meeting_consented=True),
                name="meeting_pre_meeting_needs_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="meeting_withdrawn_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(status="withdrawn") | models.Q(sent_at__isnull=False),
                name="meeting_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(held_at__isnull=False),
                name="meeting_held_has_time",
            ),
            # A pre-meeting of professionals takes no decisions and is not a SIP meeting: no KVÅ code.
            models.CheckConstraint(
                condition=~models.Q(kind="pre_meeting") | models.Q(procedure_code=""),
                name="meeting_pre_meeting_has_no_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.case_id, self.pk])

    def clean(self) -> None:
        required_by_form = {
            MeetingForm.PHYSICAL: ("place", _("Ange var mötet hålls.")),
            MeetingForm.DIGITAL: ("digital_link", _("Ange länken till det digitala mötet.")),
            MeetingForm.PHONE: ("phone_details", _("Ange telefonnummer och eventuell kod till mötet.")),
        }
        field, message = required_by_form.get(self.form, (None, None))
        if field and not getattr(self, field).strip():
            raise ValidationError({field: message})
        if self.kind == MeetingKind.PRE_MEETING and not self.pre_meeting_consented:
            raise ValidationError({"pre_meeting_consented": PRE_MEETING_NEEDS_CONSENT})

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.status == MeetingStatus.SENT

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_withdrawn(self) -> bool:
        return self.status == MeetingStatus.WITHDRAWN

    @property
    def is_pre_meeting(self) -> bool:
        return self.kind == MeetingKind.PRE_MEETING

    @property
    def has_started(self) -> bool:
        return self.starts_at <= clock.now()

    @property
    def can_hold_plan(self) -> bool:
        """Whether a plan may be made from this meeting: only a held SIP or follow-up meeting. A pre-meeting
        of professionals takes no decisions, so no plan is ever made from it."""
        return self.is_held and not self.is_pre_meeting

    @property
    def location_text(self) -> str:
        """Where the meeting is, as one line for the page, the PDF and the calendar file."""
        if self.form == MeetingForm.DIGITAL:
            return self.digital_link
        if self.form == MeetingForm.PHONE:
            return self.phone_details
        return self.place


class InvitationStatus(models.TextChoices):
    """Where an invitation stands; the answers mirror FHIR Appointment participant status where they can."""

    DRAFT = "draft", _("Inte skickad")
    SENT = "sent", _("Väntar på svar")
    ACCEPTED = "accepted", _("Accepterad")
    SUBSTITUTE = "substitute", _("Ersättare skickas")
    DECLINED = "declined", _("Avböjd")
    WRONG_UNIT = "wrong_unit", _("Fel mottagare – returnerad")
    FORWARDED = "forwarded", _("Vidarebefordrad")
    WITHDRAWN = "withdrawn", _("Återkallad")


ANSWERED_STATUSES = {
    InvitationStatus.ACCEPTED,
    InvitationStatus.SUBSTITUTE,
    InvitationStatus.DECLINED,
    InvitationStatus.WRONG_UNIT,
    InvitationStatus.FORWARDED,
}
# Invitations that still stand: the unit is (or will be) expected at the meeting or owes an answer.
OPEN_STATUSES = {
    InvitationStatus.DRAFT,
    InvitationStatus.SENT,
    InvitationStatus.ACCEPTED,
    InvitationStatus.SUBSTITUTE,
    InvitationStatus.DECLINED,
}
# Sent invitations the unit may still answer (or change its answer to).
ANSWERABLE_STATUSES = {
    InvitationStatus.SENT,
    InvitationStatus.ACCEPTED,
    InvitationStatus.SUBSTITUTE,
    InvitationStatus.DECLINED,
}


class Answer(models.TextChoices):
    """What an invited unit can answer; each answer leads to one invitation status."""

    ACCEPT = "accept", _("Vi kommer")
    SUBSTITUTE = "substitute", _("Vi skickar en ersättare")
    DECLINE = "decline", _("Vi kan inte delta")
    WRONG_UNIT = "wrong_unit", _("Fel mottagare – returnera till samordningsansvarig")
    FORWARD = "forward", _("Fel mottagare – vidarebefordra inom vår huvudman")


ANSWER_STATUS = {
    Answer.ACCEPT: InvitationStatus.ACCEPTED,
    Answer.SUBSTITUTE: InvitationStatus.SUBSTITUTE,
    Answer.DECLINE: InvitationStatus.DECLINED,
    Answer.WRONG_UNIT: InvitationStatus.WRONG_UNIT,
    Answer.FORWARD: InvitationStatus.FORWARDED,
}


class Invitation(TimeStampedModel):
    """The invitation to one invited unit (kallelse), with its answer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    is_summoned = models.BooleanField(
        _("kallad"), default=True, help_text=_("Huvudmän är kallade (skyldiga att delta); övriga är inbjudna.")
    )
    expected_contribution = models.TextField(_("förväntat bidrag"), blank=True)
    received_at = models.DateTimeField(_("mottagen"), null=True, blank=True)
    answer_due_on = models.DateField(_("svar senast"), null=True, blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deltagare"), blank=True, related_name="meeting_invitations"
    )
    attendee_names = models.CharField(_("deltagare (namn)"), max_length=255, blank=True)
    substitute_name = models.CharField(_("ersättare"), max_length=160, blank=True)
    decline_reason = models.TextField(_("skäl att avböja"), blank=True)
    wrong_unit_note = models.TextField(_("kommentar om fel mottagare"), blank=True)
    forwarded_to = models.OneToOneField(
        "self",
        verbose_name=_("vidarebefordrad till"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_from",
    )
    attended = models.BooleanField(_("närvarade"), null=True, blank=True)
    joined_case = models.BooleanField(
        _("blev aktör genom kallelsen"),
        default=False,
        help_text=_("Enheten var inte aktör i ärendet förrän kallelsen skickades."),
    )

    class Meta:
        verbose_name = _("kallelse")
        verbose_name_plural = _("kallelser")
        ordering = ["meeting", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "unit"],
                condition=~models.Q(status__in=["withdrawn", "wrong_unit", "forwarded"]),
                name="invitation_one_open_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(received_at__isnull=False, answer_due_on__isnull=False),
                name="invitation_sent_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.unit.name}"

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answerable(self) -> bool:
        return self.status in ANSWERABLE_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Sent, still unanswered and past its due date: shown to the convener and the invited unit."""
        return (
            self.status == InvitationStatus.SENT
            and self.answer_due_on is not None
            and self.answer_due_on < clock.today()
        )


class ParticipantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Den enskilde")
    GUARDIAN = "guardian", _("Vårdnadshavare")
    REPRESENTATIVE = "representative", _("Företrädare")
    RELATED = "related", _("Närstående")
    EXTERNAL = "external", _("Annan aktör utan tillgång till Samordna")


class Participant(TimeStampedModel):
    """Someone taking part who is not an invited unit: the individual and their circle, or an external actor
    without access ("Annan", e.g. Försäkringskassan) who gets the invitation on paper or as PDF."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("typ"), max_length=20, choices=ParticipantKind.choices)
    guardian = models.ForeignKey(Guardian, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    related_person = models.ForeignKey(RelatedPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("namn"), max_length=160, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    postal_address = models.TextField(_("postadress"), blank=True)
    removed_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    attended = models.BooleanField(_("närvarade"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def label(self) -> str:
        """How the participant is named in lists and change notes: name, role and organisation."""
        role = str(self.get_kind_display())
        if not self.name:
            return f"{role}, {self.organisation}" if self.organisation else role
        label = f"{self.name} ({role[:1].lower()}{role[1:]})"
        return f"{label}, {self.organisation}" if self.organisation else label


class MeetingChangeKind(models.TextChoices):
    SENT = "sent", _("Kallelse skickad")
    MOVED = "moved", _("Mötet flyttat")
    UNIT_ADDED = "unit_added", _("Enhet tillagd")
    UNIT_REMOVED = "unit_removed", _("Enhet borttagen")
    PARTICIPANT_ADDED = "participant_added", _("Deltagare tillagd")
    PARTICIPANT_REMOVED = "participant_removed", _("Deltagare borttagen")
    ANSWERED = "answered", _("Kallelse besvarad")
    WITHDRAWN = "withdrawn", _("Mötet inställt")


class MeetingChange(models.Model):
    """What changed in a meeting after the invitation went out, so every affected unit can see it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("ändring"), max_length=30, choices=MeetingChangeKind.choices)
    summary = models.CharField(_("beskrivning"), max_length=255)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidpunkt"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ändring av möte")
        verbose_name_plural = _("ändringar av möten")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.summary
