"""A stored submission judged: claimed, judged in the sandbox, timed against the reference,
recorded, and each step published as it happens.

:class:`JudgingService` holds what every step needs and is built once per worker slot, with the
slot's pools of timed input sets (:class:`judge.timed_sets.TimedSets`). An accepted submission's
runs pair with the reference's on the same sets (:mod:`judge.reference_pairing`), timed on this
worker at a like load of its host, recently: reused while that holds, else timed right after the
submission. Judging is idempotent: a submission already final, or held by another worker, is not
judged again, and recording replaces any earlier partial result in one transaction. While it
judges, the service beats for its submission (:class:`Heartbeat`): the sweeper sends a running
submission again only once its worker is silent.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from judge import example_runs, similarity, similarity_index, similarity_thresholds
from judge.challenge_packages import ChallengeRepository
from judge.challenges import Challenge
from judge.config import Settings
from judge.errors import JudgeError, SandboxUnavailable
from judge.grading import Judgement
from judge.judging import Progress, judge, judge_examples
from judge.planning import plan, reference_wall_s
from judge.reference_pairing import ReferencePairing
from judge.sandbox import Sandbox, Sandboxes
from judge.storage import Database, Submission, retrying
from judge.submissions import (
    claim,
    get_submission,
    heartbeat,
    record,
    record_score,
    release_claim,
)
from judge.timed_sets import Pool, TimedSets
from judge.verdicts import Phase, Verdict

log = logging.getLogger(__name__)

# Past the sandbox's limits: the judge's own work (expected results, checks, the database) and a
# warm sandbox's replacement; then the time a soft limit has to be recorded before the kill.
TASK_HEADROOM_S = 60.0
TASK_KILL_AFTER_S = 30.0

Publish = Callable[[dict[str, Any]], None]


@dataclasses.dataclass(frozen=True)
class JudgingRecord:
    """What the operator's metrics learn of one judging: its outcome (a verdict, or ``queued``
    when it was put off), how long it took from the claim, which attempt it was, whether its
    score was flagged, and where the time went."""

    outcome: str
    seconds: float
    attempt: int
    flagged: bool = False
    #: Where its milliseconds went, by step (see :func:`judge.conversation.costs`).
    costs_ms: dict[str, float] = dataclasses.field(default_factory=dict)


def _nowhere(event: Any) -> None:
    """Publishes nothing."""


class JudgingService:
    """The judging of stored submissions on one worker slot.

    ``sandbox`` runs the submissions: a :class:`~judge.sandbox.Sandboxes` gives each challenge
    the one of its runtime (its runner image), a plain sandbox runs them all. ``publish`` is
    told every step (the progress events, then the final one).
    ``references``, when given, scores accepted submissions against the reference; without it
    they are not scored. ``time_limit_errors`` are what the task's runtime raises when judging
    runs past the task's soft time limit (Celery's ``SoftTimeLimitExceeded``): ``judge`` imports
    no Celery. ``publish_run`` is told every step of an example run (:meth:`run_examples`).
    """

    def __init__(
        self,
        settings: Settings,
        db: Database,
        challenges: ChallengeRepository,
        sandbox: Sandbox | Sandboxes[Any],
        publish: Publish = _nowhere,
        references: ReferencePairing | None = None,
        time_limit_errors: tuple[type[BaseException], ...] = (),
        observe: Callable[[JudgingRecord], None] = _nowhere,
        publish_run: Publish = _nowhere,
    ) -> None:
        self.settings = settings
        self.db = db
        self.challenges = challenges
        self.sandboxes = sandbox if isinstance(sandbox, Sandboxes) else Sandboxes.single(sandbox)
        self.publish = publish
        self.references = references
        self.time_limit_errors = time_limit_errors
        self.observe = observe
        self.publish_run = publish_run
        # The timed runs' input sets of each challenge, and the reference's times on them.
        self.timed_sets = TimedSets(settings)

    def sandbox_for(self, challenge: Challenge) -> Sandbox:
        return self.sandboxes.get(challenge.runtime)

    def judge(self, submission_id: int) -> str | None:
        """Judge a stored submission once; returns its final status, ``queued`` if it was put
        back to wait for the sandbox's engine, or ``None`` if there was nothing to do.

        Infrastructure faults end as ``internal_error`` with the cause logged, never as an
        exception; an engine that is gone (stopped, restarting) puts the submission back in
        the queue instead, for the sweeper to send again. A submission claimed more than
        ``settings.max_attempts`` times (each earlier attempt killed its worker or ran past the
        hard time limit) is not judged again: it ends as ``internal_error``.
        """
        # Through a database briefly away, as the verdict's record is: a failed claim changed
        # nothing (:func:`claim`), and the task's only other way back is the sweeper's.
        submission = retrying(
            lambda: claim(self.db, submission_id),
            self.settings.record_retry_s,
            f"claim submission {submission_id}",
        )
        if submission is None:
            return None
        began = time.monotonic()
        self.publish({"id": submission_id, "status": Verdict.RUNNING.value})
        attempt = submission.attempts
        if attempt > self.settings.max_attempts:
            outcome = self._finish(submission_id, attempt, self._given_up(submission))
            self.observe(JudgingRecord(outcome, time.monotonic() - began, attempt))
            return outcome
        beat = lambda: heartbeat(self.db, submission_id, attempt)  # noqa: E731
        with Heartbeat(beat, f"submission {submission_id}", self.settings.heartbeat_s) as beating:
            try:
                judgement = self._judged_and_scored(submission)
            except SandboxUnavailable as exc:
                outcome = self._put_off(submission_id, attempt, exc)
                self.observe(JudgingRecord(outcome, time.monotonic() - began, attempt))
                return outcome
            # It beats on while the verdict is recorded (a database briefly away can make that
            # long, and the sweeper must not take the submission meanwhile); once recorded, the
            # submission is no longer running, and a beat that finds so is expected.
            beating.finishing()
            outcome = self._finish(submission_id, attempt, judgement)
        self._index_for_similarity(submission)
        self._settle_reference()
        seconds = time.monotonic() - began
        self.observe(
            JudgingRecord(
                outcome, seconds, attempt, bool(judgement.flag_reason), judgement.costs_ms
            )
        )
        return outcome

    def _index_for_similarity(self, submission: Submission) -> None:
        """The source's fingerprints in its challenge's index, and its nearest others kept
        (:func:`judge.similarity_index.record`), once it is judged: what the reviewers' similarity
        reads. Never in the verdict's way: a failure is logged, and the verdict stands."""
        try:
            challenge = self.challenges.get(submission.challenge)
            prints = similarity.fingerprints(
                submission.source, similarity_thresholds.challenge_given(challenge)
            )
            similarity_index.record(self.db, submission.id, challenge.slug, prints)
        except Exception:
            log.exception("submission %s: its fingerprints were not indexed", submission.id)

    def _settle_reference(self) -> None:
        """The reference's further timings on a pool that just kept one
        (:meth:`ReferencePairing.settle`), once the verdict is out. Never in a verdict's way: a
        failure is logged, and the pool keeps the one timing."""
        if self.references is None:
            return
        try:
            self.references.settle()
        except Exception:
            log.exception("the reference's further timings failed; its one timing stays")

    def run_examples(self, run_id: int) -> str | None:
        """Judge a stored example run (:mod:`judge.example_runs`) on its challenge's public
        examples, untimed, and record it; its events go to ``publish_run``. Returns its final
        status, or ``None`` if there was nothing to do (final already, or another worker's).
        Any fault ends as ``internal_error``, an engine that is away included: a run is not put
        back in the queue (its user runs it again)."""
        run = example_runs.claim(self.db, run_id)
        if run is None:
            return None
        progress: Progress = lambda event: self.publish_run({"id": run_id, **event})  # noqa: E731
        progress({"status": Verdict.RUNNING.value})
        beat = lambda: example_runs.beat(self.db, run_id)  # noqa: E731
        with Heartbeat(beat, f"example run {run_id}", self.settings.heartbeat_s):
            judgement = self._examples_judgement(run, progress)
        stored = retrying(
            lambda: example_runs.record(self.db, run_id, judgement),
            self.settings.record_retry_s,
            f"record example run {run_id}",
        )
        if stored:
            self.publish_run({"id": run_id, "status": judgement.verdict.value, "final": True})
        return judgement.verdict.value

    def _examples_judgement(self, run: example_runs.ExampleRun, progress: Progress) -> Judgement:
        labels = {"io.judge.example-run": str(run.id)}
        try:
            challenge = self.challenges.get(run.challenge)
            sandbox = self.sandbox_for(challenge)
            return judge_examples(challenge, run.source, sandbox, self.settings, progress, labels)
        except JudgeError as exc:
            log.error("example run %s: %s", run.id, exc)
            return internal_error(f"{type(exc).__name__}: {exc}")
        except self.time_limit_errors:
            log.exception("example run %s: past the task's soft time limit", run.id)
            return internal_error("judging ran past the task's time limit; the cause is logged")
        except Exception:
            log.exception("example run %s: unexpected failure while judging", run.id)
            return internal_error("unexpected failure in the judge; the cause is logged")

    def rescore(self, submission_id: int) -> str:
        """Time an accepted submission again, with its reference, on this worker's machine, and
        replace its score (:func:`~judge.submissions.record_score`); its verdict stays. Returns
        ``rescored``, or why not: ``not accepted`` (or gone), ``unscored`` (this run was not
        accepted, or its reference not timed: the old score stays, and the cause is logged)."""
        submission = get_submission(self.db, submission_id)
        if submission is None or submission.status != Verdict.ACCEPTED.value:
            return "not accepted"
        challenge = self.challenges.get(submission.challenge)
        labels = {"io.judge.submission": str(submission_id)}
        pool = self.timed_sets.fresh(challenge)  # timed anew, reference and all
        try:
            judgement = self._judged_and_paired(submission, challenge, pool, None, labels)
        except JudgeError as exc:
            log.error("submission %s not re-scored: %s", submission_id, exc)
            return "unscored"
        if judgement.verdict is not Verdict.ACCEPTED or judgement.score is None:
            why = judgement.message or "its reference was not timed"
            log.warning("submission %s not re-scored (%s): its score stays", submission_id, why)
            return "unscored"
        stored = retrying(
            lambda: record_score(self.db, submission_id, judgement),
            self.settings.record_retry_s,
            f"record the score of submission {submission_id}",
        )
        return "rescored" if stored else "not accepted"

    def _put_off(self, submission_id: int, attempt: int, exc: SandboxUnavailable) -> str:
        """Back to the queue until the engine answers; the attempt counts only if a run of it
        was cut short (a submission that takes the engine down is not tried for ever)."""
        log.warning("submission %s put off: %s", submission_id, exc)
        put_back = lambda: release_claim(self.db, submission_id, attempt, exc.cut_short)  # noqa: E731
        if retrying(put_back, self.settings.record_retry_s, f"put off submission {submission_id}"):
            again = "the sandbox's engine did not answer; judged when it does"
            self.publish({"id": submission_id, "status": Verdict.QUEUED.value, "requeued": again})
        return Verdict.QUEUED.value

    def _given_up(self, submission: Submission) -> Judgement:
        failed = submission.attempts - 1
        log.error("submission %s: %d attempts failed; not judged again", submission.id, failed)
        why = "the worker crashed or ran past its time limit"
        return internal_error(f"judging failed {failed} times ({why}); not tried again")

    def _judged_and_scored(self, submission: Submission) -> Judgement:
        """The submission judged and scored; any fault as an ``internal_error`` judgement."""
        sid = submission.id
        try:
            return self._judge_and_score(submission)
        except SandboxUnavailable:
            raise
        except JudgeError as exc:
            log.error("submission %s: %s", sid, exc)
            return internal_error(f"{type(exc).__name__}: {exc}")
        except self.time_limit_errors:
            log.exception("submission %s: judging ran past the task's soft time limit", sid)
            return internal_error("judging ran past the task's time limit; the cause is logged")
        except Exception:
            log.exception("submission %s: unexpected failure while judging", sid)
            return internal_error("unexpected failure in the judge; the cause is logged")

    def _judge_and_score(self, submission: Submission) -> Judgement:
        progress: Progress = lambda event: self.publish({"id": submission.id, **event})  # noqa: E731
        labels = {"io.judge.submission": str(submission.id)}
        challenge = self.challenges.get(submission.challenge)
        pool = self.timed_sets.pool(challenge)
        return self._judged_and_paired(submission, challenge, pool, progress, labels)

    def _judged_and_paired(
        self,
        submission: Submission,
        challenge: Challenge,
        pool: Pool,
        progress: Progress | None,
        labels: dict[str, str],
    ) -> Judgement:
        """The submission judged on ``pool``'s sets and, accepted, scored against the reference:
        the reference's run started beside it at the go-ahead, their timed runs in turn
        (:mod:`judge.lockstep`), or, where that is off, timed after it."""
        sandbox = self.sandbox_for(challenge)
        beside = self.references.beside(challenge, pool) if self.references is not None else None
        try:
            judgement = judge(
                challenge,
                submission.source,
                sandbox,
                self.settings,
                progress,
                labels,
                submission.seed,
                pool=pool,
                partner=beside,
            )
            if self.references is not None and judgement.verdict is Verdict.ACCEPTED:
                told = None
                if progress is not None:
                    phase = {"status": Verdict.RUNNING.value, "phase": Phase.REFERENCE}
                    told = lambda: progress(phase)  # noqa: E731
                began = time.monotonic()
                self.references.score(challenge, sandbox, judgement, pool, told, beside)
                judgement.costs_ms["reference"] = (time.monotonic() - began) * 1000
        finally:
            if beside is not None:
                beside.finish()  # not accepted: the reference's run ends with the submission's
        return judgement

    def _finish(self, submission_id: int, attempt: int, judgement: Judgement) -> str:
        """Record the judgement, through a database briefly away, and say so: the final event.
        Past ``settings.record_retry_s`` the error is raised: the submission, silent, goes back
        to the queue."""
        began = time.monotonic()
        stored = retrying(
            lambda: record(self.db, submission_id, judgement, attempt),
            self.settings.record_retry_s,
            f"record the verdict of submission {submission_id}",
        )
        if not stored:  # that attempt said so itself
            log.warning("submission %s: another attempt's result stands", submission_id)
            return judgement.verdict.value
        judgement.costs_ms["store"] = (time.monotonic() - began) * 1000
        self.publish({"id": submission_id, "status": judgement.verdict.value, "final": True})
        return judgement.verdict.value


class Heartbeat:
    """Calls ``beat`` every ``every_s`` seconds, from a thread, for as long as the ``with`` block
    runs: it tells the database that ``what`` (a submission's attempt, an example run) is still
    being judged, and returns ``False`` once it no longer is that judging's."""

    def __init__(self, beat: Callable[[], bool], what: str, every_s: float) -> None:
        self.beat, self.what = beat, what
        self.every_s = every_s
        self._stop = threading.Event()
        self._finishing = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="judge-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def finishing(self) -> None:
        """The judging's result is being recorded: a beat that finds it over is no news."""
        self._finishing.set()

    def _beat(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                if not self.beat():
                    if not self._finishing.is_set():
                        log.warning("%s: no longer this judging's", self.what)
                    return
            except SQLAlchemyError as exc:  # the database is away: the next beat may land
                log.warning("%s: heartbeat failed: %s", self.what, exc)


def internal_error(message: str) -> Judgement:
    return Judgement(Verdict.INTERNAL_ERROR, message, [])


def task_time_limits(challenge: Challenge, settings: Settings) -> tuple[float, float]:
    """The (soft, hard) time limits in seconds of the task judging a submission to ``challenge``:
    a ceiling over everything the sandbox's own limits do not bound (a hung engine, a checker
    that never returns). The task runs the submission once, and an accepted one may then time
    the reference on every input set of its pool, each run under the sandbox's limits.

    Past the soft limit, judging ends as ``internal_error``; past the hard one the pool process
    is killed, and the sweeper and ``max_attempts`` take over.
    """
    cases = challenge.cases(0, settings.secret_key)  # cheap: the suite's size, made as judged
    source = challenge.reference_source
    wall_s = plan(challenge, source, cases, settings)[1].wall_s
    soft = wall_s + reference_wall_s(challenge, settings) + TASK_HEADROOM_S
    return soft, soft + TASK_KILL_AFTER_S


def examples_time_limits(challenge: Challenge, settings: Settings) -> tuple[float, float]:
    """The (soft, hard) time limits of the task running ``challenge``'s public examples
    (:meth:`JudgingService.run_examples`): their one sandbox run, untimed, and the same
    head-room as a submission's."""
    _, limits = plan(challenge, challenge.reference_source, challenge.examples(), settings, False)
    soft = limits.wall_s + TASK_HEADROOM_S
    return soft, soft + TASK_KILL_AFTER_S
