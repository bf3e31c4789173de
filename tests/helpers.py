"""Small helpers shared by tests."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import redis
from sqlalchemy import update

from judge.config import REPO_ROOT
from judge.storage import Database, Submission, utcnow

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


def backdate(db: Database, submission_id: int, seconds: float) -> None:
    """Make a submission look as if it was queued ``seconds`` ago (for the sweeper)."""
    with db.session() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(touched_at=utcnow() - dt.timedelta(seconds=seconds))
        )
        session.commit()


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
    concurrency: int = 1,
    queues: str = "cpu,gpu",
    own_session: bool = False,
) -> subprocess.Popen:
    """A real Celery worker process on ``queues``, started as operators do (``judge worker``,
    which becomes Celery's worker), logging to ``log_path``; with ``own_session``, in a process
    group of its own, which a test kills whole (main process and pool)."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "judge.cli", "worker", "-c", str(concurrency)),
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


def browser_log_in(page, url: str, token: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#token", token)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/users/"))


def overflow(page) -> int:
    """How far the page is wider than the window (tables scroll inside their box)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
