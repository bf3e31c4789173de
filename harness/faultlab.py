"""A judge of its own to break: a Redis server, a SQLite database and Celery workers, all real
processes, that a test (``tests/test_faults.py``) or ``bench/faults.py`` kills, flushes, locks
and starts again, and the accounting of what came out: verdicts, submissions lost, judged twice.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import redis

from harness.processes import free_port, start_redis, start_worker, wait_for
from judge.config import Settings
from judge.storage import Database, Submission
from judge.submissions import create_submission, get_submission
from judge.users import add_user
from judge.verdicts import IN_FLIGHT

# Right, and slow enough (about half a second a case) that a fault finds it running.
SLOW_BUT_RIGHT = """
import time
import numpy as np

def matrix_multiplication(A, B):
    time.sleep(0.05)
    return np.dot(A, B)
"""


@dataclasses.dataclass
class Outcome:
    """What became of a batch of submissions after a fault."""

    submissions: int
    lost: int  # no verdict by the deadline
    duplicates: int  # judged twice in a way that shows: two results recorded, cases repeated
    verdicts: dict[int, str]
    attempts: dict[int, int]
    seconds: float  # from the component's return to the last verdict


class EventLog(threading.Thread):
    """Every progress event the lab's workers publish, by submission, read from Redis pub/sub
    (again after Redis restarts: what is published while it is down is not seen)."""

    def __init__(self, port: int) -> None:
        super().__init__(name="lab-events", daemon=True)
        self.port = port
        self.seen: dict[int, list[dict]] = {}
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self.start()
        wait_for(lambda: self.listening, 10, "the event log to subscribe", interval=0.02)

    listening = False

    def of(self, submission_id: int) -> list[dict]:
        with self._lock:
            return list(self.seen.get(submission_id, []))

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                pubsub = redis.Redis(port=self.port).pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe("judge:submission:*")
                self.listening = True
                while not self._stopped.is_set():
                    message = pubsub.get_message(timeout=0.2)
                    if message is not None:
                        event = json.loads(message["data"])
                        with self._lock:
                            self.seen.setdefault(event["id"], []).append(event)
            except redis.RedisError:
                time.sleep(0.1)


class Lab:
    """One judge, its parts started and broken on demand. ``settings`` overrides the worker's
    settings (``{"stale_after_s": "6"}``)."""

    def __init__(self, folder: Path, **settings: str) -> None:
        self.folder = folder
        self.redis_port = free_port()
        self.redis_dir = folder / "redis"
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "JUDGE_SETTINGS_FILE": "",
            "JUDGE_DATA_DIR": str(folder),
            "JUDGE_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "JUDGE_BENCHMARK_BUDGET_S": "0.2",
            "JUDGE_BENCHMARK_MIN_RUNS": "3",
            "JUDGE_BENCHMARK_MAX_RUNS": "3",
            "JUDGE_REFERENCE_TIMINGS": "1",
            "JUDGE_HEARTBEAT_S": "1",
            "JUDGE_SWEEP_EVERY_S": "1",
            "JUDGE_SECRET": secrets.token_hex(32),  # shared by every worker, on any host
            **{f"JUDGE_{name.upper()}": value for name, value in settings.items()},
        }
        self.settings = Settings.load(self.env)
        self.db = Database(self.settings.database)
        self.user, _ = add_user(self.db, "lab")
        self.redis_proc = start_redis(self.redis_port, self.redis_dir)
        self.redis = redis.Redis(port=self.redis_port)
        self.workers: list[subprocess.Popen] = []
        from judge.challenge_packages import ChallengeRepository
        from workers.queue import create_celery, judging_route

        self.celery = create_celery(self.settings)
        challenges = ChallengeRepository(self.settings.challenges_dir)
        self.route = lambda slug: judging_route(challenges, slug, self.settings)
        self.events = EventLog(self.redis_port)

    # -- the parts -------------------------------------------------------------------------------

    def start_worker(
        self, concurrency: int = 2, name: str = "lab", queues: str = "cpu,gpu", **env: str
    ) -> subprocess.Popen:
        """A worker; ``env`` overrides its settings (``host_id="a"``, ``data_dir=...``)."""
        overrides = {f"JUDGE_{key.upper()}": value for key, value in env.items()}
        log = self.folder / f"worker-{name}-{len(self.workers)}.log"
        worker = start_worker({**self.env, **overrides}, log, concurrency, queues, own_session=True)
        self.workers.append(worker)
        return worker

    def wait_worker_ready(self, worker: subprocess.Popen, timeout: float = 60) -> None:
        def answers() -> bool:
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.logs()}")
            return bool(self.celery.control.ping(timeout=0.5))

        wait_for(answers, timeout, "the lab's worker", interval=0)

    def kill_worker(self, worker: subprocess.Popen) -> None:
        """SIGKILL to the worker's main process and its whole pool at once."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

    def flush_redis(self) -> None:
        self.redis.flushall()

    def restart_redis_empty(self) -> None:
        """Redis stopped outright and started again without its data, on the same port."""
        self.redis_proc.kill()
        self.redis_proc.wait(10)
        self.redis_proc = start_redis(self.redis_port, self.redis_dir)

    @contextmanager
    def database_locked(self):
        """No writer gets into the SQLite database while this holds it (readers still do)."""
        path = self.settings.database.removeprefix("sqlite:///")
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait()
        self.events.stop()
        self.redis_proc.kill()
        self.redis_proc.wait(10)
        self.celery.close()

    # -- submissions -----------------------------------------------------------------------------

    def stored(self, count: int, source: str = SLOW_BUT_RIGHT, slug: str = "matmul") -> list[int]:
        """``count`` submissions stored, as the API stores them, and not sent."""
        return [create_submission(self.db, self.user, slug, source).id for _ in range(count)]

    def submit(self, count: int, source: str = SLOW_BUT_RIGHT, slug: str = "matmul") -> list[int]:
        """``count`` submissions stored and sent, as the API does."""
        from workers.queue import enqueue

        ids = self.stored(count, source, slug)
        for sid in ids:
            enqueue(self.celery, sid, *self.route(slug))
        return ids

    def statuses(self, ids: list[int]) -> dict[int, str]:
        with self.db.session() as session:
            rows = session.query(Submission.id, Submission.status).filter(Submission.id.in_(ids))
            return {sid: status for sid, status in rows}

    def wait_until_running(self, ids: list[int], count: int, timeout: float = 60) -> list[int]:
        def running() -> list[int]:
            found = [sid for sid, s in self.statuses(ids).items() if s == "running"]
            return found if len(found) >= count else []

        return wait_for(running, timeout, f"{count} running submissions", interval=0.05)

    def outcome(self, ids: list[int], since: float, timeout: float) -> Outcome:
        """Wait up to ``timeout`` seconds for every verdict; ``since``: ``time.monotonic()`` at
        the component's return."""
        deadline = time.monotonic() + timeout
        last = since
        pending = set(ids)
        while pending and time.monotonic() < deadline:
            done = {sid for sid, s in self.statuses(list(pending)).items() if s not in IN_FLIGHT}
            if done:
                last = time.monotonic()
            pending -= done
            time.sleep(0.1)
        verdicts, attempts, duplicates = {}, {}, 0
        for sid in ids:
            submission = get_submission(self.db, sid)
            assert submission is not None
            verdicts[sid], attempts[sid] = submission.status, submission.attempts
            names = [case.name for case in submission.cases]
            finals = [e for e in self.events.of(sid) if e.get("final")]
            duplicates += len(names) != len(set(names)) or len(finals) > 1
        return Outcome(len(ids), len(pending), duplicates, verdicts, attempts, last - since)

    def metrics(self) -> dict[tuple[str, str], float]:
        """What the workers pushed, summed over workers: (name, reason or outcome) -> value."""
        from workers.metrics import METRICS_KEY

        found: dict[tuple[str, str], float] = {}
        for field, value in self.redis.hgetall(METRICS_KEY).items():
            name, labels = json.loads(field)
            key = (name, labels.get("reason") or labels.get("outcome") or "")
            found[key] = found.get(key, 0) + float(value)
        return found

    def logs(self) -> str:
        """The end of each worker's log: for a failure's message."""
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.folder.glob("worker-*.log")))

    def logged(self, text: str) -> bool:
        """Whether any worker's log, whole, has ``text``: a line may be anywhere in it by the
        time it is looked for."""
        return any(text in p.read_text() for p in self.folder.glob("worker-*.log"))
