"""The measurements themselves, in the order they run: the floor, the pages, the mixed traffic, the memory.

Needs Django set up (bench.run does it) with the settings and database the servers use.
"""

import argparse
import os
import sys

from django.db import connection

from bench import personas, servers
from bench.load import Request, latency_samples, mixed_traffic, send_expecting_ok
from bench.pages import build_pages
from bench.queries import page_queries
from bench.report import Check, Row, page_row, percentile, unmeasured_row

RSS_LIMIT_MB = 150
MIXED_FLOOR_SHARE = 0.30
FLOOR_SETTINGS = "bench.floor_settings"
TABLES_COUNTED = ("cases_coordinationcase", "plans_planversion", "meetings_meeting", "audit_auditevent")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def data_size() -> dict[str, int]:
    """Rows per main table as the planner estimates them: a count(*) of a hundred million audit rows would
    take longer than the bench."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)", [list(TABLES_COUNTED)]
        )
        return dict(cursor.fetchall())


# As the TLS-terminating proxy in front of production says it; without it the production settings redirect.
HTTPS = {"X-Forwarded-Proto": "https"}


def measure_floor(env: dict[str, str], args: argparse.Namespace) -> dict:
    from bench.floor_urls import FLOOR_PATH

    floor_env = {**env, "DJANGO_SETTINGS_MODULE": FLOOR_SETTINGS}
    log = servers.ROOT / "var" / "bench" / "gunicorn-floor.log"
    with servers.gunicorn(env=floor_env, log=log, ready=Request("GET", FLOOR_PATH, HTTPS)) as floor:
        hello = Request("GET", FLOOR_PATH, {"Host": f"127.0.0.1:{floor.port}", **HTTPS})
        progress("timing the floor (Django hello)")
        samples = latency_samples(
            floor.port, hello, warmups=args.warmups, count=args.requests, budget_seconds=args.page_budget
        )
        progress(f"floor traffic: {args.users} users for {args.seconds:g} s")
        traffic = mixed_traffic(floor.port, [("hello", hello, 1)], users=args.users, seconds=args.seconds)
    return {"samples": samples, "traffic": traffic}


def measure(env: dict[str, str], args: argparse.Namespace) -> tuple[dict, list[Row], list[Check]]:
    floor = measure_floor(env, args)
    floor_p50 = percentile(floor["samples"], 50)
    floor_samples = floor["samples"]
    rows = [
        Row(
            name="floor: Django hello",
            persona="anonymous",
            samples=len(floor_samples),
            p50=floor_p50,
            p95=percentile(floor_samples, 95),
            times_floor=1.0,
            queries=0,
        )
    ]
    log = servers.ROOT / "var" / "bench" / "gunicorn-app.log"
    with servers.gunicorn(env=env, log=log, ready=Request("GET", "/logga-in/", HTTPS)) as app:
        setup = build_pages(app.port)
        try:
            progress("checking that every page answers 200")
            for page in setup.pages:
                send_expecting_ok(app.port, page.request)
            details = []
            for page in setup.pages:
                progress(f"timing {page.name} ({page.persona})")
                samples = latency_samples(
                    app.port, page.request, warmups=args.warmups, count=args.requests, budget_seconds=args.page_budget
                )
                progress(f"counting queries of {page.name} ({page.persona})")
                queries = page_queries(page)
                rows.append(
                    page_row(
                        name=page.name,
                        persona=page.persona,
                        samples=samples,
                        floor_p50=floor_p50,
                        queries=queries.count,
                        target_ms=page.target_ms,
                    )
                )
                details.append(
                    {
                        "name": page.name,
                        "persona": page.persona,
                        "path": page.request.path,
                        "samples_ms": samples,
                        "queries": queries.count,
                        "slowest_query_ms": queries.slowest_ms,
                        "slowest_query_sql": queries.slowest_sql,
                        "slowest_query_plan": queries.plan,
                    }
                )
            progress(f"mixed traffic: {args.users} users for {args.seconds:g} s")
            mix = [(f"{page.name} ({page.persona})", page.request, page.weight) for page in setup.pages]
            traffic = mixed_traffic(app.port, mix, users=args.users, seconds=args.seconds)
            worker_rss = {pid: servers.rss_mb(pid) for pid in app.worker_pids()}
        finally:
            personas.logout(setup.logins)
    progress(f"task worker for {args.task_worker_seconds:g} s")
    task_rss = servers.task_worker_rss_mb(
        env=env, seconds=args.task_worker_seconds, log=servers.ROOT / "var" / "bench" / "db_worker.log"
    )
    floor_rps = floor["traffic"].requests_per_second
    share = traffic.requests_per_second / floor_rps
    rows += [unmeasured_row(name=name, target_ms=target_ms, why=why) for name, target_ms, why in setup.unmeasured]
    checks = [
        Check(
            f"mixed traffic, {args.users} users, {traffic.seconds:.0f} s",
            f"{traffic.requests_per_second:,.1f} req/s, {share:.1%} of floor's {floor_rps:,.0f}, "
            f"{traffic.error_count} errors",
            f"≥ {MIXED_FLOOR_SHARE:.0%} of floor, 0 errors",
            share >= MIXED_FLOOR_SHARE and traffic.error_count == 0,
        ),
        *(
            Check(f"web worker {number} RSS", f"{rss:,.0f} MB", f"< {RSS_LIMIT_MB} MB", rss < RSS_LIMIT_MB)
            for number, rss in enumerate(worker_rss.values(), start=1)
        ),
        Check("task worker (db_worker) RSS", f"{task_rss:,.0f} MB", f"< {RSS_LIMIT_MB} MB", task_rss < RSS_LIMIT_MB),
    ]
    results = {
        "cpus": os.cpu_count(),
        "workers": servers.WORKERS,
        "data_size": data_size(),
        "case": setup.subjects.case.pk,
        "floor": {
            "samples_ms": floor["samples"],
            "requests_per_second": floor_rps,
            "errors": floor["traffic"].errors,
        },
        "mixed": {
            "users": traffic.users,
            "seconds": traffic.seconds,
            "requests_per_second": traffic.requests_per_second,
            "share_of_floor": share,
            "errors": traffic.errors,
            "requests_per_page": traffic.per_page,
        },
        "rss_mb": {"web_workers": list(worker_rss.values()), "task_worker": task_rss},
        "pages_detail": details,
    }
    return results, rows, checks
