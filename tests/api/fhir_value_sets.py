"""Value sets of FHIR R4B (4.3.0) that Samordna's codes must stay within, copied from the specification
(https://hl7.org/fhir/R4B/). fhir.resources checks structure only, so these are checked here."""

CAREPLAN_STATUS = {
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
}  # request-status
CAREPLAN_INTENT = {"proposal", "plan", "order", "option"}  # care-plan-intent
CAREPLAN_ACTIVITY_STATUS = {  # care-plan-activity-status
    "not-started",
    "scheduled",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "stopped",
    "unknown",
    "entered-in-error",
}
GOAL_LIFECYCLE = {  # goal-status
    "proposed",
    "planned",
    "accepted",
    "active",
    "on-hold",
    "completed",
    "cancelled",
    "entered-in-error",
    "rejected",
}
GOAL_ACHIEVEMENT = {  # goal-achievement (http://terminology.hl7.org/CodeSystem/goal-achievement)
    "in-progress",
    "improving",
    "worsening",
    "no-change",
    "achieved",
    "sustaining",
    "not-achieved",
    "no-progress",
    "not-attainable",
}
CARETEAM_STATUS = {"proposed", "active", "suspended", "inactive", "entered-in-error"}  # care-team-status
CONSENT_STATE = {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}  # consent-state-codes
CONSENT_SCOPE = {"adr", "research", "patient-privacy", "treatment"}  # consent-scope
CONSENT_PROVISION_TYPE = {"deny", "permit"}  # consent-provision-type
APPOINTMENT_STATUS = {  # appointmentstatus
    "proposed",
    "pending",
    "booked",
    "arrived",
    "fulfilled",
    "cancelled",
    "noshow",
    "entered-in-error",
    "checked-in",
    "waitlist",
}
PARTICIPATION_STATUS = {"accepted", "declined", "tentative", "needs-action"}  # participationstatus
PARTICIPANT_REQUIRED = {"required", "optional", "information-only"}  # participantrequired
EVENT_STATUS = {  # event-status (Communication.status)
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
}
