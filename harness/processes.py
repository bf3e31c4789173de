"""The stack's processes, as the suite (``tests/conftest.py``), the fault lab
(:mod:`harness.faultlab`) and the benchmarks (``bench/``) start them: a Redis server, Celery
workers (as operators start them, ``judge worker``), the API under gunicorn; and what they wait
for and look at on the host (a process's children and tree, the judge's containers).

One launcher for all three, so that a benchmark measures the stack the suite tests. Standard
library, redis-py and the Docker CLI only: nothing here imports Flask or Celery.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import redis

from judge.config import REPO_ROOT
from judge.container_config import LABEL, OWNER_LABEL

T = TypeVar("T")


class TimedOut(AssertionError):
    """Raised when what a test waits for does not happen in time."""


def wait_for(
    predicate: Callable[[], T],
    timeout: float,
    what: str,
    interval: float = 0.1,
    explain: Callable[[], str] = lambda: "",
) -> T:
    """``predicate()``'s first true value, asked every ``interval`` seconds; :class:`TimedOut`,
    naming ``what`` and adding what ``explain()`` says, once ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimedOut(f"timed out after {timeout:g} s waiting for {what}\n{explain()}".rstrip())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    """A Redis server on 127.0.0.1:``port`` that keeps nothing on disk, answering."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise RuntimeError("redis-server is not installed; run scripts/test, which installs it")
    proc = subprocess.Popen(
        [
            exe,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return proc.poll() is not None and _fail(f"redis-server exited ({proc.returncode})")

    wait_for(answers, 10, "redis-server to start", interval=0.05)
    return proc


def _fail(message: str) -> bool:
    raise RuntimeError(message)


def start_worker(
    env: dict[str, str],
    log_path: Path,
    concurrency: int | None = 1,
    queues: str = "cpu,gpu",
    own_session: bool = False,
) -> subprocess.Popen:
    """A real Celery worker process on ``queues``, started as operators do (``judge worker``,
    which becomes Celery's worker), logging to ``log_path``; ``concurrency`` slots (``None``:
    the worker's default, one per CPU); with ``own_session``, in a process group of its own,
    which a test kills whole (main process and pool)."""
    slots = () if concurrency is None else ("-c", str(concurrency))
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "judge.cli", "worker", *slots),
                *("-Q", queues, "--", "--without-gossip", "--without-mingle"),
                *("-n", f"test-{os.getpid()}-{log_path.stem}@%h"),
            ],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=own_session,
        )


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def process_tree(root: int) -> set[int]:
    """``root`` and every process descended from it: a worker and its pool."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit():
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return tree


def labelled(*filters: str) -> list[tuple[str, str]]:
    """The judge's containers that match ``docker ps`` ``filters``: full id, and owner label."""
    out = subprocess.run(
        [
            *("docker", "ps", "--no-trunc", "--filter", f"label={LABEL}", *filters),
            *("--format", f'{{{{.ID}}}} {{{{.Label "{OWNER_LABEL}"}}}}'),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = (line.partition(" ") for line in out.stdout.splitlines() if line.strip())
    return [(cid, owner) for cid, _, owner in rows]


def start_api(
    env: dict[str, str], port: int, log_path: Path, processes: int = 2, threads: int = 8
) -> subprocess.Popen:
    """The API under gunicorn on 127.0.0.1:``port``, as ``judge serve`` runs it, answering its
    ``/healthz``."""
    import requests  # the benchmarks' and the suite's; the API itself never imports it

    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [
                *(Path(sys.executable).parent / "gunicorn", "--bind", f"127.0.0.1:{port}"),
                *("--workers", str(processes), "--threads", str(threads), "api:create_app()"),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def answers() -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok
        except requests.RequestException:
            return proc.poll() is not None and _fail(f"the API exited ({proc.returncode})")

    wait_for(answers, 30, "the API to answer", interval=0.1)
    return proc
