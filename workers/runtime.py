"""The worker's runtime: the tasks on the queue of :mod:`workers.queue`, and what each worker
process holds to run them (its database, challenges, sandboxes and reference times).

:func:`create_worker` adds the task and the process signals to the queue's app; ``workers.app`` is
the entry module for ``celery -A workers.app worker``. Tasks are thin: they look up the worker
process's services and call the core. The worker's main process runs the sweeper
(:mod:`workers.sweeper`) and the removal of stray sandboxes, each in a thread of its own.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from celery import Celery, signals
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.log import current_process_index
from sqlalchemy.exc import SQLAlchemyError

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.errors import JudgeError
from judge.images import runner_sandboxes, runner_tag
from judge.judging_service import JudgingRecord, JudgingService
from judge.machine import describe
from judge.planning import base_limits
from judge.reference_pairing import ReferencePairing
from judge.storage import Database
from judge.verdicts import Verdict
from workers import presence
from workers.metrics import Recorder
from workers.queue import (
    EXAMPLES_TASK,
    JUDGE_TASK,
    PROGRESS_TTL_S,
    RESCORE_TASK,
    TAKEN_MARK_TTL_S,
    create_celery,
    events_channel,
    example_run_channel,
    progress_key,
    queue_mark_key,
    queue_redis,
)
from workers.sweeper import Sweeper

log = logging.getLogger(__name__)


def create_worker(settings: Settings | None = None) -> Celery:
    """The queue's app with the worker's side added: its task, and what the main process and
    each pool process do when they start and end."""
    app = create_celery(settings)
    _register_tasks(app)
    return app


class WorkerServices:
    """What one worker process needs, built on its first task (after the fork)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.database)
        self.challenges = ChallengeRepository(settings.challenges_dir)
        # This pool process is one worker slot: its sandboxes run on the slot's own CPUs, one
        # per runtime (runner image), made as a challenge of that runtime first needs it.
        self.slot = current_process_index(base=0) or 0
        self.sandboxes = runner_sandboxes(settings, self.slot)
        # The references' own, on the slot's CPUs (and GPU), each with a warm container of its
        # own: a reference is timed right after its submission, never in the same container.
        self.reference_sandboxes = runner_sandboxes(settings, self.slot)
        self._redis: Any = None
        self._progress: dict[int, dict[str, Any]] = {}  # each running submission's, merged
        self.metrics = recorder(settings)
        self.sandboxes.make = self._observed(self.sandboxes.make)
        self.judging = JudgingService(
            settings,
            self.db,
            self.challenges,
            self.sandboxes,
            publish=self.publish,
            references=ReferencePairing(settings, describe(settings), self.reference_sandboxes.get),
            time_limit_errors=(SoftTimeLimitExceeded,),
            observe=self.observed,
            publish_run=self.publish_run,
        )

    def observed(self, record: JudgingRecord) -> None:
        self.metrics.count("judge_judged", outcome=record.outcome)
        self.metrics.observe("judge_judging_seconds", record.seconds)
        for step, ms in record.costs_ms.items():
            self.metrics.observe("judge_step_seconds", ms / 1000, step=step)
        if record.attempt > 1:
            self.metrics.count("judge_retries")
        if record.flagged:
            self.metrics.count("judge_flagged")

    def _observed(self, make: Callable[[str], Any]) -> Callable[[str], Any]:
        """``make`` with the start of each of its sandboxes' containers timed in the metrics."""

        def observed(runtime: str) -> Any:
            sandbox = make(runtime)
            sandbox.on_start = lambda s: self.metrics.observe("judge_sandbox_start_seconds", s)
            return sandbox

        return observed

    def close(self) -> None:
        self.sandboxes.close()
        self.reference_sandboxes.close()

    def publish(self, event: dict[str, Any]) -> None:
        """Best effort: progress events are a convenience, the database is the truth."""
        submission_id = event["id"]
        state = self._progress.setdefault(submission_id, {})
        state.update(event)
        try:
            if self._redis is None:
                self._redis = redis.Redis.from_url(self.settings.redis_url)
            pipe = self._redis.pipeline(transaction=False)
            pipe.publish(events_channel(submission_id), json.dumps(event))
            if event.get("final") or event.get("status") == Verdict.QUEUED.value:
                pipe.delete(progress_key(submission_id))  # over, or to start again
            else:
                pipe.set(progress_key(submission_id), json.dumps(state), ex=PROGRESS_TTL_S)
            pipe.execute()
        except redis.RedisError as exc:
            log.warning("could not publish progress: %s", exc)
        if event.get("final") or event.get("status") == Verdict.QUEUED.value:
            self._progress.pop(submission_id, None)

    def publish_run(self, event: dict[str, Any]) -> None:
        """An example run's event, on its own channel; best effort, as a submission's."""
        try:
            if self._redis is None:
                self._redis = redis.Redis.from_url(self.settings.redis_url)
            self._redis.publish(example_run_channel(event["id"]), json.dumps(event))
        except redis.RedisError as exc:
            log.warning("could not publish an example run's progress: %s", exc)


def services(app: Celery) -> WorkerServices:
    if getattr(app, "judge_services", None) is None:
        app.judge_services = WorkerServices(app.judge_settings)  # type: ignore[attr-defined]
    return app.judge_services  # type: ignore[attr-defined]


def _register_tasks(app: Celery) -> None:
    @app.task(name=JUDGE_TASK)
    def judge_submission(submission_id: int) -> str | None:
        _unmark(app, submission_id)  # out of the queue: this worker's heartbeat speaks for it now
        try:
            return services(app).judging.judge(submission_id)
        except SoftTimeLimitExceeded:  # outside judging (claiming, recording): the sweeper's
            log.error("submission %s: the task ran past its soft time limit", submission_id)
            return None

    @app.task(name=EXAMPLES_TASK)
    def run_examples(run_id: int) -> str | None:
        try:
            return services(app).judging.run_examples(run_id)
        except SoftTimeLimitExceeded:  # outside judging: the sweeper gives it up
            log.error("example run %s: the task ran past its soft time limit", run_id)
            return None

    @app.task(name=RESCORE_TASK)
    def rescore_submission(submission_id: int) -> str:
        return services(app).judging.rescore(submission_id)

    # In the main process, as the task leaves the queue for this worker: the mark now lasts only
    # as long as a task waits here before it begins, so a worker killed first loses nothing.
    @signals.task_received.connect(weak=False)
    def on_task_taken(request: Any = None, **_: Any) -> None:
        if request is None or request.name != JUDGE_TASK or not request.args:
            return
        try:
            mark = queue_mark_key(int(request.args[0]))
            queue_redis(app).set(mark, "taken", ex=TAKEN_MARK_TTL_S)
        except (redis.RedisError, TypeError, ValueError) as exc:
            log.warning("could not mark a task taken: %s", exc)

    # At start, and whenever a pool process is replaced (its predecessor may have died mid-run
    # and left its sandbox behind): only containers whose owner process is gone are removed.
    @signals.worker_process_init.connect(weak=False)
    def on_pool_process_start(**_: Any) -> None:
        die_with_parent()
        settings = app.judge_settings  # type: ignore[attr-defined]
        remove_strays(settings)
        try:
            # NumPy's only: most packages are NumPy's, and a PyTorch container holds 200 MB
            # from its start; a slot warms its PyTorch sandboxes after their first run.
            services(app).sandboxes.get("numpy").prewarm(base_limits(settings))
            services(app).reference_sandboxes.get("numpy").prewarm(base_limits(settings))
        except JudgeError as exc:  # the first task says so again, as its verdict
            log.error("worker slot not ready: %s", exc)

    @signals.worker_process_shutdown.connect(weak=False)
    def on_pool_process_end(**_: Any) -> None:
        if getattr(app, "judge_services", None) is not None:
            app.judge_services.close()  # type: ignore[attr-defined]

    # And periodically, from the main process: a pool process that died without a successor, or
    # another worker on this host killed outright, leaves sandboxes nobody else would remove.
    # The sweeper starts with the worker, so a worker started after a crash sends again at once
    # what the crash left.
    # The worker's name labels its metrics; its pool processes, forked next, inherit it.
    @signals.worker_init.connect(weak=False)
    def on_worker_start(sender: Any = None, **_: Any) -> None:
        name = getattr(sender, "hostname", None)
        if name:
            os.environ[WORKER_NAME_VARIABLE] = name

    @signals.worker_ready.connect(weak=False)
    def on_worker_ready(**_: Any) -> None:
        settings = app.judge_settings  # type: ignore[attr-defined]
        remove_strays(settings)
        Every(
            "judge-stray-remover", settings.stray_sweep_s, lambda: remove_strays(settings)
        ).start()
        sweeper = Sweeper(app, settings)
        sweeper.metrics = recorder(settings)
        Every("judge-sweeper", settings.sweep_every_s, sweeper.sweep, at_once=True).start()
        # Up, and writing to this database: what `judge health` asks after and compares.
        say = lambda: presence.announce(sweeper.redis, sweeper.db, worker_name(), settings)  # noqa: E731
        Every("judge-presence", settings.heartbeat_s, say, at_once=True).start()

    @signals.worker_shutdown.connect(weak=False)
    def on_worker_end(**_: Any) -> None:
        presence.withdraw(queue_redis(app), worker_name())


WORKER_NAME_VARIABLE = "JUDGE_WORKER_NAME"


def worker_name() -> str:
    """This worker's name, as Celery names it (``celery@host``)."""
    return os.environ.get(WORKER_NAME_VARIABLE) or f"celery@{socket.gethostname()}"


def recorder(settings: Settings) -> Recorder:
    """This worker's metrics, labelled with its name."""
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    return Recorder(client, worker_name())


def _unmark(app: Celery, submission_id: int) -> None:
    try:
        queue_redis(app).delete(queue_mark_key(submission_id))
    except redis.RedisError as exc:
        log.warning("could not unmark submission %s: %s", submission_id, exc)


def remove_strays(settings: Settings) -> None:
    try:
        with DockerSandbox.for_settings(runner_tag(settings), settings) as sandbox:
            removed = sandbox.remove_strays()
        if removed:
            log.warning("removed %d stray sandbox containers", removed)
            recorder(settings).count("judge_strays_removed", removed)
    except JudgeError as exc:
        log.error("could not remove stray sandboxes: %s", exc)


class Every(threading.Thread):
    """Calls ``action`` every ``period_s`` seconds (first at once, with ``at_once``) for the
    worker's lifetime."""

    def __init__(
        self, name: str, period_s: float, action: Callable[[], Any], at_once: bool = False
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.period_s, self.action, self.at_once = period_s, action, at_once

    def run(self) -> None:
        if not self.at_once:
            time.sleep(self.period_s)
        while True:
            try:
                self.action()
            except (SQLAlchemyError, redis.RedisError) as exc:
                # A service briefly away (restarting, say): one line each time, not a trace.
                log.warning("%s: %s is away: %s", self.name, _service(exc), _first_line(exc))
            except Exception:  # the thread must outlive any one failure
                log.exception("%s failed", self.name)
            time.sleep(self.period_s)


def die_with_parent(poll_s: float = 1.0) -> None:
    """Kill this pool process soon after its worker dies, rather than let it run on, unsupervised,
    with a sandbox only it would ever remove; once it is gone, its sandbox is a stray.

    Not PR_SET_PDEATHSIG: that follows the *thread* that forked the process, and the pool forks
    replacements from a thread that ends at a warm shutdown, while they still finish their tasks.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="judge-parent-watch", daemon=True).start()


def _service(exc: Exception) -> str:
    return "the database" if isinstance(exc, SQLAlchemyError) else "Redis"


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__
