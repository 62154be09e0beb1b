"""`make bench` (`python -m bench.run`): Samordna's main pages on PostgreSQL with the county set, served by gunicorn.

1. Loads or reuses the synthetic set (`manage.py seed_scale --county|--national --reuse`) in
   BENCH_DATABASE_URL, unless BENCH_SKIP_SEED=1.
2. Serves a bare Django "hello" (bench.floor_settings) with gunicorn, 2 workers, production settings: its
   latency and its requests per second under the same concurrency as the mixed traffic are the floor.
3. Serves the app the same way and logs the personas in by creating their sessions; checks that every page
   answers 200, then times each (p50, p95), counts its queries and explains its slowest one, runs the mixed
   traffic, and reads the workers' memory; then the task worker's.
4. Prints the tables and writes them as JSON under var/bench/.

Exits 0 when targets fail (it is a report); with --strict, 1 on any FAIL. Never part of `make test`.
"""

import argparse
import datetime
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samordna_scale"
RESULTS_DIR = ROOT / "var" / "bench"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench ARGS=...", description=__doc__.split("\n\n")[0])
    parser.add_argument("--national", action="store_true", help="the national set instead of the county set")
    parser.add_argument("--fraction", type=float, help="passed to seed_scale: load this share of the set")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument(
        "--page-budget", type=float, default=60, help="seconds after which a slow page stops (5 samples at least)"
    )
    parser.add_argument("--users", type=int, default=16, help="concurrent users in the mixed traffic (default 16)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each traffic run (default 20)")
    parser.add_argument("--task-worker-seconds", type=float, default=5, help="how long db_worker runs (default 5)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    return parser.parse_args(argv)


def bench_environment(database_url: str) -> dict[str, str]:
    """Production settings, as `samordna.config.settings.production` demands them: a fresh random SECRET_KEY
    (sessions the bench creates are signed with it, so bench and servers share it), DEBUG off, the loopback
    address as the only host. Database connections persist, as a production installation configures them,
    unless DATABASE_CONN_MAX_AGE says otherwise."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samordna.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    }
    env.pop("DEBUG", None)
    return env


def ensure_database(database_url: str) -> None:
    """Creates the bench's database when the server has none of that name, so a first `make bench` needs no
    hand-made database; an existing one is left as it is."""
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    with psycopg.connect(database_url, dbname="postgres", autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            print(f"Creating database {name}", flush=True)
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def seed(env: dict[str, str], args: argparse.Namespace) -> None:
    """Brings the schema up to date (seed_scale loads into migrated tables), then loads or reuses the set."""
    ensure_database(env["DATABASE_URL"])
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)  # noqa: S603
    command = [sys.executable, "manage.py", "seed_scale", "--national" if args.national else "--county", "--reuse"]
    if args.fraction is not None:
        command += ["--fraction", str(args.fraction)]
    print("$", " ".join(command[1:]), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    env = bench_environment(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        seed(env, args)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]

    import django

    django.setup()
    from bench.measure import measure

    started = datetime.datetime.now(datetime.UTC)
    results, rows, checks = measure(env, args)
    from bench import report

    print()
    print(report.page_table(rows))
    print()
    print(report.check_table(checks))
    print()
    print(report.slowest_query_plans(results["pages_detail"]))
    scale = "national" if args.national else "county"
    path = RESULTS_DIR / f"{scale}-{started:%Y%m%d-%H%M%S}.json"
    report.write_json(path, {"started_at": started.isoformat(), "scale": scale, **results}, rows, checks)
    print(f"Results written to {path.relative_to(ROOT)}")
    return 1 if args.strict and report.any_failed(rows, checks) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
