"""Demo deviations, a dispute and Rutinkollen, made through the services after the demo cases exist.

Deviations in every state, so each demo manager finds something to do: `skola.chef` can take the BUP report
about the school from "reported" to a written answer; `soc.chef` can close the answer the habilitation gave;
`bup.chef` and `skola.chef` resolve one together and have a dispute open. The school has two completed
self-audits (Rutinkollen), one per half of the demo period, so results can be followed over time.
"""

import datetime

from samordna.cases.models import CoordinationCase
from samordna.common import clock
from samordna.deviations import services as deviation_services
from samordna.deviations.models import DeviationCategory, EscalationLevel
from samordna.organizations.models import Principal
from samordna.routine_audits import services as audit_services
from samordna.routine_audits.models import Answer, Indicator

DEMO_AUDIT_SEEDS = (20261, 20262)
# Yes/partly/no per indicator for the sampled cases, in sample order: the later audit does better.
EARLY_ANSWERS = (
    {Indicator.PARTICIPATION: Answer.PARTLY, Indicator.FOLLOW_UP: Answer.NO},
    {Indicator.GOALS_AND_PURPOSE: Answer.PARTLY, Indicator.FOLLOW_UP: Answer.NO},
    {Indicator.PARTICIPATION: Answer.NO, Indicator.CONTENT: Answer.PARTLY},
)
LATE_ANSWERS = (
    {Indicator.FOLLOW_UP: Answer.PARTLY},
    {},
    {Indicator.PARTICIPATION: Answer.PARTLY},
)
COMMENTS = {
    Answer.PARTLY: "Delvis dokumenterat.",
    Answer.NO: "Saknas i dokumentationen.",
}


def seed_deviations_and_audits(seeder) -> None:
    """`seeder` is the DemoSeeder that has created the organisations, users and cases."""
    users, units = seeder.users, seeder.units

    def at(days_ago: int, hour: int):
        return clock.frozen_clock(seeder.moment(days_ago, hour))

    def report(days_ago, by, reporting, concerned, category, description, case=None):
        with at(days_ago, 10):
            return deviation_services.deviation_report(
                by=users[by],
                reporting_unit=units[reporting],
                concerned_unit=units[concerned],
                category=category,
                description=description,
                occurred_on=seeder.moment(days_ago + 1, 9).date(),
                case=case,
            )

    # Reported: waiting for the school's manager to receive it.
    report(
        2,
        "bup",
        "bup-koping",
        "elevhalsan-koping",
        DeviationCategory.ACTOR_ABSENT,
        "Elevhälsan har inte deltagit i de två senaste uppföljningsmötena trots att de var kallade.",
    )

    # Being resolved by both managers, tied to Liam's case (both units take part in it).
    liam = CoordinationCase.objects.get(person__first_name="Liam")
    resolving = report(
        6,
        "skola",
        "elevhalsan-koping",
        "bup-koping",
        DeviationCategory.INVITATION_NOT_ANSWERED,
        "Kallelsen till SIP-mötet besvarades inte inom en arbetsdag, och ingen ersättare utsågs.",
        case=liam,
    )
    with at(5, 9):
        deviation_services.deviation_receive(deviation=resolving, by=users["bup.chef"])
    with at(5, 11):
        deviation_services.deviation_start_resolving(deviation=resolving, by=users["bup.chef"])
        deviation_services.deviation_comment(
            deviation=resolving,
            by=users["bup.chef"],
            text="Kallelsen kom till en funktionsbrevlåda som inte bevakades under semestern. Vi ser över det.",
        )
    with at(4, 14):
        deviation_services.deviation_comment(
            deviation=resolving,
            by=users["skola.chef"],
            text="Tack. Kan ni också meddela vem som är ersättare när kuratorn är borta?",
        )

    # Answered in writing: the social services' manager can close it.
    answered = report(
        12,
        "soc",
        "ifo-koping",
        "hab-koping",
        DeviationCategory.INTERVENTION_NOT_CARRIED_OUT,
        "Den insats som habiliteringen åtog sig i planen (hembesök varannan vecka) har inte påbörjats.",
    )
    with at(11, 9):
        deviation_services.deviation_receive(deviation=answered, by=users["hab.chef"])
        deviation_services.deviation_start_resolving(deviation=answered, by=users["hab.chef"])
    with at(8, 15):
        deviation_services.deviation_answer(
            deviation=answered,
            by=users["hab.chef"],
            cause="Arbetsterapeuten som skulle utföra insatsen slutade, och insatsen fördes inte över till någon "
            "annan.",
            actions="Insatsen är fördelad till en ny arbetsterapeut och startar nästa vecka. Insatser i SIP gås "
            "igenom vid varje personalbyte.",
        )

    # Closed.
    closed = report(
        30,
        "vc",
        "vc-koping",
        "ifo-koping",
        DeviationCategory.NO_SIP_INITIATED,
        "Behov av SIP framkom vid ett besök, men ingen SIP initierades trots att socialtjänsten var involverad.",
    )
    with at(29, 9):
        deviation_services.deviation_receive(deviation=closed, by=users["soc.chef"])
        deviation_services.deviation_start_resolving(deviation=closed, by=users["soc.chef"])
    with at(25, 13):
        deviation_services.deviation_answer(
            deviation=closed,
            by=users["soc.chef"],
            cause="Oklart vem som skulle ta initiativ när båda parter kände till behovet.",
            actions="Mottagningen tar initiativ till SIP när behovet framkommer hos oss; påminnelse på APT.",
        )
    with at(24, 10):
        deviation_services.deviation_close(deviation=closed, by=users["vc.chef"])

    # Received, not yet being resolved.
    received = report(
        3,
        "psyk",
        "psyk-vasteras",
        "iff-vasteras",
        DeviationCategory.POOR_TREATMENT,
        "Den enskilde upplevde att hen inte fick komma till tals under mötet.",
    )
    with at(2, 9):
        deviation_services.deviation_receive(deviation=received, by=users["soc.vasteras.chef"])

    # Escalation levels in both principals' lines, and a dispute the nearest managers are working on.
    for name, title in (
        ("Köpings kommun", "Verksamhetschef, barn- och elevhälsa"),
        ("Region Västmanland", "Verksamhetschef, barn- och ungdomspsykiatri"),
    ):
        EscalationLevel.objects.create(principal=Principal.objects.get(name=name), rank=2, title=title)
    no_agreement = report(
        7,
        "bup",
        "bup-koping",
        "elevhalsan-koping",
        DeviationCategory.NO_AGREEMENT,
        "Aktörerna är oeniga om vem som ska ge stödsamtal under skoltid.",
    )
    with at(6, 10):
        deviation_services.deviation_receive(deviation=no_agreement, by=users["skola.chef"])
        deviation_services.deviation_start_resolving(deviation=no_agreement, by=users["skola.chef"])
        deviation_services.dispute_open(
            by=users["bup.chef"],
            raised_by_unit=units["bup-koping"],
            other_unit=units["elevhalsan-koping"],
            subject="Vem ansvarar för stödsamtal under skoltid?",
            interim_arrangement="Skolkuratorn håller samtalen varje vecka tills frågan är avgjord; BUP handleder.",
            deviation=no_agreement,
        )

    seed_routine_audits(seeder)


def seed_routine_audits(seeder) -> None:
    """Two completed audits of the school's cases, the earlier and the later half of the demo period."""
    manager, reviewer, unit = seeder.users["skola.chef"], seeder.users["skola"], seeder.units["elevhalsan-koping"]
    dates = sorted(
        CoordinationCase.objects.filter(convener_unit=unit).values_list("need_noticed_on", flat=True).distinct()
    )
    middle = dates[len(dates) // 2]
    periods = ((dates[0], middle - datetime.timedelta(days=1)), (middle, seeder.today))
    for (start, end), seed, answers in zip(periods, DEMO_AUDIT_SEEDS, (EARLY_ANSWERS, LATE_ANSWERS), strict=True):
        audit = audit_services.routine_audit_create(
            by=manager,
            unit=unit,
            period_start=start,
            period_end=end,
            sample_size=3,
            reviewers=[reviewer],
            seed=seed,
        )
        for audited, exceptions in zip(audit.sample.all(), answers, strict=False):
            given = {
                value: (exceptions.get(value, Answer.YES), COMMENTS.get(exceptions.get(value), ""))
                for value in Indicator.values
            }
            audit_services.indicator_answers_save(audited_case=audited, by=reviewer, answers=given)
        audit_services.routine_audit_complete(audit=audit, by=manager)
