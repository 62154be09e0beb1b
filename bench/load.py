"""Plain HTTP against the gunicorn under test: one timed request, a page's latency samples, mixed traffic.

Every request opens its own connection, as gunicorn's sync workers close theirs after each answer; the time
runs from connecting to the last byte of the body, so it is the server's time plus a loopback round trip.
"""

import http.client
import random
import threading
import time
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Request:
    """Everything needed to send one page's request; built once per page and reused for every sample."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Answer:
    status: int
    milliseconds: float
    body: bytes
    location: str = ""


def send(port: int, request: Request) -> Answer:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(request.method, request.path, body=request.body or None, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    elapsed = (time.perf_counter() - start) * 1000
    return Answer(response.status, elapsed, body, response.getheader("Location", ""))


class UnexpectedAnswer(RuntimeError):
    pass


def send_expecting_ok(port: int, request: Request) -> Answer:
    """One request that must answer 200; anything else stops the bench with what the server said."""
    answer = send(port, request)
    if answer.status != 200:
        detail = f" -> {answer.location}" if answer.location else f": {answer.body[:300]!r}"
        raise UnexpectedAnswer(f"{request.method} {request.path} answered {answer.status}{detail}")
    return answer


def latency_samples(port: int, request: Request, *, warmups: int, count: int, budget_seconds: float) -> list[float]:
    """`count` timings after `warmups` untimed requests, or fewer (never under 5) when the page is so slow that
    they would take longer than `budget_seconds`: a page of seconds needs no thirty samples to fail."""
    for _ in range(warmups):
        send_expecting_ok(port, request)
    samples: list[float] = []
    deadline = time.monotonic() + budget_seconds
    while len(samples) < count and (len(samples) < 5 or time.monotonic() < deadline):
        samples.append(send_expecting_ok(port, request).milliseconds)
    return samples


@dataclass
class Traffic:
    """What `users` concurrent clients achieved: answers per second over the whole run, and the failures
    (a status other than 200, or no answer at all) by page."""

    users: int
    seconds: float
    answers: int
    errors: dict[str, int]
    per_page: dict[str, int]

    @property
    def requests_per_second(self) -> float:
        return self.answers / self.seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def mixed_traffic(port: int, mix: list[tuple[str, Request, float]], *, users: int, seconds: float) -> Traffic:
    """`users` threads, each sending one request after the other for `seconds`, the page chosen at random by
    weight from `mix` (name, request, weight); each thread has its own fixed seed, so runs are comparable."""
    names = [name for name, _request, _weight in mix]
    requests = {name: request for name, request, _weight in mix}
    weights = [weight for _name, _request, weight in mix]
    lock = threading.Lock()
    per_page = dict.fromkeys(names, 0)
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    def user(seed: int) -> None:
        chooser = random.Random(seed)  # noqa: S311 - picks pages, not secrets
        while time.monotonic() < deadline:
            name = chooser.choices(names, weights)[0]
            try:
                ok = send(port, requests[name]).status == 200
            except OSError:
                ok = False
            with lock:
                per_page[name] += 1
                if not ok:
                    errors[name] = errors.get(name, 0) + 1

    start = time.monotonic()
    threads = [threading.Thread(target=user, args=(seed,), daemon=True) for seed in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return Traffic(users, elapsed, sum(per_page.values()), errors, per_page)
