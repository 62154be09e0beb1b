"""The case pages as the three personas meet them: convener, actor staff and outsider."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services as case_services
from samordna.cases.models import CaseStep, CloseReason, Consent, CoordinationCase, Step
from samordna.people.services import guardian_add
from tests.conftest import TODAY
from tests.factories import identity_number, sent_meeting

pytestmark = pytest.mark.django_db


def case_urls(case):
    consent = case.consents.first()
    actor = case.actors.exclude(unit=case.convener_unit).first()
    urls = [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:assessment", args=[case.pk]),
        reverse("cases:consent_record", args=[case.pk]),
        reverse("cases:actor_add", args=[case.pk]),
        reverse("cases:preparation", args=[case.pk]),
        reverse("cases:close", args=[case.pk]),
    ]
    if consent:
        urls += [
            reverse("cases:consent_withdraw", args=[case.pk, consent.pk]),
            reverse("cases:consent_scan", args=[case.pk, consent.pk]),
        ]
    if actor:
        urls.append(reverse("cases:actor_leave", args=[case.pk, actor.pk]))
    return urls


def test_outsider_gets_404_on_every_case_url(client, outsider, consented_case):
    """A staff member of an unrelated unit cannot tell that the case exists, whatever the URL or method."""
    client.force_login(outsider)
    for url in case_urls(consented_case):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_local_administrator_gets_404_on_the_case(client, admin, consented_case):
    """A local administrator of the convener's own unit sees no case content."""
    client.force_login(admin)
    assert client.get(reverse("cases:detail", args=[consented_case.pk])).status_code == 404


def test_unknown_case_id_is_404(client, convener):
    client.force_login(convener)
    assert client.get(reverse("cases:detail", args=[999999])).status_code == 404


def test_anonymous_user_is_sent_to_login(client, case):
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_actor_staff_sees_the_case_page_and_the_read_is_audited(client, actor_staff, consented_case):
    """Opening the case page writes a read event naming the person."""
    client.force_login(actor_staff)
    response = client.get(reverse("cases:detail", args=[consented_case.pk]))
    assert response.status_code == 200
    assert "Tolvan Tolvansson" in response.content.decode()
    event = AuditEvent.objects.filter(action="read", object_type="cases.coordinationcase").latest("id")
    assert event.user == actor_staff
    assert event.person_id == consented_case.person_id
    assert event.object_id == str(consented_case.pk)


def test_case_page_shows_timeline_actors_and_consent(client, convener, consented_case):
    client.force_login(convener)
    content = client.get(reverse("cases:detail", args=[consented_case.pk])).content.decode()
    for text in ("Behov", "Samtycke", "Förberedelse", "BUP Test", "Gällande", "Det som behövs för planen."):
        assert text in content


def test_protected_identity_name_is_hidden_on_case_page(client, convener, consented_case):
    person = consented_case.person
    person.protected_identity = True
    person.save()
    client.force_login(convener)
    content = client.get(reverse("cases:detail", args=[consented_case.pk])).content.decode()
    assert "Tolvan" not in content
    assert "Skyddad identitet" in content


@pytest.mark.parametrize("count", [5, 50])
def test_case_page_query_count_does_not_grow_with_cases(
    client, convener, school_unit, bup_unit, actor_staff, consented_case, count, django_assert_num_queries
):
    """The case page costs the same number of queries however many cases the user has."""
    from samordna.people.models import Person

    for index in range(count):
        person = Person.objects.create(
            personal_identity_number=identity_number(datetime.date(1990, 1, 1) + datetime.timedelta(days=index), 200),
            first_name="Extra",
            last_name=str(index),
        )
        case_services.case_start(
            by=convener, person=person, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
        )
    case_services.preparation_save(case=consented_case, by=convener, what_matters="Att klara skolan.")
    sent_meeting(consented_case, convener=convener, school_unit=school_unit, bup_unit=bup_unit)
    client.force_login(convener)
    url = reverse("cases:detail", args=[consented_case.pk])
    client.get(url)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert client.get(url).status_code == 200


CASE_PAGE_QUERIES = 23  # with the bell, the audit's person-units and the stored deadlines (refresh check and read)


def test_start_case_from_person_search(client, convener, school_unit, adult):
    """Search by number, start the case: the user becomes convener and the school an actor."""
    client.force_login(convener)
    response = client.post(reverse("people:search"), {"personal_identity_number": "191212121212"})
    assert "Starta ärende" in response.content.decode()
    response = client.post(
        reverse("cases:start") + f"?person={adult.pk}",
        {
            "person": adult.pk,
            "unit": school_unit.pk,
            "initiator_kind": "school",
            "initiator_text": "Mentor",
            "need_noticed_on": TODAY.isoformat(),
            "need_description": "Stor frånvaro.",
        },
    )
    case = CoordinationCase.objects.get(person=adult)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.convener == convener
    assert list(case.actors.values_list("unit", flat=True)) == [school_unit.pk]


def test_start_case_refused_for_person_not_looked_up(client, outsider, adult):
    """An id typed into the URL does not open a person the user has not looked up."""
    client.force_login(outsider)
    assert client.get(reverse("cases:start") + f"?person={adult.pk}").status_code == 404


def test_start_case_with_future_date_keeps_input_and_shows_swedish_error(client, convener, school_unit, adult):
    client.force_login(convener)
    client.post(reverse("people:search"), {"personal_identity_number": "191212121212"})
    response = client.post(
        reverse("cases:start"),
        {
            "person": adult.pk,
            "unit": school_unit.pk,
            "initiator_kind": "school",
            "need_noticed_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "need_description": "Text som ska finnas kvar",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden." in content
    assert "Text som ska finnas kvar" in content
    assert not CoordinationCase.objects.filter(person=adult).exists()


def test_consent_form_records_consent_and_moves_case_to_consent_step(client, convener, case, school_unit, bup_unit):
    client.force_login(convener)
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "decision": "given",
            "given_by": "individual",
            "form": "written",
            "units": [school_unit.pk, bup_unit.pk],
            "valid_from": TODAY.isoformat(),
            "information_scope": "Skolsituation och hälsa",
            "exclusions": "Inget om tidigare missbruk",
            "scan": SimpleUploadedFile("samtycke.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.valid_to == TODAY + datetime.timedelta(days=364)
    assert consent.exclusions == "Inget om tidigare missbruk"
    case.refresh_from_db()
    assert case.status == Step.CONSENT
    download = client.get(reverse("cases:consent_scan", args=[case.pk, consent.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_consent_form_rejects_a_file_that_is_not_pdf_or_image(client, convener, case, school_unit):
    client.force_login(convener)
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "decision": "given",
            "given_by": "individual",
            "form": "written",
            "units": [school_unit.pk],
            "valid_from": TODAY.isoformat(),
            "scan": SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf"),
        },
    )
    assert "Bara PDF, PNG eller JPEG kan laddas upp." in response.content.decode()
    assert not Consent.objects.filter(case=case).exists()


def test_consent_beyond_profile_maximum_shows_error_next_to_field(client, convener, case, school_unit):
    client.force_login(convener)
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "decision": "given",
            "given_by": "individual",
            "form": "oral",
            "units": [school_unit.pk],
            "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + datetime.timedelta(days=2000)).isoformat(),
        },
    )
    assert "Samtycket kan gälla högst 1095 dagar" in response.content.decode()


def test_minor_consent_form_offers_the_childs_guardians(client, convener, school_unit, child, profile):
    client.force_login(convener)
    case = case_services.case_start(
        by=convener, person=child, unit=school_unit, initiator_kind="school", need_noticed_on=TODAY
    )
    guardian = guardian_add(person=child, by=convener, name="Vera Exempelsson")
    content = client.get(reverse("cases:consent_record", args=[case.pk])).content.decode()
    assert "Vera Exempelsson" in content
    assert "Barnets egen inställning" in content
    assert guardian.pk


def test_adding_unit_outside_consent_redirects_to_new_consent(client, convener, consented_case, other_unit):
    """The routine: an actor outside the consent's scope asks for a new consent first."""
    client.force_login(convener)
    response = client.post(reverse("cases:actor_add", args=[consented_case.pk]), {"unit": other_unit.pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"samtycke/nytt/?unit={other_unit.pk}")
    assert not consented_case.actors.filter(unit=other_unit).exists()
    form = client.get(response["Location"]).content.decode()
    assert re.search(rf'value="{other_unit.pk}" id="id_units_\d+" checked', form)


def test_withdrawal_needs_confirmation_then_closes_the_case(client, convener, consented_case):
    client.force_login(convener)
    consent = consented_case.consents.get(status="active")
    url = reverse("cases:consent_withdraw", args=[consented_case.pk, consent.pk])
    response = client.post(url, {"withdrawn_by_whom": "Den enskilde", "withdrawal_form": "oral"})
    assert response.status_code == 200
    consented_case.refresh_from_db()
    assert consented_case.status != Step.CLOSED
    response = client.post(url, {"withdrawn_by_whom": "Den enskilde", "withdrawal_form": "oral", "confirm": "on"})
    assert response.status_code == 302
    consented_case.refresh_from_db()
    assert consented_case.status == Step.CLOSED
    assert consented_case.close_reason == CloseReason.CONSENT_WITHDRAWN
    page = client.get(consented_case.get_absolute_url()).content.decode()
    assert "Samtycket har återkallats" in page


def test_preparation_refused_without_consent_shows_message(client, convener, case):
    client.force_login(convener)
    response = client.post(reverse("cases:preparation", args=[case.pk]), {"what_matters": "Att må bra"})
    assert "Det finns inget giltigt samtycke" in response.content.decode()
    assert not CaseStep.objects.filter(case=case, step=Step.PREPARATION).exists()


def test_preparation_saved_through_the_form(client, convener, consented_case, bup_unit):
    client.force_login(convener)
    response = client.post(
        reverse("cases:preparation", args=[consented_case.pk]),
        {"what_matters": "Att kunna gå i skolan", "wished_units": [bup_unit.pk], "interpreter_language": "arabiska"},
    )
    assert response.status_code == 302
    consented_case.refresh_from_db()
    assert consented_case.status == Step.PREPARATION
    assert consented_case.preparation.interpreter_language == "arabiska"


def test_actor_leaves_and_loses_the_case(client, actor_staff, consented_case):
    client.force_login(actor_staff)
    actor = consented_case.actors.get(unit__name="BUP Test")
    response = client.post(
        reverse("cases:actor_leave", args=[consented_case.pk, actor.pk]), {"note": "Avslutad kontakt", "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:home")
    assert client.get(consented_case.get_absolute_url()).status_code == 404


def test_close_case_with_reason(client, convener, consented_case):
    client.force_login(convener)
    response = client.post(
        reverse("cases:close", args=[consented_case.pk]), {"reason": "goals_met", "note": "Ring oss igen vid behov"}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("cases:close", args=[consented_case.pk]),
        {"reason": "goals_met", "note": "Ring oss igen vid behov", "confirm": "on"},
    )
    assert response.status_code == 302
    consented_case.refresh_from_db()
    assert consented_case.close_reason == CloseReason.GOALS_MET
    page = client.get(consented_case.get_absolute_url()).content.decode()
    assert reverse("cases:preparation", args=[consented_case.pk]) not in page


def test_ward_opens_discharge_case_through_the_form_with_care_contact_as_convener(client, region, adult):
    """The ward that sends the discharge-ready notice starts the case; the fixed care contact convenes."""
    from samordna.organizations.models import Sector, Unit
    from tests.conftest import make_user

    ward = Unit.objects.create(principal=region, name="Avd 5", sector=Sector.HEALTH_CARE, is_inpatient_ward=True)
    centre = Unit.objects.create(principal=region, name="Vårdcentralen Norr", sector=Sector.HEALTH_CARE)
    nurse, care_contact = make_user(ward), make_user(centre)
    client.force_login(nurse)
    client.post(reverse("people:search"), {"personal_identity_number": "191212121212"})
    response = client.post(
        reverse("cases:start"),
        {
            "person": adult.pk,
            "unit": ward.pk,
            "initiator_kind": "regional_health_care",
            "need_noticed_on": TODAY.isoformat(),
            "is_discharge": "on",
            "discharge_ward": ward.pk,
            "discharge_sent_at": f"{TODAY.isoformat()}T09:30",
            "expected_discharge_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "convener": care_contact.pk,
        },
    )
    case = CoordinationCase.objects.get(person=adult)
    assert response.status_code == 302
    assert (case.convener, case.convener_unit) == (care_contact, centre)
    assert case.discharge_notice.ward == ward
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Kallelse vid utskrivning senast 2026-11-26" in page
