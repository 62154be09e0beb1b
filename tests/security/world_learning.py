"""The world's deviation, dispute and Rutinkollen audit, for the matrix rows of samordna.deviations and
samordna.routine_audits. The school's staff member reported a deviation about BUP, tied to the case; the school's
manager raised a dispute from it; the school's manager audited a sample holding the case, with the convener
designated as reviewer."""

from samordna.deviations import services as deviation_services
from samordna.deviations.models import DeviationCategory
from samordna.routine_audits import services as audit_services
from tests.conftest import TODAY


def learning_objects(*, users: dict, case, school_unit, bup_unit) -> dict:
    deviation = deviation_services.deviation_report(
        by=users["convener"],
        reporting_unit=school_unit,
        concerned_unit=bup_unit,
        category=DeviationCategory.NO_AGREEMENT,
        description="Aktörerna är oeniga om vem som håller i stödsamtalen.",
        occurred_on=TODAY,
        case=case,
    )
    dispute = deviation_services.dispute_open(
        by=users["manager"],
        raised_by_unit=school_unit,
        other_unit=bup_unit,
        subject="Vem håller i stödsamtalen?",
        interim_arrangement="Skolan håller samtalen tills vidare.",
        deviation=deviation,
    )
    audit = audit_services.routine_audit_create(
        by=users["manager"],
        unit=school_unit,
        period_start=case.need_noticed_on,
        period_end=TODAY,
        sample_size=1,
        reviewers=[users["convener"]],
        seed=1,
    )
    return {"deviation": deviation, "dispute": dispute, "routine_audit": audit, "audited_case": audit.sample.get()}
