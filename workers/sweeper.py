"""The sweeper: every few seconds, in every worker's main process, it sends again what would
otherwise wait for ever.

- A **running** submission whose worker has not beaten for ``stale_after_s`` (the worker or its
  pool process was killed, the host died): its judging is lost with it.
- A **queued** submission older than ``queue_grace_s`` that the queue holds no mark of
  (:func:`workers.queue.queue_mark_key`): Redis lost its data (flushed, restarted empty), or the API
  stopped between storing the submission and sending its task.

An **example run** (:mod:`judge.example_runs`) in the same straits is not sent again but given
up, as ``internal_error`` with a message that says to run it again.

It also settles the **assessments** (:func:`judge.assessment_clock.settle`): a candidate whose
time is up is recorded as finished at their deadline, an assessment whose window closed as closed,
each queueing its webhook summary; then it sends the **webhook deliveries** that are due
(:func:`judge.webhooks.deliver_due`: signed, retried with a backoff, given up after the last
attempt). A failure of either is logged and leaves the rest of the pass undisturbed.

Every worker sweeps: a submission is sent again by the one whose change of its row lands
(:func:`judge.submissions.mark_queued` changes only the row it read), and a task sent twice is
still judged once (a claim takes only a queued submission). The attempts cap ends a submission
whose judging kills its worker every time. Settling and delivering land once in the same way:
a candidate is finished, a window closed and a delivery claimed by one conditional update.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from celery import Celery

from judge import assessment_clock, example_runs, webhooks
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.storage import Database, Submission
from judge.submissions import mark_queued, queued_since, silent_running
from judge.verdicts import Verdict
from workers.metrics import Recorder
from workers.queue import (
    announce_queued,
    enqueue,
    judging_route,
    publish_example_run_final,
    queue_mark_key,
    queue_redis,
)

log = logging.getLogger(__name__)

MARKS_PER_READ = 500
#: What a watcher of a submission sent again is told, by whether its worker had gone silent.
REQUEUED_WHY = {
    True: "its worker stopped; another takes it",
    False: "its task was lost; sent again",
}


class Sweeper:
    """One worker's sweeper: call :meth:`sweep` every ``settings.sweep_every_s`` seconds."""

    def __init__(self, app: Celery, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.db = Database(settings.database)
        self.challenges = ChallengeRepository(settings.challenges_dir)
        self.metrics: Recorder | None = None

    @property
    def redis(self) -> Any:
        return queue_redis(self.app)

    def sweep(self) -> list[int]:
        """The ids sent again by this pass."""
        lost = silent_running(self.db, self.settings.stale_after_s)
        lost += self._unmarked(queued_since(self.db, self.settings.queue_grace_s))
        sent = [submission.id for submission in lost if self._send_again(submission)]
        self.give_up_example_runs()
        self.settle_assessments()
        return sent

    def settle_assessments(self) -> None:
        """Record what the assessments' clocks ended, then send the webhook deliveries that
        are due. Neither may stop the sweeper's other work: a failure is logged."""
        try:
            for what in assessment_clock.settle(self.db):
                log.info("assessments: %s", what)
        except Exception:
            log.exception("sweeper: could not settle the assessments")
        try:  # it logs each delivery itself, a failed one as a warning
            webhooks.deliver_due(
                self.db,
                self.settings.secret_key,
                retry_s=self.settings.webhook_retry_s,
                max_attempts=self.settings.webhook_attempts,
            )
        except Exception:
            log.exception("sweeper: could not send the webhook deliveries")

    def give_up_example_runs(self) -> list[int]:
        """End the example runs whose worker went silent, or that waited too long, as
        ``internal_error`` (they are not sent again: their user runs them again), and tell their
        watchers."""
        ended = example_runs.fail_abandoned(self.db, self.settings.stale_after_s)
        for run_id in ended:
            log.warning("example run %s given up: %s", run_id, "its worker is silent or lost")
            try:
                publish_example_run_final(self.redis, run_id, Verdict.INTERNAL_ERROR.value)
            except redis.RedisError as exc:  # its page polls and reads it from the database
                log.warning("could not tell example run %s's watchers: %s", run_id, exc)
        return ended

    def _unmarked(self, queued: list[Submission]) -> list[Submission]:
        """Those of ``queued`` whose task the queue does not hold; none while Redis is away (a
        task could not be sent anyway)."""
        found = []
        try:
            for start in range(0, len(queued), MARKS_PER_READ):
                chunk = queued[start : start + MARKS_PER_READ]
                marks = self.redis.mget([queue_mark_key(s.id) for s in chunk])
                found += [s for s, mark in zip(chunk, marks, strict=True) if mark is None]
        except redis.RedisError as exc:
            log.warning("sweeper: cannot read the queue's marks: %s", exc)
            return []
        return found

    def _send_again(self, submission: Submission) -> bool:
        if not mark_queued(self.db, submission):
            return False  # it changed meanwhile: beaten, judged, or another sweeper's
        silent = submission.status == Verdict.RUNNING.value
        why = "its worker is silent" if silent else "its task was lost"
        log.warning("sending submission %s again (%s)", submission.id, why)
        if self.metrics is not None:
            self.metrics.count("judge_sent_again", reason="silent" if silent else "lost")
        try:
            announce_queued(self.redis, submission.id, REQUEUED_WHY[silent])
            route = judging_route(self.challenges, submission.challenge, self.settings)
            enqueue(self.app, submission.id, *route)
        except Exception as exc:  # Redis away: queued and unmarked, it is sent on a later pass
            log.warning("could not send submission %s again: %s", submission.id, exc)
        return True
