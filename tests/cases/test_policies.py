"""Who may see a case, and which consent is in force: the access rules every view and service asks."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from samordna.cases import services
from samordna.cases.models import (
    CloseReason,
    ConsentDecision,
    ConsentForm,
    ConsentGiver,
    ConsentStatus,
    InitiatorKind,
)
from samordna.cases.policies import (
    CONSENT_WITHDRAWN_READ_ONLY,
    acting_unit_ids,
    ensure_can_act,
    get_visible_case,
    valid_consent,
    visible_cases,
)
from samordna.common import clock
from samordna.organizations.models import Membership, Role, Unit
from tests.conftest import TODAY, make_user

DAY = datetime.timedelta(days=1)


def record_consent(case, by, units, **overrides):
    fields = {
        "decision": ConsentDecision.GIVEN,
        "given_by": ConsentGiver.INDIVIDUAL,
        "form": ConsentForm.ORAL,
        "valid_from": TODAY,
        "units": units,
    }
    fields.update(overrides)
    return services.consent_record(case=case, by=by, **fields)


# --- visible_cases / get_visible_case -------------------------------------------------------------------------


def test_the_convener_sees_the_case(case, convener):
    """The staff member who opened the case sees it."""
    assert get_visible_case(convener, case.pk) == case


def test_every_staff_member_of_the_convener_unit_sees_the_case(case, school_unit):
    """The case belongs to the unit, not only to the convener: a colleague sees it too."""
    colleague = make_user(school_unit)
    assert get_visible_case(colleague, case.pk) == case


def test_the_manager_of_the_convener_unit_sees_the_case(case, manager):
    """The unit manager sees the unit's cases."""
    assert get_visible_case(manager, case.pk) == case


def test_staff_of_an_active_actor_unit_see_the_case(consented_case, actor_staff, bup_unit):
    """BUP, added as actor, sees the case; so does a BUP colleague who is not the named contact."""
    assert get_visible_case(actor_staff, consented_case.pk) == consented_case
    assert get_visible_case(make_user(bup_unit), consented_case.pk) == consented_case


def test_staff_of_the_lead_unit_see_the_case(case, outsider, other_unit):
    """The unit of the lead (huvudansvarig) sees the case even without an actor row."""
    case.lead, case.lead_unit = outsider, other_unit
    case.save()
    assert get_visible_case(outsider, case.pk) == case


def test_an_outsider_gets_404_for_the_case(consented_case, outsider):
    """Staff of an unrelated unit get 404, as if the case did not exist."""
    with pytest.raises(Http404):
        get_visible_case(outsider, consented_case.pk)
    assert not visible_cases(outsider).exists()


def test_a_local_administrator_gets_404_for_the_case(consented_case, admin):
    """A local administrator membership of the convener's unit shows no case content."""
    with pytest.raises(Http404):
        get_visible_case(admin, consented_case.pk)
    assert not visible_cases(admin).exists()


def test_a_local_administrator_who_is_staff_of_an_actor_unit_sees_the_case_through_that_unit(
    consented_case, admin, bup_unit
):
    """Only the staff membership counts: as BUP staff the administrator sees the case BUP takes part in."""
    Membership.objects.create(user=admin, unit=bup_unit, role=Role.STAFF)
    assert get_visible_case(admin, consented_case.pk) == consented_case


def test_an_actor_unit_gets_404_after_it_left(consented_case, convener, actor_staff, bup_unit):
    """When BUP leaves the case, its staff no longer see it."""
    actor = consented_case.actors.get(unit=bup_unit)
    services.case_leave_actor(actor=actor, by=convener)
    with pytest.raises(Http404):
        get_visible_case(actor_staff, consented_case.pk)
    assert get_visible_case(convener, consented_case.pk) == consented_case


def test_an_actor_unit_that_rejoined_sees_the_case_again(consented_case, convener, actor_staff, bup_unit):
    """A later active actor row restores access."""
    services.case_leave_actor(actor=consented_case.actors.get(unit=bup_unit), by=convener)
    services.case_add_actor(case=consented_case, by=convener, unit=bup_unit)
    assert get_visible_case(actor_staff, consented_case.pk) == consented_case


def test_a_unit_covered_by_the_consent_but_not_an_actor_does_not_see_the_case(case, convener, school_unit, social_unit):
    """Consent allows a unit to join; it gives no access until the unit is added as actor."""
    record_consent(case, convener, [school_unit, social_unit])
    with pytest.raises(Http404):
        get_visible_case(make_user(social_unit), case.pk)


def test_staff_of_an_inactive_unit_see_no_case(case, school_unit):
    """A deactivated unit's memberships give no access."""
    colleague = make_user(school_unit)
    Unit.objects.filter(pk=school_unit.pk).update(is_active=False)
    with pytest.raises(Http404):
        get_visible_case(colleague, case.pk)


def test_a_case_that_does_not_exist_is_a_404(case, convener):
    """An unknown id answers 404 like a hidden one."""
    with pytest.raises(Http404):
        get_visible_case(convener, case.pk + 1000)


def test_visible_cases_lists_each_case_once(consented_case, convener, school_unit, bup_unit):
    """The convener's unit is both convener and actor, and the case is still listed once."""
    assert list(visible_cases(convener)) == [consented_case]
    user_in_two_units = make_user(school_unit)
    Membership.objects.create(user=user_in_two_units, unit=bup_unit, role=Role.STAFF)
    assert list(visible_cases(user_in_two_units)) == [consented_case]


def test_visible_cases_lists_only_the_users_cases(case, convener, adult, bup_unit, actor_staff):
    """A case opened at BUP is not listed for the school's convener, and the school's is not listed for BUP."""
    bup_case = services.case_start(
        by=actor_staff,
        person=adult,
        unit=bup_unit,
        initiator_kind=InitiatorKind.REGIONAL_HEALTH_CARE,
        need_noticed_on=TODAY,
    )
    assert list(visible_cases(convener)) == [case]
    assert list(visible_cases(actor_staff)) == [bup_case]


def test_an_anonymous_user_sees_no_case(case):
    """Without login there are no unit memberships and no cases."""
    assert not visible_cases(AnonymousUser()).exists()


def test_a_closed_case_stays_visible_to_the_convener_unit(case, convener):
    """Closing keeps the documentation readable for the units in the case."""
    services.case_close(case=case, by=convener, reason=CloseReason.NO_LONGER_NEEDED)
    assert get_visible_case(convener, case.pk) == case


# --- valid_consent --------------------------------------------------------------------------------------------


def test_a_case_without_consent_has_no_valid_consent(case):
    """Before any consent is recorded nothing is in force."""
    assert valid_consent(case) is None


def test_the_recorded_consent_is_valid_from_its_first_to_its_last_day(case, convener, school_unit):
    """A consent is in force on its start date and on its end date, and not the day after."""
    consent = record_consent(case, convener, [school_unit], valid_to=TODAY + 10 * DAY)
    assert valid_consent(case) == consent
    with clock.frozen_clock(TODAY + 10 * DAY):
        assert valid_consent(case) == consent
    with clock.frozen_clock(TODAY + 11 * DAY):
        assert valid_consent(case) is None


def test_a_consent_starting_later_is_not_valid_yet(case, convener, school_unit):
    """A consent from next week is not in force today."""
    consent = record_consent(case, convener, [school_unit], valid_from=TODAY + 7 * DAY)
    assert valid_consent(case) is None
    with clock.frozen_clock(TODAY + 7 * DAY):
        assert valid_consent(case) == consent


def test_a_refusal_is_not_a_valid_consent(case, convener):
    """A recorded refusal never counts as consent, even on its own date."""
    refusal = record_consent(case, convener, [], decision=ConsentDecision.REFUSED)
    assert refusal.valid_from == TODAY
    assert valid_consent(case) is None


def test_only_the_newest_consent_is_valid_after_a_new_one(consented_case, convener, school_unit):
    """The superseded consent no longer counts even though its period has not ended."""
    old = valid_consent(consented_case)
    new = record_consent(consented_case, convener, [school_unit])
    old.refresh_from_db()
    assert old.status == ConsentStatus.SUPERSEDED
    assert old.valid_to >= TODAY
    assert valid_consent(consented_case) == new


def test_a_withdrawn_consent_is_not_valid(consented_case, convener):
    """Withdrawal ends the consent at once, well before its end date."""
    services.consent_withdraw(
        consent=valid_consent(consented_case), by=convener, withdrawn_by_whom="Tolvan", withdrawal_form="oral"
    )
    assert valid_consent(consented_case) is None


# --- consent: coverage, expiry, withdrawal --------------------------------------------------------------------


def test_an_actor_unit_not_covered_by_the_consent_in_force_gets_404(consented_case, convener, actor_staff, school_unit):
    """A new consent that leaves BUP out ends BUP's access although BUP is still an actor."""
    record_consent(consented_case, convener, [school_unit])
    with pytest.raises(Http404):
        get_visible_case(actor_staff, consented_case.pk)
    assert get_visible_case(convener, consented_case.pk) == consented_case


def test_after_the_consent_expired_the_actor_unit_gets_404_until_it_is_renewed(
    consented_case, convener, actor_staff, school_unit, bup_unit
):
    """The day after the consent's last day BUP sees nothing; the convener's unit keeps the case and renews."""
    day_after = valid_consent(consented_case).valid_to + DAY
    with clock.frozen_clock(day_after):
        with pytest.raises(Http404):
            get_visible_case(actor_staff, consented_case.pk)
        assert acting_unit_ids(actor_staff, consented_case) == set()
        assert get_visible_case(convener, consented_case.pk) == consented_case
        record_consent(consented_case, convener, [school_unit, bup_unit], valid_from=day_after)
        assert get_visible_case(actor_staff, consented_case.pk) == consented_case


def test_the_lead_unit_keeps_the_case_after_the_consent_expired(consented_case, convener, actor_staff, bup_unit):
    """The lead's unit answers for the case and sees it without consent in force, like the convener's."""
    services.case_set_lead(case=consented_case, by=convener, lead=actor_staff, lead_unit=bup_unit)
    with clock.frozen_clock(valid_consent(consented_case).valid_to + DAY):
        assert get_visible_case(actor_staff, consented_case.pk) == consented_case


def withdraw(case, by):
    services.consent_withdraw(consent=valid_consent(case), by=by, withdrawn_by_whom="Tolvan", withdrawal_form="oral")
    case.refresh_from_db()


def test_after_withdrawal_only_the_lead_unit_sees_the_case(consented_case, convener, actor_staff, bup_unit):
    """With BUP named lead, withdrawal leaves the case to BUP alone: the convener's unit gets 404 too."""
    services.case_set_lead(case=consented_case, by=convener, lead=actor_staff, lead_unit=bup_unit)
    withdraw(consented_case, convener)
    assert get_visible_case(actor_staff, consented_case.pk) == consented_case
    with pytest.raises(Http404):
        get_visible_case(convener, consented_case.pk)


def test_after_withdrawal_without_a_lead_the_convener_unit_keeps_the_case_and_actors_get_404(
    consented_case, convener, actor_staff
):
    """Until a lead is named the convener's unit answers for the case; other actors lose it at once."""
    withdraw(consented_case, convener)
    assert get_visible_case(convener, consented_case.pk) == consented_case
    with pytest.raises(Http404):
        get_visible_case(actor_staff, consented_case.pk)


def test_after_withdrawal_the_case_is_read_only_with_a_clear_message(consented_case, convener):
    """Any write is refused saying that the consent was withdrawn and the case can only be read."""
    withdraw(consented_case, convener)
    with pytest.raises(ValidationError) as excinfo:
        ensure_can_act(convener, consented_case)
    assert excinfo.value.code == "consent_withdrawn"
    assert excinfo.value.messages == [str(CONSENT_WITHDRAWN_READ_ONLY)]


def test_a_manager_sees_the_cases_of_the_units_they_manage_and_no_other(consented_case, bup_unit, other_unit):
    """The manager of BUP sees the case BUP takes part in; the manager of an unrelated unit does not."""
    assert get_visible_case(make_user(bup_unit, Role.MANAGER), consented_case.pk) == consented_case
    with pytest.raises(Http404):
        get_visible_case(make_user(other_unit, Role.MANAGER), consented_case.pk)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COUNTY_COORDINATOR, Role.LOCAL_ADMIN])
def test_auditors_county_coordinators_and_local_administrators_of_the_convener_unit_see_no_case(
    consented_case, school_unit, role
):
    """These roles see logs, routine profiles and directories, never case content, even in the case's unit."""
    user = make_user(school_unit, role)
    assert not visible_cases(user).exists()
    assert acting_unit_ids(user, consented_case) == set()


def test_the_ward_that_sent_a_discharge_notice_sees_the_case_before_consent(adult, region, profile):
    """At discharge the inpatient ward may start the case for the care contact and follows it as an actor."""
    ward = Unit.objects.create(principal=region, name="Avd 5", sector="health_care", is_inpatient_ward=True)
    centre = Unit.objects.create(principal=region, name="Vårdcentralen", sector="health_care")
    nurse, care_contact = make_user(ward), make_user(centre)
    case = services.case_start(
        by=nurse,
        person=adult,
        unit=centre,
        convener=care_contact,
        initiator_kind=InitiatorKind.REGIONAL_HEALTH_CARE,
        need_noticed_on=TODAY,
        discharge_ward=ward,
        discharge_sent_at=clock.now(),
        expected_discharge_on=TODAY + DAY,
    )
    assert get_visible_case(nurse, case.pk) == case
    assert acting_unit_ids(nurse, case) == {ward.pk}


def test_visible_cases_and_acting_unit_ids_agree(consented_case, convener, actor_staff, outsider, manager):
    """The query and the in-memory rule give the same answer for every persona."""
    for user in (convener, actor_staff, outsider, manager):
        assert bool(acting_unit_ids(user, consented_case)) == visible_cases(user).filter(pk=consented_case.pk).exists()
