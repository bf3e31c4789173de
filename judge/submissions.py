"""The submission life cycle on top of storage: users, create, claim, judge, record, sweep.

The database is the source of truth. Judging is idempotent: a submission already final is not
judged again, and recording replaces any earlier partial result in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import secrets
import statistics
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from judge.challenges import Challenge, ChallengeRepository
from judge.config import Settings
from judge.errors import JudgeError, SandboxError
from judge.grading import Judgement
from judge.judging import Progress, judge, plan
from judge.sandbox import Sandbox
from judge.standings import iso
from judge.storage import CaseResultRow, Database, Submission, User, utcnow
from judge.text import safe_text
from judge.timing import score
from judge.verdicts import Verdict

log = logging.getLogger(__name__)

REFERENCE_RUNS = 3
# Past the sandbox's limits: the judge's own work (expected results, checks, the database) and a
# warm sandbox's replacement; then the time a soft limit has to be recorded before the kill.
TASK_HEADROOM_S = 60.0
TASK_KILL_AFTER_S = 30.0
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
IN_FLIGHT = (Verdict.QUEUED.value, Verdict.RUNNING.value)


# ---------------------------------------------------------------- users


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(db: Database, name: str, admin: bool = False) -> tuple[User, str]:
    """Create a user; returns it with its API token, which is not stored and cannot be recovered."""
    if not USER_NAME.match(name):
        raise ValueError("a user name is 1-64 letters, digits, '.', '_' or '-', starting alnum")
    token = secrets.token_urlsafe(32)
    user = User(name=name, token_hash=hash_token(token), is_admin=admin)
    with db.session() as session:
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            raise ValueError(f"a user named {name!r} already exists") from None
    return user, token


def authenticate(db: Database, token: str) -> User | None:
    if not token:
        return None
    with db.session() as session:
        return session.scalar(select(User).where(User.token_hash == hash_token(token)))


def list_users(db: Database) -> list[User]:
    with db.session() as session:
        return list(session.scalars(select(User).order_by(User.name)))


def remove_user(db: Database, name: str) -> bool:
    with db.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return False
        session.delete(user)
        session.commit()
        return True


# ---------------------------------------------------------------- submissions


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
        if submission is not None:
            _ = submission.user.name, list(submission.cases)  # loaded before the session ends
        return submission


def claim(db: Database, submission_id: int) -> Submission | None:
    """Mark it running, unless it is already final (then ``None``: nothing to do)."""
    with db.session() as session:
        result: Any = session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status.in_(IN_FLIGHT))
            .values(
                status=Verdict.RUNNING.value,
                started_at=utcnow(),
                touched_at=utcnow(),
                attempts=Submission.attempts + 1,
            )
        )
        claimed = result.rowcount
        session.commit()
    return get_submission(db, submission_id) if claimed else None


def record(db: Database, submission_id: int, judgement: Judgement) -> bool:
    """Store the verdict and every case's result, replacing any earlier attempt's.

    Every text is made safe here, the one place they are stored: they may come from the
    submission (a NUL byte in an exception's text would make the database refuse the record on
    every attempt).
    """
    with db.session() as session:
        submission = session.get(Submission, submission_id)
        if submission is None or submission.status not in IN_FLIGHT:
            return False  # judged meanwhile by another attempt: keep that one result
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
        medians = judgement.medians_ms()
        submission.status = judgement.verdict.value
        submission.message = safe_text(judgement.message)
        submission.log = safe_text(judgement.log)
        submission.score = judgement.score
        submission.median_ms = sum(medians.values()) if medians else None
        submission.run_ms = judgement.run_ms
        submission.flagged = safe_text(judgement.flagged)
        submission.finished_at = utcnow()
        session.commit()
    return True


def judge_stored(
    db: Database,
    challenges: ChallengeRepository,
    sandbox: Sandbox | Callable[[str], Sandbox],
    settings: Settings,
    submission_id: int,
    publish: Callable[[dict[str, Any]], None] = lambda event: None,
    references: ReferenceTimes | None = None,
    time_limit_errors: tuple[type[BaseException], ...] = (),
) -> str | None:
    """Judge a stored submission once; returns its final status, or ``None`` if nothing to do.

    ``sandbox`` may be a function of the challenge's device (``cpu`` or ``gpu``) giving the
    sandbox to use. ``time_limit_errors`` are what the task's runtime raises when judging runs
    past the task's soft time limit (Celery's ``SoftTimeLimitExceeded``): this module imports no
    Celery.

    Infrastructure faults end as ``internal_error`` with the cause logged, never as an exception.
    A submission claimed more than ``settings.max_attempts`` times (each earlier attempt killed
    its worker or ran past the hard time limit) is not judged again: it ends as ``internal_error``.
    """
    submission = claim(db, submission_id)
    if submission is None:
        return None
    publish({"id": submission_id, "status": Verdict.RUNNING.value})
    if submission.attempts > settings.max_attempts:
        failed = submission.attempts - 1
        log.error("submission %s: %d attempts failed; not judged again", submission_id, failed)
        why = "the worker crashed or ran past its time limit"
        message = f"judging failed {failed} times ({why}); not tried again"
        return _finish(db, submission_id, publish, internal_error(message))
    progress: Progress = lambda event: publish({"id": submission_id, **event})  # noqa: E731
    labels = {"io.judge.submission": str(submission_id)}
    try:
        challenge = challenges.get(submission.challenge)
        box = sandbox(challenge.device) if callable(sandbox) else sandbox
        judgement = judge(
            challenge, submission.source, box, settings, progress, labels, submission.seed
        )
        if references is not None and judgement.verdict is Verdict.ACCEPTED:
            if not references.known(challenge):  # the first of this slot: a few seconds more
                progress({"status": Verdict.RUNNING.value, "phase": "timing the reference"})
            judgement.score = references.score(challenge, box, judgement)
            judgement.flagged = judgement.flagged or too_fast(judgement.score, settings)
    except JudgeError as exc:
        log.error("submission %s: %s", submission_id, exc)
        judgement = internal_error(f"{type(exc).__name__}: {exc}")
    except time_limit_errors:
        log.exception("submission %s: judging ran past the task's soft time limit", submission_id)
        judgement = internal_error("judging ran past the task's time limit; the cause is logged")
    except Exception:
        log.exception("submission %s: unexpected failure while judging", submission_id)
        judgement = internal_error("unexpected failure in the judge; the cause is logged")
    return _finish(db, submission_id, publish, judgement)


def _finish(
    db: Database,
    submission_id: int,
    publish: Callable[[dict[str, Any]], None],
    judgement: Judgement,
) -> str:
    """Record the judgement and say so: the final event."""
    record(db, submission_id, judgement)
    publish({"id": submission_id, "status": judgement.verdict.value, "final": True})
    return judgement.verdict.value


def task_time_limits(challenge: Challenge, settings: Settings) -> tuple[float, float]:
    """The (soft, hard) time limits in seconds of the task judging a submission to ``challenge``:
    a ceiling over everything the sandbox's own limits do not bound (a hung engine, a checker
    that never returns). The task runs the submission once, and an accepted one may then time
    the reference ``REFERENCE_RUNS`` times, each under the same sandbox limits.

    Past the soft limit, judging ends as ``internal_error``; past the hard one the pool process
    is killed, and the sweeper and ``max_attempts`` take over.
    """
    cases = challenge.cases(0, settings.secret_key)  # cheap: the suite's size, made as judged
    wall_s = plan(challenge, challenge.reference_source, cases, settings)[1].wall_s
    soft = wall_s * (1 + REFERENCE_RUNS) + TASK_HEADROOM_S
    return soft, soft + TASK_KILL_AFTER_S


class ReferenceTimes:
    """The reference solution's benchmark medians, timed through the same sandbox as the
    submissions it is compared with: once per challenge version for the life of this worker slot.

    Its noise would be in every score of the slot, so it is timed ``REFERENCE_RUNS`` times and
    each case's median of medians kept.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._medians: dict[tuple[str, int], dict[str, float]] = {}

    def known(self, challenge: Challenge) -> bool:
        return (challenge.slug, challenge.version) in self._medians

    def medians(self, challenge: Challenge, sandbox: Sandbox) -> dict[str, float]:
        key = (challenge.slug, challenge.version)
        if key not in self._medians:
            timings, problems = [], []
            for _ in range(REFERENCE_RUNS):
                judgement = judge(
                    challenge,
                    challenge.reference_source,
                    sandbox,
                    self.settings,
                    labels={"io.judge.reference": challenge.slug},
                )
                if judgement.verdict is Verdict.ACCEPTED and not judgement.flagged:
                    timings.append(judgement.medians_ms())
                else:  # a noisy moment, say: the other timings may do
                    problems.append(judgement.message or judgement.flagged)
            if not timings:
                raise SandboxError(f"the reference of {challenge.slug} was not timed: {problems}")
            self._medians[key] = {
                name: statistics.median(t[name] for t in timings) for name in timings[0]
            }
            log.info("reference times of %s: %s", challenge.slug, self._medians[key])
        return self._medians[key]

    def score(self, challenge: Challenge, sandbox: Sandbox, judgement: Judgement) -> float | None:
        """The submission's score, or ``None`` (logged) when the reference cannot be timed."""
        medians = judgement.medians_ms()
        if not medians:
            return None
        try:
            return score(medians, self.medians(challenge, sandbox))
        except JudgeError as exc:
            log.error("no score for a %s submission: %s", challenge.slug, exc)
            return None


def too_fast(score: float | None, settings: Settings) -> str:
    """Why a score is too good to be believed unseen, or ``""``: every timed run gets the same
    input values, so a submission that keeps an earlier run's result and returns it again passes
    the output checks, and would rank first at almost no time. No honest NumPy solution of these
    challenges is ``1 / min_plausible_score`` times faster than the reference."""
    if score is None or score >= settings.min_plausible_score:
        return ""
    return (
        f"{1 / max(score, 1e-9):.0f} times faster than the reference, past the plausible "
        f"{1 / settings.min_plausible_score:.0f} times: results kept from an earlier run?"
    )


def list_submissions(
    db: Database, user: User, challenge: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """``user``'s submissions, newest first, as summaries (no cases, no source)."""
    query = select(Submission).where(Submission.user_id == user.id)
    if challenge is not None:
        query = query.where(Submission.challenge == challenge)
    with db.session() as session:
        rows = session.scalars(query.order_by(Submission.id.desc()).limit(limit))
        return [_summary(row) for row in rows]


def _summary(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "challenge": submission.challenge,
        "status": submission.status,
        "score": submission.score,
        "median_ms": submission.median_ms,
        "flagged": bool(submission.flagged),
        "created_at": iso(submission.created_at),
    }


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
            submission.flagged = ""
            submission.attempts = 0  # a rejudge starts the count of failed judgings over
            submission.started_at = submission.finished_at = None
            submission.touched_at = utcnow()
        session.commit()
        return sorted(row.id for row in rows)


def challenge_submissions(db: Database, challenge: str) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(Submission.id).where(Submission.challenge == challenge)))


def internal_error(message: str) -> Judgement:
    return Judgement(Verdict.INTERNAL_ERROR, message, [])


def stale_submissions(db: Database, older_than_s: float) -> list[Submission]:
    """In flight for longer than ``older_than_s``: their worker died or their task was lost."""
    cutoff = utcnow() - dt.timedelta(seconds=older_than_s)
    with db.session() as session:
        rows = session.scalars(
            select(Submission).where(
                Submission.status.in_(IN_FLIGHT), Submission.touched_at < cutoff
            )
        )
        return list(rows)


def touch(db: Database, submission_id: int) -> None:
    """Reset the sweeper's clock for a submission that was just (re-)queued."""
    with db.session() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(touched_at=utcnow(), status=Verdict.QUEUED.value)
        )
        session.commit()


def submission_view(submission: Submission, with_source: bool = False) -> dict[str, Any]:
    """The API's JSON for one submission."""
    view: dict[str, Any] = {
        "id": submission.id,
        "challenge": submission.challenge,
        "user": submission.user.name,
        "status": submission.status,
        "message": submission.message,
        "attempts": submission.attempts,
        "created_at": iso(submission.created_at),
        "started_at": iso(submission.started_at),
        "finished_at": iso(submission.finished_at),
        "score": submission.score,
        "median_ms": submission.median_ms,
        "run_ms": submission.run_ms,
        "flagged": bool(submission.flagged),
        "flag_reason": submission.flagged,
        "cases": [
            {
                "name": case.name,
                "verdict": case.verdict,
                "message": case.message,
                "time_ms": case.time_ms,
                "memory_kb": case.memory_kb,
                "public": case.public,
                "timing": json.loads(case.timing) if case.timing else None,
            }
            for case in submission.cases
        ],
    }
    if with_source:
        view["source"] = submission.source
        view["log"] = submission.log
        view["seed"] = submission.seed
    return view
