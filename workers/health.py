"""The deployment's health as an operator sees it (``judge health``): the workers that answer and
what they run, the queues' depths, the oldest queued submission, the recent failures. Read from
the same Redis and database as the workers; nothing is changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import redis
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from judge.config import Settings
from judge.storage import Database, Submission, utcnow
from judge.verdicts import Verdict
from workers.queue import QUEUES, create_celery, queue_depths

RECENT_FAILURES = 5
FAILURES_WITHIN = dt.timedelta(hours=24)


@dataclasses.dataclass
class Health:
    #: Each worker that answered, and the submissions it is judging now.
    workers: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    #: Tasks waiting in each queue (``None``: Redis did not answer).
    queues: dict[str, int | None] = dataclasses.field(default_factory=dict)
    queued: int | None = None
    running: int | None = None
    oldest_queued_s: float | None = None
    #: The latest ``internal_error`` verdicts of the last day: (id, challenge, when, message).
    failures: list[tuple[int, str, str, str]] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "problems": self.problems,
            "workers": self.workers,
            "queues": self.queues,
            "queued": self.queued,
            "running": self.running,
            "oldest_queued_s": self.oldest_queued_s,
            "failures": [
                {"id": i, "challenge": c, "finished_at": w, "message": m}
                for i, c, w, m in self.failures
            ],
        }


def check(settings: Settings, timeout_s: float = 2.0) -> Health:
    health = Health()
    _workers(health, settings, timeout_s)
    _queues(health, settings, timeout_s)
    _database(health, settings)
    return health


def _workers(health: Health, settings: Settings, timeout_s: float) -> None:
    app = create_celery(settings)
    try:
        inspect = app.control.inspect(timeout=timeout_s)
        active = inspect.active() or {}
    except Exception as exc:  # Redis away, or any error of the broker's: said, not raised
        health.problems.append(f"cannot ask the workers: {exc}")
        return
    finally:
        app.close()
    for name, tasks in sorted(active.items()):
        health.workers[name] = sorted(int(t["args"][0]) for t in tasks if t.get("args"))
    if not health.workers:
        health.problems.append("no worker answered: nothing is being judged")


def _queues(health: Health, settings: Settings, timeout_s: float) -> None:
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
    )
    try:
        health.queues = dict(queue_depths(client))
    except redis.RedisError as exc:
        health.queues = dict.fromkeys(QUEUES)
        health.problems.append(f"Redis does not answer at {settings.redis_url}: {exc}")
    finally:
        client.close()


def _database(health: Health, settings: Settings) -> None:
    try:
        db = Database(settings.database)
        with db.session() as session:
            counts = dict(
                session.execute(
                    select(Submission.status, func.count())
                    .where(Submission.status.in_([Verdict.QUEUED.value, Verdict.RUNNING.value]))
                    .group_by(Submission.status)
                ).all()
            )
            oldest = session.scalar(
                select(func.min(Submission.created_at)).where(
                    Submission.status == Verdict.QUEUED.value
                )
            )
            columns = (Submission.id, Submission.challenge, Submission.finished_at)
            failed = session.execute(
                select(*columns, Submission.message)
                .where(
                    Submission.status == Verdict.INTERNAL_ERROR.value,
                    Submission.finished_at > utcnow() - FAILURES_WITHIN,
                )
                .order_by(Submission.finished_at.desc())
                .limit(RECENT_FAILURES)
            ).all()
        db.engine.dispose()
    except SQLAlchemyError as exc:
        health.problems.append(f"cannot read the database: {exc}")
        return
    health.queued = counts.get(Verdict.QUEUED.value, 0)
    health.running = counts.get(Verdict.RUNNING.value, 0)
    if oldest is not None:
        health.oldest_queued_s = round((utcnow() - oldest).total_seconds(), 1)
    health.failures = [(i, c, f"{w:%Y-%m-%d %H:%M:%S}", m) for i, c, w, m in failed]


def render(health: Health) -> str:
    lines = [f"health: {'ok' if health.healthy else 'PROBLEMS'}"]
    lines += [f"  ! {problem}" for problem in health.problems]
    lines.append(f"workers answering: {len(health.workers)}")
    for name, judging in health.workers.items():
        doing = f"judging {', '.join(map(str, judging))}" if judging else "idle"
        lines.append(f"  {name}: {doing}")
    depths = ", ".join(f"{q} {'?' if n is None else n}" for q, n in health.queues.items())
    lines.append(f"tasks in the queues: {depths}")
    if health.queued is not None:
        oldest = "" if health.oldest_queued_s is None else f" (oldest {health.oldest_queued_s:g} s)"
        lines.append(f"submissions queued: {health.queued}{oldest}, running: {health.running}")
    lines.append("latest internal errors (last day):" + ("" if health.failures else " none"))
    for sid, challenge, when, message in health.failures:
        lines.append(f"  {sid} {challenge} {when}: {message[:120]}")
    return "\n".join(lines)
