"""Example runs: a source judged on a challenge's public examples only, on a worker in a real
sandbox like a submission, for the browser's workspace (**Run examples**) and the API. A run is
not a submission: no hidden case, no benchmark or timing, never on a leaderboard, a user page, a
list of submissions, the submissions' quotas or their metrics.

Stored in a table of its own, ``example_runs``, rather than as a ``kind`` of submission: every
query of ``submissions`` (the boards, the user pages, the lists, the quotas, the metrics, the
sweeper, rejudging, removing a user's, the standings) stays right as written, where a ``kind``
column would need a ``kind == 'submission'`` in each of them, now and in every query written
after, and one forgotten would rank, count or re-queue a run. A run holds little (its public
examples' verdicts and messages, as JSON, and its log): it is read whole, by its owner only.

Each user keeps their last :data:`KEPT` runs (more, if their rate allows more a minute): older
ones are removed as a new one is made. Runs per minute are the user's own limit,
``example_runs_per_minute`` (admins are exempt), apart from the submissions' quotas.

A worker that dies mid-run does not leave it in flight for ever: while it judges, the worker
says so (:func:`beat`), and the sweeper ends a run silent for ``stale_after_s``, or queued for
:data:`QUEUED_AT_MOST`, as ``internal_error`` with a message that says to run it again
(:func:`fail_abandoned`): a clear failed state, not a second try. Running the examples again is
one click, and a run sent again after its page has moved on helps nobody.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from judge.config import Settings
from judge.grading import Judgement
from judge.quotas import WINDOW, Refusal
from judge.storage import Database, ExampleRunRow, User, utcnow
from judge.text import safe_text
from judge.verdicts import IN_FLIGHT, Verdict

#: How many of a user's runs are kept, at least: the newest.
KEPT = 20
#: An assessment's candidate keeps more: their reviewer's timeline shows each run.
KEPT_FOR_CANDIDATES = 1000
#: A run still queued after this long is given up: its task was lost, or the queue is so long
#: that its page has long moved on.
QUEUED_AT_MOST = dt.timedelta(minutes=10)
ABANDONED = "its worker stopped before the end; run the examples again"
LOST = "it waited too long in the queue; run the examples again"


@dataclasses.dataclass(frozen=True)
class ExampleRun:
    """A stored run, as read."""

    id: int
    user_id: int
    challenge: str
    source: str
    status: str
    message: str
    cases: list[dict[str, Any]]
    log: str
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @property
    def final(self) -> bool:
        return self.status not in IN_FLIGHT


def _read(row: ExampleRunRow) -> ExampleRun:
    return ExampleRun(
        id=row.id,
        user_id=row.user_id,
        challenge=row.challenge,
        source=row.source,
        status=row.status,
        message=row.message,
        cases=json.loads(row.cases or "[]"),
        log=row.log,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


def refusal(db: Database, user: User, settings: Settings, now: dt.datetime | None = None):
    """Why ``user`` may not run the examples now (over ``example_runs_per_minute``), as a
    :class:`~judge.quotas.Refusal`; ``None`` when they may (or are an admin, or there is no
    limit)."""
    most = settings.example_runs_per_minute
    if user.is_admin or most <= 0:
        return None
    now = now or utcnow()
    with db.session() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(ExampleRunRow.created_at)).where(
                ExampleRunRow.user_id == user.id, ExampleRunRow.created_at > now - WINDOW
            )
        ).one()
    if count < most:
        return None
    wait = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
    return Refusal(
        f"{count} runs of the examples in the last minute; the most is {most}: "
        f"try again in {wait} s",
        wait,
    )


def create_run(db: Database, user: User, challenge: str, source: str, keep: int = KEPT) -> int:
    """Store a queued run of ``source`` on ``challenge``'s examples; the user's older runs past
    their newest ``keep`` are removed. Returns its id."""
    with db.session() as session:
        row = ExampleRunRow(user_id=user.id, challenge=challenge, source=source)
        session.add(row)
        session.flush()
        cutoff = session.scalar(
            select(ExampleRunRow.id)
            .where(ExampleRunRow.user_id == user.id)
            .order_by(ExampleRunRow.id.desc())
            .offset(keep - 1)
            .limit(1)
        )
        if cutoff is not None:
            session.execute(
                delete(ExampleRunRow).where(
                    ExampleRunRow.user_id == user.id, ExampleRunRow.id < cutoff
                )
            )
        session.commit()
        return row.id


MAX_ID = 2**63 - 1


def get_run(db: Database, run_id: int) -> ExampleRun | None:
    if not 0 < run_id <= MAX_ID:
        return None
    with db.session() as session:
        row = session.get(ExampleRunRow, run_id)
        return None if row is None else _read(row)


def claim(db: Database, run_id: int) -> ExampleRun | None:
    """Mark it running, if it is queued; else ``None`` (a task sent twice runs it once, and a
    run given up stays so)."""
    with db.session() as session:
        result: Any = session.execute(
            update(ExampleRunRow)
            .where(ExampleRunRow.id == run_id, ExampleRunRow.status == Verdict.QUEUED.value)
            .values(status=Verdict.RUNNING.value, touched_at=utcnow())
        )
        session.commit()
    return get_run(db, run_id) if result.rowcount else None


def beat(db: Database, run_id: int) -> bool:
    """Say that the run's worker is alive; ``False`` once it is no longer running."""
    with db.session() as session:
        result: Any = session.execute(
            update(ExampleRunRow)
            .where(ExampleRunRow.id == run_id, ExampleRunRow.status == Verdict.RUNNING.value)
            .values(touched_at=utcnow())
        )
        session.commit()
        return bool(result.rowcount)


def record(db: Database, run_id: int, judgement: Judgement) -> bool:
    """Store the run's verdict and each example's; ``False`` if it is final already (given up by
    the sweeper meanwhile: that stands). Texts are made safe here, where they are stored."""
    cases = [
        {
            "name": safe_text(case.name, 128),
            "verdict": case.verdict.value,
            "message": safe_text(case.message),
            "time_ms": case.time_ms,
        }
        for case in judgement.cases
    ]
    with db.session() as session:
        result: Any = session.execute(
            update(ExampleRunRow)
            .where(ExampleRunRow.id == run_id, ExampleRunRow.status.in_(IN_FLIGHT))
            .values(
                status=judgement.verdict.value,
                message=safe_text(judgement.message),
                cases=json.dumps(cases),
                log=safe_text(judgement.log),
                finished_at=utcnow(),
            )
        )
        session.commit()
        return bool(result.rowcount)


def fail_abandoned(db: Database, stale_after_s: float, now: dt.datetime | None = None) -> list[int]:
    """End as ``internal_error`` every run whose worker has been silent ``stale_after_s``, and
    every one queued past :data:`QUEUED_AT_MOST`; returns their ids (for their final events)."""
    now = now or utcnow()
    silent = (ExampleRunRow.status == Verdict.RUNNING.value) & (
        ExampleRunRow.touched_at < now - dt.timedelta(seconds=stale_after_s)
    )
    lost = (ExampleRunRow.status == Verdict.QUEUED.value) & (
        ExampleRunRow.created_at < now - QUEUED_AT_MOST
    )
    ended = []
    with db.session() as session:
        found = session.execute(
            select(ExampleRunRow.id, ExampleRunRow.status).where(or_(silent, lost))
        ).all()
        for run_id, status in found:
            why = ABANDONED if status == Verdict.RUNNING.value else LOST
            result: Any = session.execute(
                update(ExampleRunRow)
                .where(ExampleRunRow.id == run_id, ExampleRunRow.status == status)
                .values(status=Verdict.INTERNAL_ERROR.value, message=why, finished_at=now)
            )
            if result.rowcount:
                ended.append(run_id)
        session.commit()
    return ended
