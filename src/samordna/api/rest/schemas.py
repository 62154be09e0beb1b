"""Request and response shapes of the REST API. Personal identity numbers travel only in request and
response bodies, never in a URL."""

import datetime

from ninja import Field, Schema


class PersonLookupIn(Schema):
    personal_identity_number: str = Field(..., description="Personnummer eller samordningsnummer, 10 eller 12 siffror.")


class PersonIn(PersonLookupIn):
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    address: str = ""
    phone: str = Field("", max_length=40)
    email: str = ""
    protected_identity: bool = False


class PersonOut(Schema):
    id: int
    personal_identity_number: str
    first_name: str | None = Field(None, description="Tomt vid skyddad identitet.")
    last_name: str | None = None
    protected_identity: bool
    birth_date: datetime.date


class UnitOut(Schema):
    id: int
    name: str
    hsa_id: str


class ActorOut(Schema):
    id: int
    unit: UnitOut
    contact_id: int | None
    joined_at: datetime.datetime
    left_at: datetime.datetime | None


class DeadlineOut(Schema):
    kind: str
    label: str
    due_on: datetime.date
    is_overdue: bool


class CaseOut(Schema):
    id: int
    reference: str
    person_id: int
    status: str
    need_noticed_on: datetime.date
    convener_unit_id: int | None
    lead_unit_id: int | None
    closed_at: datetime.datetime | None
    close_reason: str


class CaseDetailOut(CaseOut):
    actors: list[ActorOut]
    deadlines: list[DeadlineOut]
    consent_id: int | None = Field(None, description="Samtycket som gäller i dag, om något.")


class CaseIn(Schema):
    person_id: int
    unit_id: int = Field(..., description="Samordningsansvarigs enhet (en enhet där du arbetar).")
    initiator_kind: str
    need_noticed_on: datetime.date
    initiator_text: str = ""
    need_description: str = ""
    level: str = ""


class ActorIn(Schema):
    unit_id: int


class ConsentIn(Schema):
    decision: str = Field(..., description="given eller refused.")
    given_by: str = Field(..., description="individual, guardians eller representative.")
    form: str = Field(..., description="oral eller written.")
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    unit_ids: list[int] = []
    guardian_ids: list[int] = []
    representative_id: int | None = None
    information_scope: str = ""
    exclusions: str = ""
    child_view: str = ""


class ConsentOut(Schema):
    id: int
    status: str
    decision: str
    given_by: str
    form: str
    valid_from: datetime.date
    valid_to: datetime.date
    unit_ids: list[int]
    withdrawn_at: datetime.datetime | None


class WithdrawalIn(Schema):
    withdrawn_by_whom: str = Field(..., min_length=1, max_length=160)
    withdrawal_form: str = Field(..., description="oral eller written.")
    note: str = ""


class PreparationIn(Schema):
    what_matters: str = ""
    purpose: str = ""
    questions: str = ""
    meeting_wishes: str = ""
    interpreter_language: str = ""
    aids: str = ""
    protected_identity_checked: bool = False
    child_voice_form: str = ""
    child_voice: str = ""
    pre_meeting_consented: bool = False


class PreparationOut(PreparationIn):
    id: int


class CloseIn(Schema):
    reason: str
    note: str = ""


class MeetingIn(Schema):
    kind: str = "sip"
    starts_at: datetime.datetime
    purpose: str = Field(..., min_length=1)
    duration_minutes: int = Field(90, ge=15, le=600)
    form: str = "physical"
    place: str = ""
    unit_ids: list[int] = []
    include_individual: bool = True


class InvitationOut(Schema):
    id: int
    unit_id: int
    status: str
    answer_due_on: datetime.date | None
    substitute_name: str
    decline_reason: str
    attended: bool | None = Field(None, description="Om enheten deltog, när mötet är protokollfört.")


class MeetingOut(Schema):
    id: int
    case_id: int
    kind: str
    status: str
    starts_at: datetime.datetime
    held_at: datetime.datetime | None = None
    procedure_code: str = ""
    individual_participation: str = ""
    duration_minutes: int
    place: str
    purpose: str
    invitations: list[InvitationOut]


class AttendanceIn(Schema):
    id: int = Field(..., description="Kallelsens (eller deltagarens) id.")
    attended: bool | None = Field(None, description="true deltog, false deltog inte, null okänt.")


class RecordIn(Schema):
    """The meeting record after the routine's agenda; the same fields as the page "Protokollför mötet"."""

    chair_kind: str = Field("staff", description="staff (en personal leder mötet) eller individual (den enskilde).")
    chair_id: int | None = Field(None, description="Mötesledaren; utan värde den som kallade.")
    secretary_id: int | None = None
    individual_participation: str = Field("", description="Hur den enskilde deltog; tomt om det inte är känt.")
    interpreter_used: bool = False
    interpreter_language: str = ""
    consent_checked: bool = False
    secrecy_reminded: bool = False
    introduction_notes: str = ""
    situation_notes: str = ""
    needs_notes: str = ""
    summary_notes: str = ""
    procedure_code: str | None = Field(None, description="KVÅ-kod; utan värde standardkoden för mötets typ.")
    invitation_attendance: list[AttendanceIn] = []
    participant_attendance: list[AttendanceIn] = []


class MoveIn(Schema):
    starts_at: datetime.datetime
    place: str | None = None
    note: str = ""


class WithdrawMeetingIn(Schema):
    reason: str = ""


class AnswerIn(Schema):
    answer: str = Field(..., description="accept, substitute, decline, wrong_unit eller forward.")
    attendee_ids: list[int] = []
    attendee_names: str = ""
    substitute_name: str = ""
    decline_reason: str = ""
    wrong_unit_note: str = ""
    forward_to_unit_id: int | None = None


class GoalOut(Schema):
    id: int
    text: str
    parent_id: int | None
    achievement_status: str
    evaluation: str


class InterventionOut(Schema):
    id: int
    what: str
    unit_id: int
    goal_id: int | None
    status: str
    frequency: str
    place: str


class ApprovalOut(Schema):
    principal_id: int
    approved_at: datetime.datetime


class PlanVersionOut(Schema):
    id: int
    number: int
    status: str
    replaces_id: int | None
    individual_wishes: str
    long_term_goal: str
    own_contribution: str
    relatives_contribution: str
    disagreements: str
    follow_up_on: datetime.date | None
    approved_at: datetime.datetime | None
    goals: list[GoalOut]
    interventions: list[InterventionOut]
    approvals: list[ApprovalOut]


class PlanVersionCreateIn(Schema):
    meeting_id: int
    individual_wishes: str = ""
    long_term_goal: str = ""


class PlanVersionPatchIn(Schema):
    individual_wishes: str | None = None
    long_term_goal: str | None = None
    own_contribution: str | None = None
    relatives_contribution: str | None = None
    disagreements: str | None = None
    follow_up_on: datetime.date | None = None


class GoalIn(Schema):
    text: str = Field(..., min_length=1)
    parent_id: int | None = None


class InterventionIn(Schema):
    what: str = Field(..., min_length=1)
    unit_id: int
    goal_id: int | None = None
    frequency: str = ""
    place: str = ""


class ApproveIn(Schema):
    principal_id: int


class ReviseIn(Schema):
    meeting_id: int


class InterventionStatusIn(Schema):
    status: str
    note: str = ""


class ComparisonRowOut(Schema):
    label: str
    old_html: str = Field(..., description="Den äldre versionens text; borttagna ord i <del>.")
    new_html: str = Field(..., description="Den nyare versionens text; tillagda ord i <ins>.")
    changed: bool


class WorkItemOut(Schema):
    case_id: int
    reference: str
    status: str
    next_deadline: DeadlineOut | None
