"""The store of submissions, on top of storage: create, get, claim, record, list, requeue, and
what the sweeper looks for.

The database is the source of truth. Recording replaces any earlier partial result in one
transaction, and only while the submission is in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from sqlalchemy import func, select, update

from judge.grading import Judgement
from judge.storage import CaseResultRow, Database, Submission, User, utcnow
from judge.text import safe_text
from judge.verdicts import IN_FLIGHT, Verdict


class SourceRefused(ValueError):
    """Raised when a source cannot be stored: over the size limit (``too_large``), or not text
    (a NUL byte, which PostgreSQL refuses in text; a lone surrogate, which is not UTF-8)."""

    def __init__(self, message: str, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def check_source(source: str, max_bytes: int) -> None:
    """Raise :class:`SourceRefused` unless ``source`` may be stored: a submission's and a
    draft's alike, under the deployment's ``max_source_bytes``."""
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise SourceRefused(f"the source is {size} bytes; the limit is {max_bytes}", too_large=True)
    if "\x00" in source:
        raise SourceRefused("the source contains a NUL byte")
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise SourceRefused("the source is not valid UTF-8 text") from None


def create_submission(db: Database, user: User, challenge: str, source: str) -> Submission:
    with db.session() as session:
        submission = Submission(
            user_id=user.id, challenge=challenge, source=source, seed=secrets.randbits(62)
        )
        session.add(submission)
        session.commit()
        return submission


MAX_ID = 2**63 - 1  # the widest integer key any supported database stores


def get_submission(db: Database, submission_id: int) -> Submission | None:
    if not 0 < submission_id <= MAX_ID:
        return None
    with db.session() as session:
        submission = session.get(Submission, submission_id)
        return None if submission is None else _loaded(submission)


def _loaded(submission: Submission) -> Submission:
    """Its user and cases read before the session ends, for the caller to use after."""
    _ = submission.user.name, list(submission.cases)
    return submission


def claim(db: Database, submission_id: int) -> Submission | None:
    """Mark it running, if it is queued; else ``None``: nothing to do (it is final, or another
    worker holds it: a task sent twice, or redelivered after its worker died, is judged once).

    A running submission goes back to ``queued`` only through :func:`mark_queued`, once its
    worker has stopped beating.

    The mark and the reading of what is judged are one transaction: a database that goes away
    between them leaves the submission queued, for the claim to be tried again
    (:func:`judge.storage.retrying`), not running with no worker that knows it."""
    with db.session() as session:
        result: Any = session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == Verdict.QUEUED.value)
            .values(
                status=Verdict.RUNNING.value,
                started_at=utcnow(),
                touched_at=utcnow(),
                attempts=Submission.attempts + 1,
            )
        )
        if not result.rowcount:
            return None
        submission = session.get(Submission, submission_id, populate_existing=True)
        assert submission is not None  # it was just updated, in this transaction
        _loaded(submission)
        session.commit()
        return submission


def heartbeat(db: Database, submission_id: int, attempt: int) -> bool:
    """Say that the worker judging ``attempt`` of this submission is alive. ``False`` when the
    submission is no longer that attempt's (the sweeper gave it up for silent, or it is final)."""
    with db.session() as session:
        result: Any = session.execute(
            update(Submission).where(*_held(submission_id, attempt)).values(touched_at=utcnow())
        )
        session.commit()
        return bool(result.rowcount)


def _held(submission_id: int, attempt: int) -> tuple[Any, ...]:
    """The conditions of a submission that ``attempt`` holds: running, claimed by it last."""
    return (
        Submission.id == submission_id,
        Submission.status == Verdict.RUNNING.value,
        Submission.attempts == attempt,
    )


def release_claim(db: Database, submission_id: int, attempt: int, counts: bool) -> bool:
    """Put a running submission back in the queue, unjudged, as if ``attempt`` had not been
    claimed unless it ``counts``. ``False`` if that attempt no longer holds it."""
    with db.session() as session:
        result: Any = session.execute(
            update(Submission)
            .where(*_held(submission_id, attempt))
            .values(
                status=Verdict.QUEUED.value,
                touched_at=utcnow(),
                started_at=None,
                attempts=attempt if counts else attempt - 1,
            )
        )
        session.commit()
        return bool(result.rowcount)


def record(
    db: Database, submission_id: int, judgement: Judgement, attempt: int | None = None
) -> bool:
    """Store the verdict and every case's result, replacing any earlier attempt's; ``False``
    when it was not stored because the submission is final already, or (with ``attempt``)
    another attempt is running it. A result of an attempt the sweeper gave up on is still kept
    while the submission waits in the queue: the task sent again then finds it final.

    Every text is made safe here, the one place they are stored: they may come from the
    submission (a NUL byte in an exception's text would make the database refuse the record on
    every attempt).
    """
    with db.session() as session:
        submission = session.get(Submission, submission_id)
        if submission is None or submission.status not in IN_FLIGHT:
            return False  # judged meanwhile by another attempt: keep that one result
        if (
            attempt is not None
            and submission.status == Verdict.RUNNING.value
            and submission.attempts != attempt
        ):
            return False  # another attempt holds it now: its result will be the one
        submission.cases.clear()
        session.flush()
        for position, case in enumerate(judgement.cases):
            submission.cases.append(
                CaseResultRow(
                    position=position,
                    name=safe_text(case.name, 128),  # the column's width
                    verdict=case.verdict.value,
                    message=safe_text(case.message),
                    time_ms=case.time_ms,
                    memory_kb=case.memory_kb,
                    public=case.public,
                    timing=json.dumps(case.timing.to_json()) if case.timing else None,
                )
            )
        submission.status = judgement.verdict.value
        submission.message = safe_text(judgement.message)
        submission.log = safe_text(judgement.log)
        submission.run_ms = judgement.run_ms
        _set_score(submission, judgement)
        submission.finished_at = utcnow()
        session.commit()
    return True


def user_submissions(
    db: Database, user: User, challenge: str | None = None, limit: int = 50
) -> list[Submission]:
    """``user``'s submissions, newest first, without their cases."""
    query = select(Submission).where(Submission.user_id == user.id)
    if challenge is not None:
        query = query.where(Submission.challenge == challenge)
    with db.session() as session:
        return list(session.scalars(query.order_by(Submission.id.desc()).limit(limit)))


def queue_position(db: Database, submission: Submission, challenges: list[str]) -> int | None:
    """Where a queued submission stands among those queued for ``challenges`` (its queue's):
    1 is next. ``None`` once it is no longer queued."""
    if submission.status != Verdict.QUEUED.value:
        return None
    with db.session() as session:
        ahead = session.scalar(
            select(func.count())
            .select_from(Submission)
            .where(
                Submission.status == Verdict.QUEUED.value,
                Submission.id < submission.id,
                Submission.challenge.in_(challenges),
            )
        )
    return int(ahead or 0) + 1


def requeue(db: Database, submission_ids: list[int]) -> list[int]:
    """Forget the results of these submissions, final or not, so that they are judged again on
    their own seeds (a rejudge after a challenge's checker changed, say). Returns the ids that
    exist; the caller queues them."""
    with db.session() as session:
        rows = list(session.scalars(select(Submission).where(Submission.id.in_(submission_ids))))
        for submission in rows:
            submission.cases.clear()
            submission.status = Verdict.QUEUED.value
            submission.message = ""
            submission.score = submission.median_ms = submission.run_ms = None
            submission.reference_ms, submission.scored_on, submission.clock = None, "", ""
            submission.flagged = ""
            submission.attempts = 0  # a rejudge starts the count of failed judgings over
            submission.started_at = submission.finished_at = None
            submission.touched_at = utcnow()
        session.commit()
        return sorted(row.id for row in rows)


def accepted_among(db: Database, submission_ids: list[int]) -> list[int]:
    """Those of these submissions that are accepted: the ones a score belongs to."""
    with db.session() as session:
        rows = session.scalars(
            select(Submission.id).where(
                Submission.id.in_(submission_ids), Submission.status == Verdict.ACCEPTED.value
            )
        )
        return sorted(rows)


def record_score(db: Database, submission_id: int, judgement: Judgement) -> bool:
    """Replace an accepted submission's score, and all that stands behind it (the benchmark
    cases' timings, the reference's time, the machine, the flag), with ``judgement``'s: a
    re-scoring. Its verdict and other cases stay. ``False`` when it is no longer accepted."""
    timings = {case.name: case.timing for case in judgement.cases if case.timing is not None}
    with db.session() as session:
        submission = session.get(Submission, submission_id, with_for_update=True)
        if submission is None or submission.status != Verdict.ACCEPTED.value:
            return False
        for row in submission.cases:
            if row.name in timings:
                row.timing = json.dumps(timings[row.name].to_json())
        _set_score(submission, judgement)
        session.commit()
    return True


def _set_score(submission: Submission, judgement: Judgement) -> None:
    """The score and what stands behind it: the medians, the flag, the reference, the machine."""
    medians = judgement.medians_ms()
    submission.score = judgement.score
    submission.median_ms = sum(medians.values()) if medians else None
    submission.flagged = safe_text(judgement.flag_reason)
    submission.reference_ms = judgement.reference_ms
    submission.scored_on = safe_text(judgement.scored_on, 200)
    submission.clock = judgement.clock if medians else ""


def challenge_submissions(db: Database, challenge: str) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(Submission.id).where(Submission.challenge == challenge)))


def silent_running(db: Database, silent_for_s: float) -> list[Submission]:
    """Running, but their worker has not beaten for ``silent_for_s``: it died, or lost the
    database."""
    return _in_status(db, Verdict.RUNNING, utcnow() - dt.timedelta(seconds=silent_for_s))


def queued_since(db: Database, older_than_s: float) -> list[Submission]:
    """Queued (or sent again) more than ``older_than_s`` ago, oldest first."""
    return _in_status(db, Verdict.QUEUED, utcnow() - dt.timedelta(seconds=older_than_s))


def _in_status(db: Database, status: Verdict, touched_before: dt.datetime) -> list[Submission]:
    with db.session() as session:
        rows = session.scalars(
            select(Submission)
            .where(Submission.status == status.value, Submission.touched_at < touched_before)
            .order_by(Submission.id)
        )
        return list(rows)


def mark_queued(db: Database, submission: Submission) -> bool:
    """Mark a submission queued again, as the sweeper found it, and reset its clock: its task is
    about to be sent again. ``False`` when it changed meanwhile (its worker beat, it was
    judged, another sweeper took it): then nothing is to be sent."""
    with db.session() as session:
        result: Any = session.execute(
            update(Submission)
            .where(
                Submission.id == submission.id,
                Submission.status == submission.status,
                Submission.attempts == submission.attempts,
                Submission.touched_at == submission.touched_at,
            )
            .values(touched_at=utcnow(), status=Verdict.QUEUED.value)
        )
        session.commit()
        return bool(result.rowcount)
