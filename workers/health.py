"""The deployment's health as an operator sees it (``judge health``): the workers that answer and
the submissions they judge, whether they write to the database it reads, the queues' depths, the
oldest queued submission, the recent failures, the challenge packages that do not load. Read
from the same Redis and database as the workers; nothing is changed.

``judge health`` runs this module (``python -m workers.health [--json]``, the deployment's
settings in its environment): it asks the workers through Celery, which nothing under ``judge/``
imports.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from typing import Any

import redis
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.errors import ChallengeError, StorageError
from judge.storage import Database, Submission, database_exists, utcnow
from judge.verdicts import Verdict
from workers import presence
from workers.presence import Presence
from workers.queue import QUEUES, create_celery, queue_depths

RECENT_FAILURES = 5
FAILURES_WITHIN = dt.timedelta(hours=24)


@dataclasses.dataclass
class Health:
    #: The database this report read, without its password.
    database: str = ""
    #: Each worker that answered, and the ids of the submissions it is judging now.
    workers: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    #: Tasks waiting in each queue (``None``: Redis did not answer).
    queues: dict[str, int | None] = dataclasses.field(default_factory=dict)
    queued: int | None = None
    running: int | None = None
    oldest_queued_s: float | None = None
    #: The latest ``internal_error`` verdicts of the last day: (id, challenge, when, message).
    failures: list[tuple[int, str, str, str]] = dataclasses.field(default_factory=list)
    #: Each challenge package that does not load (left out of the catalogue), and why.
    broken_packages: dict[str, str] = dataclasses.field(default_factory=dict)
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "problems": self.problems,
            "database": self.database,
            "workers": self.workers,
            "queues": self.queues,
            "queued": self.queued,
            "running": self.running,
            "oldest_queued_s": self.oldest_queued_s,
            "failures": [
                {"id": i, "challenge": c, "finished_at": w, "message": m}
                for i, c, w, m in self.failures
            ],
            "broken_packages": self.broken_packages,
        }


def check(settings: Settings, timeout_s: float = 2.0) -> Health:
    health = Health()
    identity = _database(health, settings)
    announced = _queues(health, settings, timeout_s)
    _workers(health, settings, timeout_s, announced)
    _same_database(health, identity, announced)
    _packages(health, settings)
    return health


def _workers(
    health: Health, settings: Settings, timeout_s: float, announced: list[Presence]
) -> None:
    """Ask the workers what they judge. Those that announced themselves are asked by name,
    and the answer is complete once each replied; with none announced, every worker is asked
    and the whole timeout waited for."""
    names = [worker.name for worker in announced]
    app = create_celery(settings)
    try:
        inspect = app.control.inspect(
            timeout=timeout_s, destination=names or None, limit=len(names) or None
        )
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
    for name in sorted(set(names) - set(health.workers)):
        health.problems.append(f"worker {name} is up but did not answer within {timeout_s:g} s")


def _same_database(health: Health, identity: str | None, announced: list[Presence]) -> None:
    """Each worker writes to the database this report read: otherwise the report (and a user
    added with the same settings) is about another deployment than the one judging."""
    if identity is None:
        return
    for worker in announced:
        if not worker.database:
            health.problems.append(f"worker {worker.name} cannot read its database")
        elif worker.database != identity:
            health.problems.append(
                f"worker {worker.name} writes to another database ({worker.where}) than this "
                f"command reads ({health.database}): check the settings file or "
                "JUDGE_DATABASE_URL / JUDGE_DATA_DIR"
            )


def _packages(health: Health, settings: Settings) -> None:
    try:
        health.broken_packages = ChallengeRepository(settings.challenges_dir).broken()
    except ChallengeError as exc:
        health.problems.append(str(exc))
        return
    for slug, why in health.broken_packages.items():
        health.problems.append(f"challenge package {slug} does not load and is left out: {why}")


def _queues(health: Health, settings: Settings, timeout_s: float) -> list[Presence]:
    """The queues' depths, and the workers that announced themselves."""
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
    )
    try:
        health.queues = dict(queue_depths(client))
        return presence.present(client)
    except redis.RedisError as exc:
        health.queues = dict.fromkeys(QUEUES)
        health.problems.append(f"Redis does not answer at {settings.redis_url}: {exc}")
        return []
    finally:
        client.close()


def _database(health: Health, settings: Settings) -> str | None:
    """The counts, and the database's identity; ``None`` if it cannot be read. A database that
    does not exist is said to be missing, not made."""
    health.database = make_url(settings.database).render_as_string(hide_password=True)
    if not database_exists(settings.database):
        health.problems.append(f"no database at {health.database}")
        return None
    try:
        db = Database(settings.database, migrate=False)  # the workers and the API migrate it
        identity = db.identity()
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
    except (SQLAlchemyError, StorageError) as exc:
        health.problems.append(f"cannot read the database: {exc}")
        return None
    health.queued = counts.get(Verdict.QUEUED.value, 0)
    health.running = counts.get(Verdict.RUNNING.value, 0)
    if oldest is not None:
        health.oldest_queued_s = round((utcnow() - oldest).total_seconds(), 1)
    health.failures = [(i, c, f"{w:%Y-%m-%d %H:%M:%S}", m) for i, c, w, m in failed]
    return identity


def render(health: Health) -> str:
    lines = [f"health: {'ok' if health.healthy else 'PROBLEMS'}"]
    lines += [f"  ! {problem}" for problem in health.problems]
    lines.append(f"database: {health.database}")
    lines.append(f"workers answering: {len(health.workers)}")
    for name, judging in health.workers.items():
        lines.append(f"  {name}: {_judging(judging)}")
    depths = ", ".join(f"{q} {'?' if n is None else n}" for q, n in health.queues.items())
    lines.append(f"tasks in the queues: {depths}")
    if health.queued is not None:
        oldest = "" if health.oldest_queued_s is None else f" (oldest {health.oldest_queued_s:g} s)"
        lines.append(f"submissions queued: {health.queued}{oldest}, running: {health.running}")
    lines.append("latest internal errors (last day):" + ("" if health.failures else " none"))
    for sid, challenge, when, message in health.failures:
        lines.append(f"  submission {sid} ({challenge}) {when}: {message[:120]}")
    lines.append(
        "challenge packages that do not load:" + ("" if health.broken_packages else " none")
    )
    lines += [f"  {slug}: {why[:160]}" for slug, why in health.broken_packages.items()]
    return "\n".join(lines)


def _judging(submission_ids: list[int]) -> str:
    if not submission_ids:
        return "idle"
    plural = "s" if len(submission_ids) > 1 else ""
    return f"judging submission{plural} {', '.join(map(str, submission_ids))}"


def main(argv: list[str] | None = None) -> int:
    """Prints the report (or its JSON); 0 when healthy, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="judge health", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    args = parser.parse_args(argv)
    report = check(Settings.load())
    print(json.dumps(report.to_json(), indent=2) if args.json else render(report))
    return 0 if report.healthy else 1


if __name__ == "__main__":
    sys.exit(main())
