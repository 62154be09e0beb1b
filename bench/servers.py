"""The processes under test: gunicorn (the app, or the bare-framework floor) and the task worker.

Each is started with the bench's environment, stopped by its own process id when the block ends, and its
memory read from /proc, so the figures are those of the real production processes, not of the bench.
"""

import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.load import Request, send

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2
# Slow pages are measured, not cut off: gunicorn's default of 30 s would turn a slow page into a dropped
# connection at national scale.
WORKER_TIMEOUT_SECONDS = 300
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"process {pid} has no VmRSS")


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers under its master)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # The command name in field 2 may hold spaces; the parent id is the second field after it.
            after_name = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(after_name[1]) == pid:
                children.append(int(entry.name))
    return sorted(children)


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        return child_pids(self.process.pid)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str], log: Path, ready: Request) -> Iterator[Server]:
    """gunicorn with WORKERS sync workers on a free loopback port, serving samordna's WSGI application under
    the settings module in `env`; ready once `ready` answers 200 and every worker has started."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        f"--timeout={WORKER_TIMEOUT_SECONDS}",
        f"--pythonpath={ROOT}",
        "--log-level=warning",
        "samordna.config.wsgi:application",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )
        server = Server(port, process, log)
        try:
            _wait_until_ready(server, ready)
            yield server
        finally:
            _stop(process)


def _wait_until_ready(server: Server, ready: Request) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see {server.log}")
        with contextlib.suppress(OSError):
            if send(server.port, ready).status == 200 and len(server.worker_pids()) == WORKERS:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {ready.path} within {STARTUP_SECONDS} s; see {server.log}")


def task_worker_rss_mb(*, env: dict[str, str], seconds: float, log: Path) -> float:
    """Starts `manage.py db_worker` as `make run` does, lets it poll the queue (and run whatever the pages
    queued) for `seconds`, and returns its resident memory just before stopping it."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            time.sleep(seconds)
            if process.poll() is not None:
                raise RuntimeError(f"db_worker exited with {process.returncode}; see {log}")
            return rss_mb(process.pid)
        finally:
            _stop(process)
