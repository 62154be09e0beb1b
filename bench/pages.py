"""The pages the bench measures, each with its persona, its request, its target and its share of mixed traffic.

Every address comes from the URLconf (`reverse`), every object from a query over the loaded set, every
permission from the app's own rules (`visible_cases`, the statistics scopes), so the bench follows the app.
Targets are issue 13's: p95 server time on the county set, PostgreSQL, gunicorn with 2 workers on 2 cores.
"""

import datetime
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from bench import personas
from bench.load import Request
from samordna.cases.models import Step
from samordna.cases.policies import visible_cases
from samordna.common import clock
from samordna.demo.scale.personas import API, BUSY, CHIEF, COORDINATOR, SMALL, api_token_plaintext
from samordna.logreview.forms import ExtractFormat, Requester
from samordna.logreview.selectors import LogSearch
from samordna.logreview.views import SEARCH_SESSION_KEY
from samordna.meetings.models import MeetingStatus
from samordna.plans.models import PlanStatus
from samordna.statistics.policies import COUNTY, UNIT, available_scopes

PAGE_MS = 50  # overview, inbox, case, plan and meeting pages, the REST list
PDF_MS = 300  # plan PDF, log extract PDF
STATISTICS_MS = 300  # the issue names the county; one unit's report counts a subset of it
LOG_SEARCH_MS = 200  # one person, one month
REST_LIST_LIMIT = 50
LOG_SEARCH = "log follow-up, 1 person 1 month"


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    request: Request
    target_ms: float
    weight: float  # relative share in the mixed traffic: the pages staff open all day weigh most


class NothingToMeasure(RuntimeError):
    pass


@dataclass
class Subjects:
    """The objects the pages show: a case of the small persona (handlaggare10) with an approved plan and a meeting."""

    case: object
    plan_version: object
    meeting: object


def find_subjects(user) -> Subjects:
    """An open case `user` may see whose plan has an approved version and that has had a meeting: the pages
    of a case in the middle of its process, with every section filled."""
    case = (
        visible_cases(user)
        .exclude(status=Step.CLOSED)
        .filter(plan__versions__status=PlanStatus.APPROVED, meetings__status=MeetingStatus.HELD)
        .order_by("pk")
        .first()
    )
    if case is None:
        raise NothingToMeasure(f"{user.username} sees no open case with an approved plan and a held meeting.")
    version = case.plan.versions.filter(status=PlanStatus.APPROVED).get()
    meeting = case.meetings.filter(status=MeetingStatus.HELD).order_by("-pk").first()
    return Subjects(case, version, meeting)


def last_full_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _scope_key(user, level: str) -> str:
    scope = next((scope for scope in available_scopes(user) if scope.level == level), None)
    if scope is None:
        raise NothingToMeasure(f"{user.username} may read no statistics at the {level} level.")
    return scope.key


class Site:
    """Builds the requests for the server on `port`: the headers a browser sends through the TLS-terminating
    proxy production runs behind (X-Forwarded-Proto, so the production settings' HTTPS redirect and secure
    cookies apply as they would), with the persona's session cookie, or the API token."""

    def __init__(self, port: int):
        self.host = f"127.0.0.1:{port}"
        # Any 32 letters are a valid CSRF secret; sent as cookie and header, it passes CSRF like a browser form.
        self.csrf_secret = secrets.token_hex(16)

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        return {"Host": self.host, "X-Forwarded-Proto": "https", **extra}

    def get(self, path: str, login: personas.Login, query: dict | None = None) -> Request:
        full_path = f"{path}?{urlencode(query)}" if query else path
        return Request("GET", full_path, self._headers({"Cookie": login.cookie}))

    def post(self, path: str, login: personas.Login, form: dict) -> Request:
        headers = {
            "Cookie": f"{login.cookie}; {settings.CSRF_COOKIE_NAME}={self.csrf_secret}",
            "X-CSRFToken": self.csrf_secret,
            "Origin": f"https://{self.host}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return Request("POST", path, self._headers(headers), urlencode(form).encode())

    def api_get(self, path: str, token: str, query: dict) -> Request:
        return Request("GET", f"{path}?{urlencode(query)}", self._headers({"Authorization": f"Bearer {token}"}))


@dataclass
class Setup:
    pages: list[Page]
    logins: list[personas.Login]
    subjects: Subjects
    # Pages the set gives nobody to measure them as: (name, target in ms, why), shown as FAIL.
    unmeasured: list[tuple[str, float, str]]


def build_pages(port: int) -> Setup:
    """Logs the personas in and returns every page to measure, in the order of the table."""
    site = Site(port)
    users = {name: personas.persona(name) for name in (SMALL, BUSY, CHIEF, COORDINATOR)}
    subjects = find_subjects(users[SMALL])
    case, person_id = subjects.case, subjects.case.person_id
    logins = {name: personas.login(user) for name, user in users.items()}
    h10, h500, chef, coordinator = logins[SMALL], logins[BUSY], logins[CHIEF], logins[COORDINATOR]
    statistics = reverse("statistics:page")
    pages = [
        Page("Min översikt", SMALL, site.get(reverse("overview:home"), h10), PAGE_MS, 15),
        Page("Min översikt", BUSY, site.get(reverse("overview:home"), h500), PAGE_MS, 10),
        Page("Min översikt", CHIEF, site.get(reverse("overview:home"), chef), PAGE_MS, 5),
        Page("Enhetens inkorg", CHIEF, site.get(reverse("overview:inbox"), chef), PAGE_MS, 5),
        Page("case page", SMALL, site.get(reverse("cases:detail", args=[case.pk]), h10), PAGE_MS, 20),
        Page("plan page", SMALL, site.get(reverse("plans:detail", args=[case.pk]), h10), PAGE_MS, 10),
        Page(
            "meeting page",
            SMALL,
            site.get(reverse("meetings:detail", args=[case.pk, subjects.meeting.pk]), h10),
            PAGE_MS,
            8,
        ),
        Page(
            "plan PDF",
            SMALL,
            site.get(reverse("plans:pdf", args=[case.pk, subjects.plan_version.pk]), h10),
            PDF_MS,
            4,
        ),
        Page(
            f"REST GET cases?limit={REST_LIST_LIMIT}",
            API,
            site.api_get(reverse("rest:case_list"), api_token_plaintext(), {"limit": REST_LIST_LIMIT}),
            PAGE_MS,
            10,
        ),
        Page(
            "statistics, one unit",
            CHIEF,
            site.get(statistics, chef, {"scope": _scope_key(chef.user, UNIT)}),
            STATISTICS_MS,
            2,
        ),
        Page(
            "statistics, county",
            COORDINATOR,
            site.get(statistics, coordinator, {"scope": _scope_key(coordinator.user, COUNTY)}),
            STATISTICS_MS,
            1,
        ),
    ]
    unmeasured = []
    auditor = personas.auditor_of(users[SMALL])
    if auditor is None:
        unmeasured.append((LOG_SEARCH, LOG_SEARCH_MS, f"the set has no log auditor for {SMALL}'s principal"))
    else:
        date_from, date_to = last_full_month(clock.today())
        search = LogSearch(date_from=date_from, date_to=date_to, person_id=person_id)
        logins[auditor.username] = personas.login(auditor, extra={SEARCH_SESSION_KEY: search.as_session()})
        pages.append(
            Page(
                LOG_SEARCH,
                auditor.username,
                site.get(reverse("logreview:search"), logins[auditor.username]),
                LOG_SEARCH_MS,
                1,
            )
        )
    pages.append(
        Page(
            "log extract PDF, 1 person",
            SMALL,
            site.post(
                reverse("logreview:person_extract", args=[person_id]),
                h10,
                {"requested_by": Requester.INDIVIDUAL, "format": ExtractFormat.PDF},
            ),
            PDF_MS,
            1,
        )
    )
    return Setup(pages, list(logins.values()), subjects, unmeasured)
