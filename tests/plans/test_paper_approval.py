"""A principal's sign-off given on paper (a principal whose staff do not use Samordna, or downtime) is recorded
by the convener's or lead's unit with who signed and when, and counts like a sign-off in the system."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.cases.models import CaseActor
from samordna.common import clock
from samordna.organizations.models import Principal, PrincipalKind, Sector, Unit
from samordna.plans import services
from samordna.plans.models import AgreementKind, PlanStatus
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_school(db) -> Unit:
    """An independent school (huvudman "Annan") whose staff have no accounts in Samordna."""
    principal = Principal.objects.create(name="Friskolan AB", kind=PrincipalKind.SCHOOL_PROVIDER)
    return Unit.objects.create(principal=principal, name="Friskolan Norra", sector=Sector.SCHOOL)


@pytest.fixture
def with_private_school(filled, convener, private_school, consented_case):
    CaseActor.objects.create(case=consented_case, unit=private_school, joined_at=clock.now())
    services.intervention_add(version=filled, by=convener, what="Studiestöd två timmar i veckan", unit=private_school)
    return filled


def sign_on_paper(version, by, principal, **overrides):
    data = {"signed_by_name": "Karin Rektor, rektor", "signed_on": TODAY}
    data.update(overrides)
    return services.plan_approve_part_on_paper(version=version, by=by, principal=principal, **data)


def test_the_convener_records_the_private_schools_signature_and_the_plan_is_approved(
    with_private_school, convener, actor_staff, private_school, municipality, region
):
    version = with_private_school
    services.plan_approve_part(version=version, by=convener, principal=municipality)
    services.plan_approve_part(version=version, by=actor_staff, principal=region)
    services.plan_record_individual_agreement(version=version, by=convener, how=AgreementKind.WRITTEN, agreed_on=TODAY)
    version.refresh_from_db()
    assert version.status != PlanStatus.APPROVED

    approval = sign_on_paper(version, convener, private_school.principal)

    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED
    assert (approval.on_paper, approval.signed_by_name, approval.approved_by) == (
        True,
        "Karin Rektor, rektor",
        convener,
    )
    assert approval.unit == private_school
    assert AuditEvent.objects.filter(summary="plan_approve_part_on_paper").count() == 1


def test_an_actor_unit_cannot_record_a_paper_signature(with_private_school, actor_staff, private_school):
    with pytest.raises(PermissionDenied):
        sign_on_paper(with_private_school, actor_staff, private_school.principal)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"signed_by_name": "  "}, "signed_by_name"),
        ({"signed_on": TODAY + datetime.timedelta(days=1)}, "signed_on"),
        ({"signed_on": datetime.date(2026, 1, 1)}, "signed_on"),  # before the meeting where the plan was made
    ],
)
def test_a_paper_signature_needs_a_signer_and_a_believable_date(
    with_private_school, convener, private_school, overrides, field
):
    with pytest.raises(ValidationError) as error:
        sign_on_paper(with_private_school, convener, private_school.principal, **overrides)
    assert field in error.value.message_dict


def test_a_principal_signs_once_on_paper_or_in_the_system(with_private_school, convener, municipality):
    services.plan_approve_part(version=with_private_school, by=convener, principal=municipality)
    with pytest.raises(ValidationError):
        sign_on_paper(with_private_school, convener, municipality)


def test_the_page_offers_the_waiting_principals_and_shows_the_signature(
    client, with_private_school, convener, private_school
):
    version, case = with_private_school, with_private_school.plan.case
    client.force_login(convener)
    detail = client.get(reverse("plans:detail", args=[case.pk])).content.decode()
    url = reverse("plans:approve_on_paper", args=[case.pk, version.pk])
    assert url in detail

    form = client.get(url).content.decode()
    assert "Friskolan AB" in form
    data = {"principal": private_school.principal_id, "signed_by_name": "Karin Rektor", "signed_on": "2026-11-23"}
    assert client.post(url, data).status_code == 200  # without the tick box nothing is recorded
    assert not version.approvals.exists()
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302

    detail = client.get(reverse("plans:detail", args=[case.pk])).content.decode()
    assert "Godkänt på papper" in detail and "undertecknat av Karin Rektor" in detail


def test_an_actor_gets_403_on_the_page(client, with_private_school, actor_staff):
    case = with_private_school.plan.case
    client.force_login(actor_staff)
    assert client.get(reverse("plans:approve_on_paper", args=[case.pk, with_private_school.pk])).status_code == 403
