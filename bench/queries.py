"""Queries per page and the plan of each page's slowest query.

Each page is requested once more through Django's test client inside the bench process, with the same
settings, database, headers and session as over HTTP, while `CaptureQueriesContext` records every statement
with its time. The slowest statement is run again under EXPLAIN (ANALYZE, BUFFERS) in a transaction that is
rolled back, so the plan of an INSERT (the read events every page writes) costs nothing but the time.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.load import Request
from bench.pages import Page

EXPLAIN_TIMEOUT = "120s"
PLANNED = ("select", "insert", "update", "delete", "with")


@dataclass
class PageQueries:
    count: int
    slowest_ms: float
    slowest_sql: str
    plan: list[str]


def _environ(request: Request) -> dict[str, str]:
    """The request's headers as the WSGI environ keys the test client takes."""
    return {
        ("CONTENT_TYPE" if name == "Content-Type" else "HTTP_" + name.upper().replace("-", "_")): value
        for name, value in request.headers.items()
    }


def explain(sql: str) -> list[str]:
    """The statement's plan as it runs now; a statement that cannot run twice (a unique key it inserted) or
    runs past EXPLAIN_TIMEOUT gives the database's error instead of a plan."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = '{EXPLAIN_TIMEOUT}'")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [line for (line,) in cursor.fetchall()]
            transaction.set_rollback(True)
    except DatabaseError as error:
        return [f"(no plan: {str(error).strip()})"]
    return plan


def page_queries(page: Page) -> PageQueries:
    request = page.request
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.generic(
            request.method,
            request.path,
            data=request.body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            secure=True,
            **_environ(request),
        )
    if response.status_code != 200:
        raise RuntimeError(f"{page.name} ({page.persona}) answered {response.status_code} in the test client")
    statements = [query for query in captured.captured_queries if query["sql"].lstrip().lower().startswith(PLANNED)]
    slowest = max(statements, key=lambda query: float(query["time"]))
    return PageQueries(
        count=len(captured.captured_queries),
        slowest_ms=float(slowest["time"]) * 1000,
        slowest_sql=slowest["sql"],
        plan=explain(slowest["sql"]),
    )
