"""Every mapping from Samordna's statuses to FHIR R4B codes, in one place. `fhir.resources` checks structure
but not value sets, so tests hold each mapping against the value sets of the R4B specification."""

from samordna.cases.models import ConsentStatus
from samordna.meetings.models import InvitationStatus, MeetingStatus

# Identifier systems: Swedish identity numbers and HSA-ids by their national OIDs.
PERSONNUMMER_SYSTEM = "urn:oid:1.2.752.129.2.1.3.1"
SAMORDNINGSNUMMER_SYSTEM = "urn:oid:1.2.752.129.2.1.3.3"
HSA_ID_SYSTEM = "urn:oid:1.2.752.129.2.1.4.1"
CASE_REFERENCE_SYSTEM = "urn:samordna:case-reference"

GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_SCOPE_PRIVACY = "patient-privacy"
LOINC_SYSTEM = "http://loinc.org"
CONSENT_CATEGORY_LOINC = "59284-0"
PARTICIPATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
INFORMATION_RECIPIENT = "IRCP"

# CarePlan.intent (care-plan-intent): a SIP is an agreed plan.
CAREPLAN_INTENT = "plan"

# Goal.lifecycleStatus (goal-status), by the status of the version the goal belongs to.
GOAL_LIFECYCLE_BY_VERSION = {
    "draft": "proposed",
    "partly_approved": "proposed",
    "approved": "active",
    "superseded": "completed",
}
GOAL_LIFECYCLE_CASE_CLOSED = "completed"

# Consent.status (consent-state-codes).
CONSENT_STATUS = {
    ConsentStatus.ACTIVE: "active",
    ConsentStatus.REFUSED: "rejected",
    ConsentStatus.SUPERSEDED: "inactive",
    ConsentStatus.WITHDRAWN: "inactive",
}
CONSENT_STATUS_EXPIRED = "inactive"

# Appointment.status (appointmentstatus).
APPOINTMENT_STATUS = {
    MeetingStatus.DRAFT: "proposed",
    MeetingStatus.SENT: "booked",
    MeetingStatus.HELD: "fulfilled",
    MeetingStatus.WITHDRAWN: "cancelled",
}

# Appointment.participant.status (participationstatus). A unit that sends a substitute comes; a unit that
# returned or forwarded the invitation, or whose invitation was withdrawn, does not.
PARTICIPANT_STATUS = {
    InvitationStatus.DRAFT: "needs-action",
    InvitationStatus.SENT: "needs-action",
    InvitationStatus.ACCEPTED: "accepted",
    InvitationStatus.SUBSTITUTE: "accepted",
    InvitationStatus.DECLINED: "declined",
    InvitationStatus.WRONG_UNIT: "declined",
    InvitationStatus.FORWARDED: "declined",
    InvitationStatus.WITHDRAWN: "declined",
}
# The individual is always a participant whose attendance is recorded at the meeting, not answered.
INDIVIDUAL_PARTICIPANT_STATUS = "accepted"

# CareTeam.status (care-team-status).
CARETEAM_ACTIVE = "active"
CARETEAM_CLOSED = "inactive"

# Communication.status (event-status): an event reported to the lead has been sent.
COMMUNICATION_STATUS = "completed"
