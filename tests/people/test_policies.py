"""Who may open a person's page: the same case rules as cases.policies, written out for the people app."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from samordna.cases import services
from samordna.cases.models import InitiatorKind
from samordna.cases.policies import CONSENT_WITHDRAWN_READ_ONLY, valid_consent
from samordna.common import clock
from samordna.people.policies import get_visible_person, visible_persons
from tests.conftest import TODAY

DAY = datetime.timedelta(days=1)


def withdraw(case, by):
    services.consent_withdraw(consent=valid_consent(case), by=by, withdrawn_by_whom="Tolvan", withdrawal_form="oral")


def test_an_actor_sees_the_person_while_the_consent_covers_it(consented_case, actor_staff, adult):
    assert get_visible_person(actor_staff, adult.pk) == adult


def test_an_actor_gets_404_for_the_person_after_the_consent_expired(consented_case, actor_staff, adult):
    with clock.frozen_clock(valid_consent(consented_case).valid_to + DAY), pytest.raises(Http404):
        get_visible_person(actor_staff, adult.pk)


def test_an_actor_gets_404_for_the_person_after_withdrawal(consented_case, convener, actor_staff, adult):
    withdraw(consented_case, convener)
    with pytest.raises(Http404):
        get_visible_person(actor_staff, adult.pk)
    assert get_visible_person(convener, adult.pk) == adult


def test_a_withdrawn_case_does_not_hide_the_persons_other_case(consented_case, convener, actor_staff, adult, bup_unit):
    """BUP's own later case for the same person keeps the person visible to BUP."""
    withdraw(consented_case, convener)
    services.case_start(
        by=actor_staff,
        person=adult,
        unit=bup_unit,
        initiator_kind=InitiatorKind.REGIONAL_HEALTH_CARE,
        need_noticed_on=TODAY,
    )
    assert list(visible_persons(actor_staff)) == [adult]


def test_local_administrators_auditors_and_county_coordinators_see_no_person(
    consented_case, admin, auditor, county_coordinator
):
    for user in (admin, auditor, county_coordinator):
        assert not visible_persons(user).exists()


def test_a_write_after_withdrawal_shows_the_read_only_message_on_the_page(client, consented_case, convener):
    """The convener's unit can still open the form page, and saving answers with the clear message."""
    withdraw(consented_case, convener)
    client.force_login(convener)
    response = client.post(reverse("cases:preparation", args=[consented_case.pk]), {"what_matters": "Skolan."})
    assert response.status_code == 200
    assert str(CONSENT_WITHDRAWN_READ_ONLY) in response.content.decode().replace("&#x27;", "'")
