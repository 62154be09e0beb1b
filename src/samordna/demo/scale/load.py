"""Loading a scale set: the safety checks, the marker, and the chunked run from organisations to audit events.

A run refuses a database with data it did not make: any person, case or user without a `ScaleSeedRun` marker.
"""

import datetime
import itertools
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from samordna.accounts.models import User
from samordna.audit.models import AuditEvent
from samordna.cases.models import STEP_ORDER, CoordinationCase, Step
from samordna.common import clock
from samordna.deadlines.store import deadlines_mark_open_cases, deadlines_refresh
from samordna.demo.models import ScaleSeedRun
from samordna.demo.scale import personas, postgres
from samordna.demo.scale.activity import ACTIVITY_COLUMNS, Activity, logins
from samordna.demo.scale.cases import CASE_COLUMNS, CaseBuilder
from samordna.demo.scale.context import Context
from samordna.demo.scale.names import IdentityNumbers
from samordna.demo.scale.organisations import OrganisationBuilder
from samordna.demo.scale.process import PROCESS_COLUMNS, meetings_and_plan
from samordna.demo.scale.sizes import ScaleSize
from samordna.demo.scale.timeline import ACTIVE_STEPS, HISTORY_DAYS, case_timeline, weighted
from samordna.demo.scale.writer import RowWriter, analyze
from samordna.organizations.models import RoutineProfile
from samordna.people.models import Person

CHUNK_CASES = 1_000
LOGIN_CHUNK = 500_000
# The tables whose secondary indexes are built after the load rather than kept up row by row.
DEFERRED_INDEX_TABLES = (AuditEvent,)
LOGIN_SHARE = 0.2
COLUMNS = {**CASE_COLUMNS, **PROCESS_COLUMNS, **ACTIVITY_COLUMNS}


class RealDataPresent(Exception):
    """The database holds data seed_scale did not create."""


class SetPresent(Exception):
    """The database already holds a (different) seed_scale set; replacing it needs --replace."""


def _has_data() -> bool:
    return Person.objects.exists() or CoordinationCase.objects.exists() or User.objects.exists()


def _only_seed_data(run: ScaleSeedRun) -> bool:
    """Whether the database still holds only what the marked run loaded (no person, case or user since)."""
    counts = run.counts or {}
    return all(model.objects.count() <= counts.get(model._meta.label, 0) for model in (Person, CoordinationCase, User))


def check_database(*, size: ScaleSize, seed: int, reuse: bool, replace: bool) -> ScaleSeedRun | None:
    """The marked run to reuse, or None when loading may go ahead; raises when it may not."""
    run = ScaleSeedRun.objects.first()
    if run is None:
        if _has_data():
            raise RealDataPresent
        return None
    same = run.kind == size.kind and run.fraction == size.fraction and run.seed == seed and run.is_complete
    if reuse and same:
        return run
    if not replace:
        raise SetPresent(str(run))
    if not _only_seed_data(run):
        raise RealDataPresent
    return None


def restore_indexes() -> None:
    """Build the indexes an interrupted run dropped (PostgreSQL), so no later query runs without them."""
    run = ScaleSeedRun.objects.exclude(pending_indexes=[]).first()
    if run is not None:
        postgres.create_indexes(indexes=run.pending_indexes)
        ScaleSeedRun.objects.filter(pk=run.pk).update(pending_indexes=[])


def clear_database() -> None:
    """Empty every table of the project's apps except the routine profiles the migrations load."""
    from django.apps import apps

    restore_indexes()

    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in {"contenttypes", "auth", "admin", "sessions", "django_tasks_database"}
        and model is not RoutineProfile
    ]
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return
    with transaction.atomic(), connection.constraint_checks_disabled():
        for model in models:
            model._base_manager.all()._raw_delete(connection.alias)


def load(*, size: ScaleSize, seed: int, progress: Callable[[str], None]) -> ScaleSeedRun:
    """Generate and write the whole set; returns the completed marker with the row counts."""
    started = time.monotonic()
    now = clock.now().astimezone(datetime.UTC)
    run = ScaleSeedRun.objects.create(
        kind=size.kind, fraction=size.fraction, seed=seed, anchored_on=now.date(), started_at=now
    )
    if postgres.is_postgresql():
        run.pending_indexes = postgres.secondary_indexes(tables=DEFERRED_INDEX_TABLES)
        run.save(update_fields=["pending_indexes"])
        postgres.drop_indexes(indexes=run.pending_indexes)
        postgres.fast_session()
    try:
        writer, org = _generate(size=size, seed=seed, now=now, progress=progress, started=started)
    finally:
        if postgres.is_postgresql():
            postgres.end_fast_session()
    if run.pending_indexes:
        progress(f"rows written ({time.monotonic() - started:.0f} s); building {len(run.pending_indexes)} indexes")
        postgres.create_indexes(indexes=run.pending_indexes)
        run.pending_indexes = []
    personas.finish_personas(
        persona_ids=org.personas, unit_id=org.busy_unit.id, created_by=org.local_admins[org.busy_unit.principal_id]
    )
    progress(f"indexes and personas done ({time.monotonic() - started:.0f} s); working out the stored deadlines")
    # COPY sends no signals: every open case's stored deadlines are worked out here, by the same rules.
    deadlines_mark_open_cases()
    deadlines_refresh()
    progress(f"stored deadlines done ({time.monotonic() - started:.0f} s); analysing")
    analyze()
    run.finished_at = clock.now()
    run.seconds = round(time.monotonic() - started, 1)
    run.counts = dict(sorted(writer.counts.items()))
    run.save()
    return run


def _generate(*, size: ScaleSize, seed: int, now: datetime.datetime, progress, started: float):
    """Organisations, then the cases chunk by chunk, then the logins; returns the writer (with its counts) and
    the organisation (for the personas)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    writer = RowWriter()
    profile = RoutineProfile.objects.get(code=settings.SAMORDNA_ROUTINE_PROFILE)
    with transaction.atomic():
        builder = OrganisationBuilder(size=size, rng=rng, writer=writer, moment=now - datetime.timedelta(days=3700))
        org = builder.build(password_hash=make_password(personas.persona_password()), personas=personas.PERSONAS)
    org.busy_unit.staff.remove(org.personas[personas.API])  # the service account is nobody's caseworker
    progress(f"organisations: {len(org.units)} units, {len(org.usernames)} users ({time.monotonic() - started:.0f} s)")
    context = Context(
        rng=rng, org=org, now=now, routine_profile_id=profile.pk,
        consent_validity_days=profile.consent_default_validity_days,
    )  # fmt: skip
    for model, names in COLUMNS.items():
        writer.register(model, names)
    _cases(context=context, size=size, writer=writer, progress=progress, started=started)
    history_start = now - datetime.timedelta(days=HISTORY_DAYS)
    login_rows = logins(context=context, total=round(size.audit_events * LOGIN_SHARE), start=history_start)
    while True:
        with transaction.atomic():
            if not writer.write(AuditEvent, itertools.islice(login_rows, LOGIN_CHUNK)):
                break
    writer.reset_sequences()
    return writer, org


def _cases(*, context: Context, size: ScaleSize, writer: RowWriter, progress, started: float) -> None:
    """Every case in chunks: generate the chunk's rows, write them table by table, commit, go on."""
    rng, org = context.rng, context.org
    flags = [True] * size.active_cases + [False] * (size.cases - size.active_cases)
    rng.shuffle(flags)
    builder = CaseBuilder(
        context=context, identity=IdentityNumbers(rng=rng), excluded_unit_ids={org.busy_unit.id, org.small_unit.id}
    )
    activity = Activity(context=context, audit_per_case=size.audit_events * (1 - LOGIN_SHARE) / size.cases)
    small_left, busy_left = size.small_open_cases, size.busy_open_cases
    for index, active in enumerate(flags):
        if active and small_left:
            small_left -= 1
            draft = _persona_case(context, builder, org.small_unit, org.personas[personas.SMALL], always=True)
        elif active and busy_left:
            busy_left -= 1
            draft = _persona_case(context, builder, org.busy_unit, org.personas[personas.BUSY], always=False)
        else:
            convener_unit, others = builder.pick_units(active=active)
            draft = builder.build(timeline=case_timeline(rng=rng, active=active, now=context.now),
                                  convener_unit=convener_unit, others=others)  # fmt: skip
        meetings_and_plan(context=context, draft=draft)
        activity.add(draft)
        if (index + 1) % CHUNK_CASES == 0 or index + 1 == len(flags):
            _flush(context, writer)
            if (index + 1) % (CHUNK_CASES * 10) == 0 or index + 1 == len(flags):
                progress(f"cases: {index + 1}/{len(flags)} ({time.monotonic() - started:.0f} s)")


def _persona_case(context: Context, builder: CaseBuilder, unit, persona_id: int, *, always: bool):
    """An open case of a persona's unit: convened by the unit (by the persona itself when `always`, else now and
    then), or, past the consent, with the unit as an actor the consent covers."""
    rng = context.rng
    reached = weighted(rng, ACTIVE_STEPS)
    timeline = case_timeline(rng=rng, active=True, now=context.now, reached=reached)
    as_convener = always or STEP_ORDER.index(reached) < STEP_ORDER.index(Step.CONSENT) or rng.random() < 0.7
    if as_convener:
        convener = persona_id if always or rng.random() < 0.2 else None
        _unit, others = builder.pick_units(active=True, convener_unit=unit)
        return builder.build(timeline=timeline, convener_unit=unit, others=others, convener=convener, plain=True)
    convener_unit, others = builder.pick_units(active=True)
    contact = persona_id if rng.random() < 0.3 else rng.choice(unit.staff)
    return builder.build(timeline=timeline, convener_unit=convener_unit, others=[*others, unit],
                         contacts={unit.id: contact}, plain=True)  # fmt: skip


def _flush(context: Context, writer: RowWriter) -> None:
    rows = context.take_rows()
    with transaction.atomic():
        for model in COLUMNS:
            if rows.get(model):
                writer.write(model, rows[model])
