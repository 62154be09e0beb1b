"""Protected identity (sekretessmarkering, skyddad folkbokföring): hidden everywhere, shown on the person's page
only to staff named by the manager of the convener's unit, and kept out of the system when the routine says
paper only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases import services
from samordna.cases.models import CoordinationCase, InitiatorKind
from samordna.organizations.models import ProtectedIdentityHandling, Role
from samordna.people.models import Person, ProtectedIdentityViewer
from samordna.people.policies import can_see_protected_details
from tests.conftest import TODAY, make_user

SECRET_NAME = "Hemliga"
SECRET_ADDRESS = "Dolda gatan 7"
SECRET_PHONE = "070-000 11 22"


@pytest.fixture
def protected(adult):
    Person.objects.filter(pk=adult.pk).update(
        protected_identity=True, last_name=SECRET_NAME, address=SECRET_ADDRESS, phone=SECRET_PHONE
    )
    adult.refresh_from_db()
    return adult


@pytest.fixture
def protected_case(consented_case, protected):
    consented_case.refresh_from_db()
    return consented_case


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_and_the_case_page_show_skyddad_identitet_and_the_case_number(client, protected_case, convener):
    """The overview, the case page and the search result never show the name, address or phone."""
    for url in (reverse("overview:home"), protected_case.get_absolute_url()):
        html = page(client, convener, url)
        assert "Skyddad identitet" in html
        assert protected_case.reference in html
        assert SECRET_NAME not in html and SECRET_ADDRESS not in html and SECRET_PHONE not in html
    response = client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})
    html = response.content.decode()
    assert "Skyddad identitet" in html and SECRET_NAME not in html


def test_the_persons_page_hides_the_details_from_staff_who_are_not_named(client, protected_case, convener):
    html = page(client, convener, reverse("people:detail", args=[protected_case.person_id]))
    assert SECRET_NAME not in html and SECRET_ADDRESS not in html and SECRET_PHONE not in html
    assert "Skyddad identitet" in html


def test_the_convener_unit_manager_names_a_participant_who_then_sees_the_details(
    client, protected_case, manager, actor_staff
):
    """Named through the manager page; the naming is audited and the named BUP staff member sees the details."""
    client.force_login(manager)
    url = reverse("cases:protected_identity", args=[protected_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": actor_staff.pk})
    assert response.status_code == 302
    viewer = ProtectedIdentityViewer.objects.get(person=protected_case.person, user=actor_staff)
    assert viewer.granted_by == manager
    assert AuditEvent.objects.filter(
        user=manager, action="create", object_type="people.protectedidentityviewer", object_id=str(viewer.pk)
    ).exists()
    html = page(client, actor_staff, reverse("people:detail", args=[protected_case.person_id]))
    assert SECRET_NAME in html and SECRET_ADDRESS in html and SECRET_PHONE in html


def test_a_revoked_naming_hides_the_details_again_and_is_kept(protected_case, manager, actor_staff):
    viewer = services.protected_identity_viewer_add(case=protected_case, by=manager, user=actor_staff)
    services.protected_identity_viewer_revoke(case=protected_case, by=manager, viewer=viewer)
    viewer.refresh_from_db()
    assert viewer.revoked_by == manager and viewer.revoked_at is not None
    assert not can_see_protected_details(actor_staff, protected_case.person)
    assert AuditEvent.objects.filter(action="update", object_id=str(viewer.pk)).exists()


def test_only_the_manager_of_the_convener_unit_names_participants(
    client, protected_case, convener, actor_staff, bup_unit
):
    """The convener and even BUP's manager get 403 on the page and PermissionDenied from the service."""
    bup_manager = make_user(bup_unit, Role.MANAGER)
    for user in (convener, bup_manager):
        client.force_login(user)
        assert client.get(reverse("cases:protected_identity", args=[protected_case.pk])).status_code == 403
        with pytest.raises(PermissionDenied):
            services.protected_identity_viewer_add(case=protected_case, by=user, user=actor_staff)


def test_only_staff_of_a_unit_with_access_to_the_case_can_be_named(protected_case, manager, outsider):
    with pytest.raises(ValidationError) as excinfo:
        services.protected_identity_viewer_add(case=protected_case, by=manager, user=outsider)
    assert excinfo.value.message_dict == {"user": [str(services.VIEWER_NOT_IN_CASE)]}


def test_naming_is_refused_for_a_person_without_protected_identity(consented_case, manager, actor_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.protected_identity_viewer_add(case=consented_case, by=manager, user=actor_staff)
    assert excinfo.value.code == "not_protected"


@pytest.fixture
def paper_only(profile):
    profile.protected_identity_handling = ProtectedIdentityHandling.PAPER_ONLY
    profile.save()
    return profile


def test_with_a_paper_only_routine_case_start_refuses_with_a_clear_message(
    protected, convener, school_unit, paper_only
):
    with pytest.raises(ValidationError) as excinfo:
        services.case_start(
            by=convener, person=protected, unit=school_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
        )
    assert excinfo.value.code == "protected_identity_paper_only"
    assert not CoordinationCase.objects.exists()


def test_the_start_page_offers_the_paper_kit_instead_of_the_form(client, protected, convener, paper_only):
    client.force_login(convener)
    client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})
    html = client.get(reverse("cases:start") + f"?person={protected.pk}").content.decode()
    assert str(services.PROTECTED_IDENTITY_PAPER_ONLY) in html.replace("&#x27;", "'")
    assert reverse("cases:paper_kit") in html
    assert 'name="initiator_kind"' not in html


def test_the_paper_kit_is_a_pdf_with_consent_form_invitation_and_plan_template(client, protected, convener, paper_only):
    """The kit is printed, audited, and names the person only as protected."""
    client.force_login(convener)
    client.post(reverse("people:search"), {"personal_identity_number": "19121212-1212"})
    response = client.get(reverse("cases:paper_kit") + f"?person={protected.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", summary="paper_kit", person_id=protected.pk).exists()


def test_the_kit_template_holds_the_three_parts_and_no_personal_data(protected):
    from django.template.loader import render_to_string

    html = render_to_string("cases/paper_kit_pdf.html", {"person": protected, "printed_on": TODAY})
    for part in ("Samtycke till samordnad individuell plan", "Kallelse till SIP-möte", "Samordnad individuell plan"):
        assert part in html
    assert SECRET_NAME not in html and SECRET_ADDRESS not in html and "191212" not in html


def test_with_restricted_handling_the_case_runs_in_the_system(protected, convener, school_unit, profile):
    """The default (Västmanland) profile allows restricted handling in Samordna."""
    assert profile.protected_identity_handling == ProtectedIdentityHandling.RESTRICTED
    case = services.case_start(
        by=convener, person=protected, unit=school_unit, initiator_kind=InitiatorKind.SCHOOL, need_noticed_on=TODAY
    )
    assert case.person == protected
