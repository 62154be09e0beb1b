"""Writes in steps 1-3 of the SIP process and closure: rules, permissions and the audit row of every call."""

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from samordna.audit.models import AuditAction, AuditEvent
from samordna.cases import services
from samordna.cases.models import (
    Assessment,
    CaseActor,
    CaseStep,
    CloseReason,
    Consent,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    ConsentStatus,
    CoordinationCase,
    DischargeNotice,
    InitiatorKind,
    Preparation,
    Step,
)
from samordna.cases.policies import (
    CONSENT_REQUIRED,
    CONSENT_WITHDRAWN_READ_ONLY,
    can_view_case,
    get_visible_case,
    valid_consent,
)
from samordna.common import clock
from samordna.organizations.models import (
    Membership,
    Role,
    RoutineProfile,
    Sector,
    Unit,
    WithdrawnDocumentation,
)
from samordna.people.models import RepresentativeKind
from samordna.people.services import guardian_add, representative_add
from tests.conftest import TODAY, make_user

DAY = datetime.timedelta(days=1)


# --- helpers and fixtures -------------------------------------------------------------------------------------


@contextlib.contextmanager
def audit_events():
    """Collect the audit rows written inside the block, oldest first."""
    last_id = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    events: list[AuditEvent] = []
    yield events
    events.extend(AuditEvent.objects.filter(id__gt=last_id).order_by("id"))


def event_key(event: AuditEvent) -> tuple:
    return (event.action, event.object_type, event.object_id, event.person_id)


def give_consent(case, by, units, **overrides) -> Consent:
    fields = {
        "decision": ConsentDecision.GIVEN,
        "given_by": ConsentGiver.INDIVIDUAL,
        "form": ConsentForm.WRITTEN,
        "valid_from": TODAY,
        "units": units,
        "information_scope": "Det som behövs för planen.",
    }
    fields.update(overrides)
    return services.consent_record(case=case, by=by, **fields)


def start_case(by, unit, person, **overrides) -> CoordinationCase:
    fields = {
        "initiator_kind": InitiatorKind.SCHOOL,
        "need_noticed_on": TODAY - 2 * DAY,
        "need_description": "Behöver samordnat stöd.",
    }
    fields.update(overrides)
    return services.case_start(by=by, person=person, unit=unit, **fields)


def withdraw(consent, by, **overrides) -> Consent:
    fields = {"withdrawn_by_whom": "Tolvan Tolvansson", "withdrawal_form": ConsentForm.ORAL, "note": "Ringde."}
    fields.update(overrides)
    return services.consent_withdraw(consent=consent, by=by, **fields)


def bup_actor(case) -> CaseActor:
    return case.actors.exclude(unit_id=case.convener_unit_id).get()


@pytest.fixture
def dalarna(db) -> RoutineProfile:
    return RoutineProfile.objects.get(code="dalarna")


@pytest.fixture
def dalarna_case(municipality, dalarna, convener, school_unit, adult):
    """A case opened at a school whose principal follows the Dalarna routine."""
    municipality.routine_profile = dalarna
    municipality.save()
    return start_case(convener, school_unit, adult)


@pytest.fixture
def social_staff(social_unit):
    return make_user(social_unit, username="socialstaff")


@pytest.fixture
def child_case(convener, school_unit, child):
    return start_case(convener, school_unit, child)


@pytest.fixture
def guardian(child_case, convener, child):
    return guardian_add(person=child, by=convener, name="Anna Exempelsson", personal_identity_number="19121212-1212")


@pytest.fixture
def ward(region):
    return Unit.objects.create(
        principal=region, name="Medicinavdelning 3", sector=Sector.HEALTH_CARE, is_inpatient_ward=True
    )


@pytest.fixture
def care_centre(region):
    return Unit.objects.create(principal=region, name="Vårdcentralen Centrum", sector=Sector.HEALTH_CARE)


@pytest.fixture
def care_contact(care_centre):
    """The person's fixed care contact in regional outpatient care."""
    return make_user(care_centre, username="carecontact")


def start_discharge_case(by, unit, person, ward, **overrides):
    fields = {
        "initiator_kind": InitiatorKind.REGIONAL_HEALTH_CARE,
        "need_noticed_on": TODAY,
        "discharge_ward": ward,
        "discharge_sent_at": clock.now(),
        "expected_discharge_on": TODAY + 3 * DAY,
    }
    fields.update(overrides)
    return start_case(by, unit, person, **fields)


# --- case_start -----------------------------------------------------------------------------------------------


def test_case_start_makes_the_convener_and_the_unit_the_first_actor(case, convener, school_unit, adult):
    """The starting user is the convener and their unit the first active actor, with them as contact."""
    assert case.person == adult
    assert case.convener == convener
    assert case.convener_unit == school_unit
    actor = case.actors.get()
    assert (actor.unit, actor.contact, actor.joined_at, actor.left_at) == (school_unit, convener, clock.now(), None)


def test_case_start_puts_the_need_step_on_the_time_line(case, convener):
    """A new case is in step need, and the time line shows when and by whom it was reached."""
    assert case.status == Step.NEED
    step = CaseStep.objects.get(case=case)
    assert (step.step, step.reached_at, step.by) == (Step.NEED, clock.now(), convener)


def test_case_start_keeps_the_need_date_and_description(case):
    """The date the need was noticed starts the meeting clock of the routine profile."""
    case.refresh_from_db()
    assert case.need_noticed_on == TODAY - 2 * DAY
    assert case.need_description == "Behöver samordnat stöd."
    assert case.meeting_due_on == TODAY - 2 * DAY + datetime.timedelta(days=21)


def test_case_start_uses_the_default_routine_profile_when_the_principal_has_none(case, profile):
    """Without a profile of its own, the principal's cases follow the installation default (Västmanland)."""
    assert case.routine_profile == profile
    assert profile.code == "vastmanland"


def test_case_start_takes_the_routine_profile_from_the_principal(dalarna_case, dalarna):
    """A principal that follows the Dalarna routine gets Dalarna's deadlines and limits."""
    assert dalarna_case.routine_profile == dalarna


def test_case_start_accepts_a_need_noticed_today(convener, school_unit, adult):
    """Today is the latest date a need can have been noticed."""
    assert start_case(convener, school_unit, adult, need_noticed_on=TODAY).need_noticed_on == TODAY


def test_case_start_refuses_a_need_noticed_in_the_future(convener, school_unit, adult):
    """A need cannot be noticed tomorrow; nothing is saved."""
    with pytest.raises(ValidationError) as excinfo:
        start_case(convener, school_unit, adult, need_noticed_on=TODAY + DAY)
    assert excinfo.value.message_dict == {"need_noticed_on": [str(services.NEED_IN_FUTURE)]}
    assert not CoordinationCase.objects.exists()


def test_case_start_refuses_a_unit_the_user_does_not_work_in(convener, bup_unit, adult):
    """Staff can only open a case for their own unit."""
    with pytest.raises(PermissionDenied):
        start_case(convener, bup_unit, adult)
    assert not CoordinationCase.objects.exists()


def test_case_start_is_open_to_a_manager_of_the_unit(manager, school_unit, adult):
    """A unit manager works with cases like staff."""
    assert start_case(manager, school_unit, adult).convener == manager


def test_case_start_outside_discharge_refuses_another_convener(convener, school_unit, adult, manager):
    """Only at discharge may the convener be someone other than the starting user."""
    with pytest.raises(PermissionDenied):
        start_case(convener, school_unit, adult, convener=manager)
    assert not CoordinationCase.objects.exists()


def test_case_start_drops_an_assessment_when_staff_noticed_the_need(convener, school_unit, adult):
    """An assessment is only for needs raised by someone other than staff."""
    case = start_case(convener, school_unit, adult, assessment=Assessment.START, assessment_note="Ja.")
    assert not case.needs_assessment
    assert (case.assessment, case.assessment_note) == ("", "")


def test_case_start_keeps_an_assessment_when_the_individual_asked(convener, school_unit, adult):
    """When the individual raised the need, the receiving unit's assessment is kept from the start."""
    case = start_case(
        convener,
        school_unit,
        adult,
        initiator_kind=InitiatorKind.INDIVIDUAL,
        assessment=Assessment.START,
        assessment_note="Flera aktörer behövs.",
    )
    assert case.needs_assessment
    assert (case.assessment, case.assessment_note) == (Assessment.START, "Flera aktörer behövs.")


def test_unit_is_regional_outpatient_care_only_for_regional_health_care_outside_wards(
    care_centre, ward, bup_unit, school_unit, municipality
):
    """A discharged person's care contact works in a region's health care, not on an inpatient ward."""
    municipal_care = Unit.objects.create(principal=municipality, name="Hemsjukvården", sector=Sector.HEALTH_CARE)
    assert care_centre.is_regional_outpatient_care
    assert bup_unit.is_regional_outpatient_care
    assert not ward.is_regional_outpatient_care
    assert not school_unit.is_regional_outpatient_care
    assert not municipal_care.is_regional_outpatient_care


def test_discharge_case_records_the_notice_from_the_inpatient_ward(care_contact, care_centre, adult, ward):
    """A case opened from a discharge-ready notice keeps the ward, when it was sent and the discharge date."""
    case = start_discharge_case(care_contact, care_centre, adult, ward)
    notice = DischargeNotice.objects.get(case=case)
    assert (notice.ward, notice.sent_at, notice.expected_discharge_on) == (ward, clock.now(), TODAY + 3 * DAY)
    assert (case.convener, case.convener_unit) == (care_contact, care_centre)


def test_discharge_case_may_name_the_fixed_care_contact_as_convener(care_contact, care_centre, adult, ward):
    """A colleague at the care centre may open the case with the person's fixed care contact as convener."""
    colleague = make_user(care_centre)
    case = start_discharge_case(colleague, care_centre, adult, ward, convener=care_contact)
    assert case.convener == care_contact
    assert case.actors.get().contact == care_contact


def test_discharge_case_refuses_a_convener_who_does_not_work_in_the_unit(care_contact, care_centre, adult, ward):
    """The named fixed care contact must work in the outpatient unit that opens the case."""
    elsewhere = make_user(ward)
    with pytest.raises(ValidationError) as excinfo:
        start_discharge_case(care_contact, care_centre, adult, ward, convener=elsewhere)
    assert excinfo.value.message_dict == {"unit": [str(services.CONVENER_NOT_OUTPATIENT)]}


def test_discharge_case_refuses_a_ward_that_is_not_an_inpatient_ward(care_contact, care_centre, adult, bup_unit):
    """The notice must come from an inpatient ward."""
    with pytest.raises(ValidationError) as excinfo:
        start_discharge_case(care_contact, care_centre, adult, bup_unit)
    assert excinfo.value.message_dict == {"discharge_ward": [str(services.WARD_NOT_INPATIENT)]}
    assert not CoordinationCase.objects.exists()


def test_ward_staff_open_the_discharge_case_with_the_fixed_care_contact_as_convener(
    care_contact, care_centre, adult, ward
):
    """The ward that sent the notice may open the case; the care contact convenes and the ward takes part."""
    ward_nurse = make_user(ward)
    case = start_discharge_case(ward_nurse, care_centre, adult, ward, convener=care_contact)
    assert (case.convener, case.convener_unit) == (care_contact, care_centre)
    assert set(case.actors.values_list("unit", flat=True)) == {care_centre.pk, ward.pk}
    assert get_visible_case(ward_nurse, case.pk) == case


def test_staff_of_another_ward_cannot_open_the_discharge_case(care_contact, care_centre, adult, ward, region):
    """Only the ward that sent the notice, or the convener's unit, may open a discharge case."""
    other_ward = Unit.objects.create(
        principal=region, name="Avdelning 9", sector=Sector.HEALTH_CARE, is_inpatient_ward=True
    )
    with pytest.raises(PermissionDenied):
        start_discharge_case(make_user(other_ward), care_centre, adult, ward, convener=care_contact)


def test_discharge_case_refuses_a_convener_outside_regional_outpatient_care(convener, school_unit, adult, ward):
    """At discharge the convener is the fixed care contact in regional outpatient care, not the school."""
    with pytest.raises(ValidationError) as excinfo:
        start_discharge_case(convener, school_unit, adult, ward)
    assert excinfo.value.message_dict == {"unit": [str(services.CONVENER_NOT_OUTPATIENT)]}
    assert not CoordinationCase.objects.exists()


def test_discharge_case_refuses_the_ward_itself_as_convener_unit(adult, ward):
    """Ward staff cannot convene the discharge SIP from the inpatient ward."""
    ward_nurse = make_user(ward)
    with pytest.raises(ValidationError) as excinfo:
        start_discharge_case(ward_nurse, ward, adult, ward)
    assert "unit" in excinfo.value.message_dict


def test_discharge_case_refuses_an_outpatient_unit_of_a_municipality(adult, ward, municipality):
    """Municipal health care is not the region's outpatient care."""
    home_care = Unit.objects.create(principal=municipality, name="Hemsjukvården", sector=Sector.HEALTH_CARE)
    nurse = make_user(home_care)
    with pytest.raises(ValidationError) as excinfo:
        start_discharge_case(nurse, home_care, adult, ward)
    assert excinfo.value.message_dict == {"unit": [str(services.CONVENER_NOT_OUTPATIENT)]}


# --- case_record_assessment -----------------------------------------------------------------------------------


@pytest.fixture
def individual_case(convener, school_unit, adult):
    """A case the individual asked for, still waiting for the unit's assessment."""
    return start_case(convener, school_unit, adult, initiator_kind=InitiatorKind.INDIVIDUAL)


def test_assessment_is_recorded_when_the_individual_asked(individual_case, convener):
    """The receiving unit records whether a SIP process starts, with its reasons."""
    services.case_record_assessment(
        case=individual_case, by=convener, assessment=Assessment.NOT_START, note="En aktör räcker."
    )
    individual_case.refresh_from_db()
    assert (individual_case.assessment, individual_case.assessment_note) == (Assessment.NOT_START, "En aktör räcker.")


def test_assessment_is_refused_when_staff_noticed_the_need(case, convener):
    """No assessment is recorded for a need raised by staff."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_record_assessment(case=case, by=convener, assessment=Assessment.START, note="")
    assert excinfo.value.messages == [str(services.ASSESSMENT_NOT_NEEDED)]
    case.refresh_from_db()
    assert case.assessment == ""


def test_assessment_must_be_one_of_the_choices(individual_case, convener):
    """An unknown assessment value is refused and not saved."""
    with pytest.raises(ValidationError):
        services.case_record_assessment(case=individual_case, by=convener, assessment="maybe", note="")
    individual_case.refresh_from_db()
    assert individual_case.assessment == ""


# --- consent_record -------------------------------------------------------------------------------------------


def test_consent_record_uses_the_profiles_default_validity(case, convener, school_unit, bup_unit):
    """Without an end date the consent is valid for the profile's default 365 days, today included."""
    consent = give_consent(case, convener, [school_unit, bup_unit])
    assert consent.valid_from == TODAY
    assert consent.valid_to == datetime.date(2027, 11, 22)
    assert consent.status == ConsentStatus.ACTIVE
    assert consent.recorded_by == convener
    assert set(consent.units.all()) == {school_unit, bup_unit}


def test_consent_record_moves_the_case_to_the_consent_step(case, convener, school_unit):
    """A given consent puts the consent step on the time line."""
    give_consent(case, convener, [school_unit])
    case.refresh_from_db()
    assert case.status == Step.CONSENT
    assert case.steps.filter(step=Step.CONSENT, by=convener, reached_at=clock.now()).exists()


def test_consent_record_keeps_scope_exclusions_and_child_view(child_case, convener, school_unit, guardian):
    """What may be shared, what may not, and the child's own view are kept on the consent."""
    consent = give_consent(
        child_case,
        convener,
        [school_unit],
        given_by=ConsentGiver.GUARDIANS,
        guardians=[guardian],
        exclusions="Inget om pappans missbruk.",
        child_view="Nova vill att skolan är med.",
    )
    consent.refresh_from_db()
    assert consent.exclusions == "Inget om pappans missbruk."
    assert consent.child_view == "Nova vill att skolan är med."
    assert consent.information_scope == "Det som behövs för planen."


def test_vastmanland_consent_may_last_up_to_three_years(case, convener, school_unit):
    """Under the Västmanland profile a consent may end on the 1095th day, today counted."""
    latest = TODAY + datetime.timedelta(days=1094)
    assert latest == datetime.date(2029, 11, 21)
    assert give_consent(case, convener, [school_unit], valid_to=latest).valid_to == latest


def test_vastmanland_consent_one_day_over_three_years_is_refused(case, convener, school_unit):
    """The 1096th day is over the Västmanland maximum and the message names the last allowed day."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(case, convener, [school_unit], valid_to=datetime.date(2029, 11, 22))
    expected = services.CONSENT_TOO_LONG % {"days": 1095, "last": datetime.date(2029, 11, 21)}
    assert excinfo.value.message_dict == {"valid_to": [str(expected)]}
    assert not Consent.objects.exists()


def test_dalarna_consent_may_last_one_year(dalarna_case, convener, school_unit):
    """Under the Dalarna routine a consent may last at most one year: through 22 November 2027."""
    assert dalarna_case.routine_profile.consent_max_validity_days == 365
    consent = give_consent(dalarna_case, convener, [school_unit], valid_to=datetime.date(2027, 11, 22))
    assert consent.valid_to == datetime.date(2027, 11, 22)


def test_dalarna_consent_one_day_over_a_year_is_refused(dalarna_case, convener, school_unit):
    """One day more than Dalarna's year is refused on the end date."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(dalarna_case, convener, [school_unit], valid_to=datetime.date(2027, 11, 23))
    assert list(excinfo.value.message_dict) == ["valid_to"]
    assert "365 dagar" in excinfo.value.message_dict["valid_to"][0]
    assert not Consent.objects.exists()


def test_consent_cannot_end_before_it_starts(case, convener, school_unit):
    """An end date before the start date is refused."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(case, convener, [school_unit], valid_to=TODAY - DAY)
    assert excinfo.value.message_dict == {"valid_to": [str(services.CONSENT_ENDS_BEFORE_START)]}


def test_a_given_consent_must_name_the_units_it_covers(case, convener):
    """A consent that covers no unit is refused."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(case, convener, [])
    assert excinfo.value.message_dict == {"units": [str(services.CONSENT_NEEDS_UNITS)]}
    case.refresh_from_db()
    assert case.status == Step.NEED


@pytest.mark.parametrize("given_by", [ConsentGiver.INDIVIDUAL, ConsentGiver.GUARDIANS])
def test_a_minors_consent_needs_a_guardian(child_case, convener, school_unit, given_by):
    """For a child the guardians consent; without a guardian named the consent is refused."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(child_case, convener, [school_unit], given_by=given_by)
    assert excinfo.value.message_dict == {"guardians": [str(services.MINOR_NEEDS_GUARDIAN)]}
    assert not Consent.objects.exists()


def test_a_minors_consent_given_by_a_guardian_is_recorded(child_case, convener, school_unit, guardian):
    """With the child's guardian named, the consent is in force and lists the guardian."""
    consent = give_consent(child_case, convener, [school_unit], given_by=ConsentGiver.GUARDIANS, guardians=[guardian])
    assert list(consent.guardians.all()) == [guardian]
    assert valid_consent(child_case) == consent


def test_a_minors_consent_refuses_a_guardian_of_someone_else(child_case, case, convener, school_unit, adult):
    """A guardian registered for another person cannot consent for this child."""
    strangers_guardian = guardian_add(person=adult, by=convener, name="Någon Annan")
    with pytest.raises(ValidationError) as excinfo:
        give_consent(
            child_case, convener, [school_unit], given_by=ConsentGiver.GUARDIANS, guardians=[strangers_guardian]
        )
    assert excinfo.value.message_dict == {"guardians": [str(services.GUARDIAN_NOT_OF_PERSON)]}


def test_an_adult_consents_without_guardians(case, convener, school_unit):
    """An adult's own consent names no guardian."""
    consent = give_consent(case, convener, [school_unit])
    assert consent.given_by == ConsentGiver.INDIVIDUAL
    assert not consent.guardians.exists()


def test_a_representatives_consent_names_the_representative(case, convener, school_unit, adult):
    """Consent by a god man or förvaltare records which representative gave it."""
    good_man = representative_add(person=adult, by=convener, name="Göran God", kind=RepresentativeKind.GOOD_MAN)
    consent = give_consent(case, convener, [school_unit], given_by=ConsentGiver.REPRESENTATIVE, representative=good_man)
    assert consent.representative == good_man


def test_a_representatives_consent_without_the_representative_is_refused(case, convener, school_unit):
    """Given by a representative, the representative must be chosen."""
    with pytest.raises(ValidationError) as excinfo:
        give_consent(case, convener, [school_unit], given_by=ConsentGiver.REPRESENTATIVE)
    assert excinfo.value.message_dict == {"representative": [str(services.REPRESENTATIVE_REQUIRED)]}


def test_a_refusal_is_recorded_without_reaching_the_consent_step(case, convener):
    """A refusal is kept as a record, needs no units, and leaves the case at the need step."""
    refusal = give_consent(case, convener, [], decision=ConsentDecision.REFUSED, form=ConsentForm.ORAL)
    assert refusal.status == ConsentStatus.REFUSED
    assert refusal.valid_to == refusal.valid_from == TODAY
    case.refresh_from_db()
    assert case.status == Step.NEED
    assert not case.steps.filter(step=Step.CONSENT).exists()
    assert valid_consent(case) is None


def test_nothing_can_be_documented_after_a_refusal(case, convener):
    """A refused consent is no consent: preparation is refused."""
    give_consent(case, convener, [], decision=ConsentDecision.REFUSED)
    with pytest.raises(ValidationError) as excinfo:
        services.preparation_save(case=case, by=convener, what_matters="Att få gå i skolan.")
    assert excinfo.value.code == "consent_required"


def test_a_new_consent_supersedes_the_previous_one(consented_case, convener, school_unit, bup_unit, social_unit):
    """A wider consent replaces the one in force, which is kept with status superseded."""
    previous = valid_consent(consented_case)
    wider = give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    previous.refresh_from_db()
    assert previous.status == ConsentStatus.SUPERSEDED
    assert wider.status == ConsentStatus.ACTIVE
    assert valid_consent(consented_case) == wider
    assert consented_case.consents.count() == 2
    assert consented_case.steps.filter(step=Step.CONSENT).count() == 1


def test_a_new_consent_does_not_move_the_case_back(consented_case, convener, school_unit, bup_unit):
    """A case in preparation stays in preparation when a new consent is recorded."""
    services.preparation_save(case=consented_case, by=convener, what_matters="Att få gå i skolan.")
    give_consent(consented_case, convener, [school_unit, bup_unit])
    consented_case.refresh_from_db()
    assert consented_case.status == Step.PREPARATION


def test_a_consent_from_the_future_is_not_yet_in_force(case, convener, school_unit):
    """A consent starting next week allows nothing today, and everything from its first day."""
    start = TODAY + 7 * DAY
    give_consent(case, convener, [school_unit], valid_from=start)
    with pytest.raises(ValidationError) as excinfo:
        services.preparation_save(case=case, by=convener, what_matters="Att få gå i skolan.")
    assert excinfo.value.code == "consent_required"
    with clock.frozen_clock(start):
        assert services.preparation_save(case=case, by=convener, what_matters="Att få gå i skolan.").pk


# --- writes need consent --------------------------------------------------------------------------------------


def test_preparation_is_refused_without_consent(case, convener):
    """Nothing is documented before consent: preparation_save raises consent_required."""
    with pytest.raises(ValidationError) as excinfo:
        services.preparation_save(case=case, by=convener, what_matters="Att få gå i skolan.")
    assert excinfo.value.code == "consent_required"
    assert excinfo.value.messages == [str(CONSENT_REQUIRED)]
    assert not Preparation.objects.exists()


def test_adding_an_actor_is_refused_without_consent(case, convener, bup_unit):
    """No unit joins before consent: case_add_actor raises consent_required."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_add_actor(case=case, by=convener, unit=bup_unit)
    assert excinfo.value.code == "consent_required"
    assert case.actors.count() == 1


def test_writes_are_allowed_on_the_last_day_of_the_consent(consented_case, convener, social_unit):
    """The consent is in force through its end date."""
    last_day = valid_consent(consented_case).valid_to
    with clock.frozen_clock(last_day):
        assert services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.").pk


def test_writes_are_refused_once_the_consent_has_expired(consented_case, convener, social_unit):
    """The day after the consent's end date, preparation and new actors need a new consent."""
    day_after = valid_consent(consented_case).valid_to + DAY
    with clock.frozen_clock(day_after):
        with pytest.raises(ValidationError) as prep_error:
            services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.")
        with pytest.raises(ValidationError) as actor_error:
            services.case_add_actor(case=consented_case, by=convener, unit=social_unit)
    assert prep_error.value.code == actor_error.value.code == "consent_required"


def test_a_new_consent_after_expiry_allows_writes_again(consented_case, convener, school_unit):
    """Once a new consent is recorded after the old one ran out, documenting is possible again."""
    day_after = valid_consent(consented_case).valid_to + DAY
    with clock.frozen_clock(day_after):
        give_consent(consented_case, convener, [school_unit], valid_from=day_after)
        assert services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.").pk


# --- case_add_actor -------------------------------------------------------------------------------------------


def test_case_add_actor_adds_a_covered_unit_with_its_contact(consented_case, actor_staff, bup_unit):
    """A unit covered by the consent joins with a named contact (the conftest case adds BUP)."""
    actor = bup_actor(consented_case)
    assert (actor.unit, actor.contact, actor.joined_at, actor.is_active) == (bup_unit, actor_staff, clock.now(), True)
    assert can_view_case(actor_staff, consented_case)


def test_case_add_actor_refuses_a_unit_outside_the_consent(consented_case, convener, social_unit):
    """A unit the consent does not cover cannot join: code unit_not_covered on the unit field."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_add_actor(case=consented_case, by=convener, unit=social_unit)
    [error] = excinfo.value.error_dict["unit"]
    assert error.code == "unit_not_covered"
    assert error.message == services.UNIT_NOT_COVERED
    assert not consented_case.actors.filter(unit=social_unit).exists()


def test_case_add_actor_accepts_the_unit_once_a_new_consent_covers_it(
    consented_case, convener, school_unit, bup_unit, social_unit, social_staff
):
    """After a wider consent the social services unit joins and its staff see the case."""
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    services.case_add_actor(case=consented_case, by=convener, unit=social_unit, contact=social_staff)
    assert can_view_case(social_staff, consented_case)


def test_case_add_actor_refuses_a_unit_that_is_already_an_active_actor(consented_case, actor_staff, bup_unit):
    """A unit cannot be added twice while it takes part."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_add_actor(case=consented_case, by=actor_staff, unit=bup_unit)
    assert excinfo.value.message_dict == {"unit": [str(services.UNIT_ALREADY_ACTOR)]}
    assert consented_case.actors.filter(unit=bup_unit).count() == 1


def test_a_unit_that_left_may_be_added_again(consented_case, convener, bup_unit, actor_staff):
    """After leaving, a covered unit can rejoin; the old actor row stays as history."""
    services.case_leave_actor(actor=bup_actor(consented_case), by=convener)
    again = services.case_add_actor(case=consented_case, by=convener, unit=bup_unit, contact=actor_staff)
    assert again.is_active
    assert consented_case.actors.filter(unit=bup_unit).count() == 2


# --- case_leave_actor -----------------------------------------------------------------------------------------


def test_an_actor_unit_leaves_the_case_without_closing_it(consented_case, actor_staff):
    """Staff of the unit record that it leaves; the case stays open and they lose access."""
    actor = services.case_leave_actor(actor=bup_actor(consented_case), by=actor_staff, note="Insatsen avslutad.")
    actor.refresh_from_db()
    assert (actor.left_at, actor.left_note) == (clock.now(), "Insatsen avslutad.")
    consented_case.refresh_from_db()
    assert not consented_case.is_closed
    assert not can_view_case(actor_staff, consented_case)


def test_the_convener_unit_may_record_that_an_actor_left(consented_case, convener):
    """Staff of the convener's unit may record another unit leaving."""
    actor = services.case_leave_actor(actor=bup_actor(consented_case), by=convener)
    assert not actor.is_active


def test_the_convener_unit_cannot_leave_its_own_case(consented_case, convener, manager, school_unit):
    """The convener's unit closes the case instead of leaving it."""
    own = consented_case.actors.get(unit=school_unit)
    for user in (convener, manager):
        with pytest.raises(ValidationError) as excinfo:
            services.case_leave_actor(actor=own, by=user)
        assert excinfo.value.messages == [str(services.CONVENER_UNIT_CANNOT_LEAVE)]
    own.refresh_from_db()
    assert own.is_active


def test_another_actor_cannot_make_a_unit_leave(
    consented_case, convener, school_unit, bup_unit, social_unit, social_staff
):
    """Staff of a third actor unit may not record that BUP leaves."""
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    services.case_add_actor(case=consented_case, by=convener, unit=social_unit, contact=social_staff)
    with pytest.raises(PermissionDenied):
        services.case_leave_actor(actor=consented_case.actors.get(unit=bup_unit), by=social_staff)


def test_an_actor_that_has_left_cannot_leave_again(consented_case, convener):
    """Leaving twice is refused and the first leaving time is kept."""
    actor = services.case_leave_actor(actor=bup_actor(consented_case), by=convener)
    first_left_at = actor.left_at
    with clock.frozen_clock(TODAY + DAY), pytest.raises(ValidationError) as excinfo:
        services.case_leave_actor(actor=actor, by=convener)
    assert excinfo.value.messages == [str(services.ACTOR_ALREADY_LEFT)]
    actor.refresh_from_db()
    assert actor.left_at == first_left_at


def test_after_the_consent_has_expired_the_convener_records_that_a_unit_leaves(consented_case, convener, actor_staff):
    """Leaving shares nothing, so it needs no consent in force; but without consent BUP no longer has access to
    the case, so the convener's unit records it."""
    day_after = valid_consent(consented_case).valid_to + DAY
    with clock.frozen_clock(day_after):
        with pytest.raises(PermissionDenied):
            services.case_leave_actor(actor=bup_actor(consented_case), by=actor_staff)
        actor = services.case_leave_actor(actor=bup_actor(consented_case), by=convener)
        assert actor.left_at == clock.now()


# --- preparation_save -----------------------------------------------------------------------------------------


def test_preparation_save_records_the_individuals_preparation(consented_case, convener, bup_unit):
    """The preparation keeps what matters, wishes and participants, and moves the case to preparation."""
    preparation = services.preparation_save(
        case=consented_case,
        by=convener,
        wished_units=[bup_unit],
        what_matters="Att få gå i skolan.",
        purpose="Samordna stödet.",
        interpreter_language="arabiska",
        protected_identity_checked=True,
    )
    preparation.refresh_from_db()
    assert preparation.what_matters == "Att få gå i skolan."
    assert preparation.interpreter_language == "arabiska"
    assert preparation.protected_identity_checked
    assert preparation.updated_by == convener
    assert list(preparation.wished_units.all()) == [bup_unit]
    consented_case.refresh_from_db()
    assert consented_case.status == Step.PREPARATION
    assert consented_case.steps.filter(step=Step.PREPARATION).exists()


def test_preparation_save_updates_the_same_preparation(consented_case, convener, actor_staff):
    """A second save changes the one preparation of the case."""
    first = services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.", purpose="A")
    second = services.preparation_save(case=consented_case, by=actor_staff, what_matters="Skolan och fritids.")
    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.what_matters, second.purpose, second.updated_by) == ("Skolan och fritids.", "A", actor_staff)


def test_preparation_needs_what_matters_to_the_individual(consented_case, convener):
    """The answer to "Vad är viktigt för dig?" is required; nothing is saved without it."""
    with pytest.raises(ValidationError) as excinfo:
        services.preparation_save(case=consented_case, by=convener, purpose="Samordna.")
    assert "what_matters" in excinfo.value.message_dict
    assert not Preparation.objects.exists()


def test_preparation_save_refuses_unknown_fields(consented_case, convener):
    """Only the preparation's own fields can be written through the service."""
    with pytest.raises(ValueError, match="voided_at"):
        services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.", voided_at=clock.now())


# --- consent_withdraw -----------------------------------------------------------------------------------------


def test_withdrawal_closes_the_case_at_once(consented_case, convener):
    """The case ends immediately with reason consent withdrawn."""
    withdraw(valid_consent(consented_case), convener, note="Ringde och återkallade.")
    consented_case.refresh_from_db()
    assert consented_case.status == Step.CLOSED
    assert consented_case.close_reason == CloseReason.CONSENT_WITHDRAWN
    assert consented_case.closed_at == clock.now()
    assert consented_case.close_note == "Ringde och återkallade."
    assert consented_case.steps.filter(step=Step.CLOSED, reached_at=clock.now()).exists()


def test_withdrawal_records_who_withdrew_how_and_who_recorded_it(consented_case, actor_staff):
    """The consent is kept with status withdrawn, when, by whom, in what form and who recorded it."""
    consent = withdraw(
        valid_consent(consented_case), actor_staff, withdrawn_by_whom="Tolvans mamma", withdrawal_form="written"
    )
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert consent.withdrawn_at == clock.now()
    assert consent.withdrawn_recorded_by == actor_staff
    assert consent.withdrawn_by_whom == "Tolvans mamma"
    assert consent.withdrawal_form == ConsentForm.WRITTEN
    assert consent.withdrawal_note == "Ringde."
    assert valid_consent(consented_case) is None


def test_withdrawal_ends_access_for_every_unit_but_the_conveners(consented_case, convener, actor_staff, school_unit):
    """Other units stop taking part at once; the convener's unit keeps the case, read-only."""
    withdraw(valid_consent(consented_case), convener)
    actor = bup_actor(consented_case)
    assert actor.left_at == clock.now()
    assert consented_case.actors.get(unit=school_unit).is_active
    assert not can_view_case(actor_staff, consented_case)
    assert can_view_case(convener, consented_case)


def test_withdrawal_keeps_the_preparation_under_a_keep_profile(consented_case, convener, profile):
    """Under Västmanland's routine what was documented is kept as it was, read-only."""
    assert profile.withdrawn_documentation == WithdrawnDocumentation.KEEP
    services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.")
    withdraw(valid_consent(consented_case), convener)
    preparation = Preparation.objects.get(case=consented_case)
    assert preparation.voided_at is None
    assert preparation.what_matters == "Skolan."


def test_withdrawal_voids_the_preparation_under_a_void_profile(consented_case, convener, profile):
    """Under the older routine (004) what was documented is voided: kept, but marked void."""
    services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.")
    profile.withdrawn_documentation = WithdrawnDocumentation.VOID
    profile.save()
    withdraw(Consent.objects.get(status=ConsentStatus.ACTIVE), convener)
    preparation = Preparation.objects.get(case=consented_case)
    assert preparation.voided_at == clock.now()
    assert preparation.what_matters == "Skolan."
    assert AuditEvent.objects.filter(
        action="update", object_type="cases.preparation", object_id=str(preparation.pk), summary="preparation_void"
    ).exists()


WRITES_ON_A_CASE = {
    "preparation_save": lambda case, by, unit: services.preparation_save(case=case, by=by, what_matters="Skolan."),
    "case_add_actor": lambda case, by, unit: services.case_add_actor(case=case, by=by, unit=unit),
    "consent_record": lambda case, by, unit: give_consent(case, by, [unit]),
    "case_close": lambda case, by, unit: services.case_close(case=case, by=by, reason=CloseReason.OTHER),
    "case_record_assessment": lambda case, by, unit: services.case_record_assessment(
        case=case, by=by, assessment=Assessment.START, note=""
    ),
    "case_leave_actor": lambda case, by, unit: services.case_leave_actor(actor=case.actors.get(unit=unit), by=by),
}


@pytest.mark.parametrize("write", WRITES_ON_A_CASE)
def test_a_withdrawn_case_refuses_further_writes(consented_case, convener, school_unit, write):
    """After withdrawal every write on the case is refused, saying the case is read-only, and writes no audit row."""
    withdraw(valid_consent(consented_case), convener)
    with audit_events() as events, pytest.raises(ValidationError) as excinfo:
        WRITES_ON_A_CASE[write](consented_case, convener, school_unit)
    assert excinfo.value.code == "consent_withdrawn"
    assert excinfo.value.messages == [str(CONSENT_WITHDRAWN_READ_ONLY)]
    assert events == []


def test_a_superseded_consent_cannot_be_withdrawn(consented_case, convener, school_unit):
    """Only the consent in force can be withdrawn."""
    old = valid_consent(consented_case)
    give_consent(consented_case, convener, [school_unit])
    old.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        withdraw(old, convener)
    assert excinfo.value.messages == [str(services.CONSENT_NOT_ACTIVE)]
    consented_case.refresh_from_db()
    assert not consented_case.is_closed


# --- case_close -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason", [CloseReason.GOALS_MET, CloseReason.NO_LONGER_NEEDED, CloseReason.DIED, CloseReason.OTHER]
)
def test_case_close_records_the_reason(consented_case, convener, reason):
    """Closing stores the reason, the note and the moment, and puts closed on the time line."""
    services.case_close(case=consented_case, by=convener, reason=reason, note="Avslutas.")
    consented_case.refresh_from_db()
    assert consented_case.is_closed
    assert (consented_case.close_reason, consented_case.close_note) == (reason, "Avslutas.")
    assert consented_case.closed_at == clock.now()
    assert consented_case.steps.filter(step=Step.CLOSED, by=convener).exists()


def test_a_case_without_consent_can_be_closed(case, convener):
    """A case that never got consent can still be closed, e.g. when the need went away."""
    services.case_close(case=case, by=convener, reason=CloseReason.NO_LONGER_NEEDED)
    case.refresh_from_db()
    assert case.is_closed


def test_case_close_refuses_an_unknown_reason(consented_case, convener):
    """The reason must be one of the closing reasons."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(case=consented_case, by=convener, reason="bored")
    assert list(excinfo.value.message_dict) == ["reason"]
    consented_case.refresh_from_db()
    assert not consented_case.is_closed


def test_case_close_with_consent_withdrawn_asks_for_the_withdrawal_instead(consented_case, convener):
    """While a consent is active, closing as withdrawn must go through consent_withdraw."""
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(case=consented_case, by=convener, reason=CloseReason.CONSENT_WITHDRAWN)
    assert list(excinfo.value.message_dict) == ["reason"]
    assert valid_consent(consented_case).status == ConsentStatus.ACTIVE


def test_a_closed_case_cannot_be_closed_again(consented_case, convener):
    """The first closure stands; a second raises case_closed."""
    services.case_close(case=consented_case, by=convener, reason=CloseReason.GOALS_MET)
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(case=consented_case, by=convener, reason=CloseReason.OTHER)
    assert excinfo.value.code == "case_closed"
    consented_case.refresh_from_db()
    assert consented_case.close_reason == CloseReason.GOALS_MET


def test_a_closed_case_stays_visible_to_its_units(consented_case, convener, actor_staff):
    """After an ordinary closure the units still see the case, read-only."""
    services.case_close(case=consented_case, by=convener, reason=CloseReason.GOALS_MET)
    assert can_view_case(convener, consented_case)
    assert can_view_case(actor_staff, consented_case)


# --- who may act ----------------------------------------------------------------------------------------------


EVERY_CASE_SERVICE = {
    "case_record_assessment": lambda case: services.case_record_assessment(
        case=case, by=case.test_user, assessment=Assessment.START, note=""
    ),
    "consent_record": lambda case: give_consent(case, case.test_user, [case.convener_unit]),
    "consent_withdraw": lambda case: withdraw(valid_consent(case), case.test_user),
    "case_add_actor": lambda case: services.case_add_actor(case=case, by=case.test_user, unit=case.convener_unit),
    "case_leave_actor": lambda case: services.case_leave_actor(actor=bup_actor(case), by=case.test_user),
    "preparation_save": lambda case: services.preparation_save(case=case, by=case.test_user, what_matters="X"),
    "case_close": lambda case: services.case_close(case=case, by=case.test_user, reason=CloseReason.OTHER),
}


def snapshot(case) -> tuple:
    return (
        CoordinationCase.objects.filter(pk=case.pk).values_list("status", "assessment", "close_reason").get(),
        sorted(Consent.objects.filter(case=case).values_list("id", "status")),
        sorted(CaseActor.objects.filter(case=case).values_list("id", "left_at")),
        Preparation.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize("persona", ["outsider", "admin"])
@pytest.mark.parametrize("service", EVERY_CASE_SERVICE)
def test_staff_without_a_part_in_the_case_get_permission_denied(consented_case, request, persona, service):
    """Staff of an unrelated unit, and a local administrator of the convener's unit, may not act at all."""
    consented_case.test_user = request.getfixturevalue(persona)
    before = snapshot(consented_case)
    with audit_events() as events, pytest.raises(PermissionDenied):
        EVERY_CASE_SERVICE[service](consented_case)
    assert events == []
    assert snapshot(consented_case) == before


@pytest.mark.parametrize("persona", ["outsider", "admin"])
def test_case_start_is_refused_to_staff_of_other_units_and_local_administrators(request, persona, school_unit, adult):
    """Neither an outsider nor a local administrator of the unit can start a case from it."""
    with audit_events() as events, pytest.raises(PermissionDenied):
        start_case(request.getfixturevalue(persona), school_unit, adult)
    assert events == []
    assert not CoordinationCase.objects.exists()


def test_a_local_administrator_who_is_also_staff_elsewhere_cannot_act_through_the_admin_role(
    consented_case, other_unit
):
    """Local administrator of the school plus staff of an unrelated unit still gives no right in the case."""
    user = make_user(other_unit)
    Membership.objects.create(user=user, unit=consented_case.convener_unit, role=Role.LOCAL_ADMIN)
    with pytest.raises(PermissionDenied):
        services.preparation_save(case=consented_case, by=user, what_matters="X")


def test_a_manager_of_the_convener_unit_may_act(consented_case, manager):
    """The unit manager acts in the unit's cases like its staff."""
    preparation = services.preparation_save(case=consented_case, by=manager, what_matters="Skolan.")
    assert preparation.updated_by == manager
    services.case_close(case=consented_case, by=manager, reason=CloseReason.GOALS_MET)


def test_staff_of_a_unit_that_left_can_no_longer_act(consented_case, actor_staff):
    """Once BUP has left, its staff get PermissionDenied like any outsider."""
    services.case_leave_actor(actor=bup_actor(consented_case), by=actor_staff)
    with pytest.raises(PermissionDenied):
        services.preparation_save(case=consented_case, by=actor_staff, what_matters="X")


def test_staff_of_an_inactive_unit_cannot_act(consented_case, school_unit):
    """A membership of a deactivated unit gives no right to act."""
    colleague = make_user(school_unit)
    Unit.objects.filter(pk=school_unit.pk).update(is_active=False)
    with pytest.raises(PermissionDenied):
        services.preparation_save(case=consented_case, by=colleague, what_matters="X")


# --- one audit row per call -----------------------------------------------------------------------------------


def assert_one_event(events, action, obj, person, user):
    assert [event_key(event) for event in events] == [
        (action, obj._meta.label_lower, str(obj.pk), person.pk),
    ]
    [event] = events
    assert (event.user, event.username, event.at) == (user, user.username, clock.now())


def test_case_start_writes_one_create_event_for_the_case(convener, school_unit, adult):
    """Starting a case leaves one create row for cases.coordinationcase, naming the person."""
    with audit_events() as events:
        case = start_case(convener, school_unit, adult)
    assert_one_event(events, AuditAction.CREATE, case, adult, convener)
    assert events[0].object_type == "cases.coordinationcase"


def test_discharge_case_start_writes_one_create_event_for_the_case(care_contact, care_centre, adult, ward):
    """The discharge notice is saved with the case under the case's one create row."""
    with audit_events() as events:
        case = start_discharge_case(care_contact, care_centre, adult, ward)
    assert_one_event(events, AuditAction.CREATE, case, adult, care_contact)


def test_case_record_assessment_writes_one_update_event_for_the_case(individual_case, convener, adult):
    """Recording the assessment leaves one update row for the case."""
    with audit_events() as events:
        services.case_record_assessment(case=individual_case, by=convener, assessment=Assessment.START, note="")
    assert_one_event(events, AuditAction.UPDATE, individual_case, adult, convener)


@pytest.mark.parametrize("decision", [ConsentDecision.GIVEN, ConsentDecision.REFUSED])
def test_consent_record_writes_one_create_event_for_the_consent(case, convener, school_unit, adult, decision):
    """Recording a consent or a refusal leaves one create row for cases.consent."""
    with audit_events() as events:
        consent = give_consent(case, convener, [school_unit], decision=decision)
    assert_one_event(events, AuditAction.CREATE, consent, adult, convener)
    assert events[0].object_type == "cases.consent"
    assert events[0].summary == f"consent_record:{decision}"


def test_consent_withdraw_writes_an_update_for_the_consent_and_one_for_closing_the_case(
    consented_case, convener, adult
):
    """Withdrawal changes two records and logs each once: the consent, then the case's closure."""
    consent = valid_consent(consented_case)
    with audit_events() as events:
        withdraw(consent, convener)
    assert [event_key(event) for event in events] == [
        (AuditAction.UPDATE, "cases.consent", str(consent.pk), adult.pk),
        (AuditAction.UPDATE, "cases.coordinationcase", str(consented_case.pk), adult.pk),
    ]
    assert [event.summary for event in events] == ["consent_withdraw", "case_close:consent_withdrawn"]


def test_case_add_actor_writes_one_create_event_for_the_actor(
    consented_case, convener, school_unit, bup_unit, social_unit, adult
):
    """Adding an actor leaves one create row for cases.caseactor."""
    give_consent(consented_case, convener, [school_unit, bup_unit, social_unit])
    with audit_events() as events:
        actor = services.case_add_actor(case=consented_case, by=convener, unit=social_unit)
    assert_one_event(events, AuditAction.CREATE, actor, adult, convener)
    assert events[0].object_type == "cases.caseactor"


def test_case_leave_actor_writes_one_update_event_for_the_actor(consented_case, actor_staff, adult):
    """An actor leaving leaves one update row for cases.caseactor."""
    actor = bup_actor(consented_case)
    with audit_events() as events:
        services.case_leave_actor(actor=actor, by=actor_staff)
    assert_one_event(events, AuditAction.UPDATE, actor, adult, actor_staff)


def test_preparation_save_writes_a_create_event_then_an_update_event(consented_case, convener, adult):
    """The first save logs a create of cases.preparation, the next an update, one row each."""
    with audit_events() as first:
        preparation = services.preparation_save(case=consented_case, by=convener, what_matters="Skolan.")
    assert_one_event(first, AuditAction.CREATE, preparation, adult, convener)
    assert first[0].object_type == "cases.preparation"
    with audit_events() as second:
        services.preparation_save(case=consented_case, by=convener, what_matters="Skolan och fritids.")
    assert_one_event(second, AuditAction.UPDATE, preparation, adult, convener)


def test_case_close_writes_one_update_event_for_the_case(consented_case, convener, adult):
    """Closing leaves one update row for the case, with the reason in the summary."""
    with audit_events() as events:
        services.case_close(case=consented_case, by=convener, reason=CloseReason.GOALS_MET)
    assert_one_event(events, AuditAction.UPDATE, consented_case, adult, convener)
    assert events[0].summary == "case_close:goals_met"


def test_a_refused_call_writes_no_audit_row(case, convener):
    """A service that raises leaves nothing in the log, because the row is written in the same transaction."""
    with audit_events() as events, pytest.raises(ValidationError):
        give_consent(case, convener, [])
    assert events == []


def test_the_audit_row_names_the_person_of_the_case_not_the_acting_user(child_case, convener, child, guardian):
    """A guardian's consent for a child is logged against the child."""
    with audit_events() as events:
        give_consent(
            child_case, convener, [child_case.convener_unit], given_by=ConsentGiver.GUARDIANS, guardians=[guardian]
        )
    assert [event.person_id for event in events] == [child.pk]
