"""The Celery adapter: the queue in front of ``judge.submissions``.

``create_celery(settings)`` builds the app from the same :class:`~judge.config.Settings` as the API,
so both see one configuration. Tasks are thin: they look up the worker process's services and call
the core. ``workers.app`` is the entry module for ``celery -A workers.app worker``.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from typing import Any

from celery import Celery, signals
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.log import current_process_index
from kombu import Queue

from judge.challenges import ChallengeRepository
from judge.config import Settings
from judge.errors import JudgeError
from judge.images import runner_tag
from judge.judging import base_limits
from judge.sandbox import DockerSandbox
from judge.storage import Database
from judge.submissions import (
    ReferenceTimes,
    judge_stored,
    stale_submissions,
    task_time_limits,
    touch,
)

log = logging.getLogger(__name__)

JUDGE_TASK = "judge.judge_submission"
SWEEP_TASK = "judge.sweep"
QUEUES = ("cpu", "gpu")


def events_channel(submission_id: int) -> str:
    """The Redis pub/sub channel of one submission's progress events."""
    return f"judge:submission:{submission_id}"


def progress_key(submission_id: int) -> str:
    """The Redis key holding a running submission's progress so far (the events merged)."""
    return f"judge:progress:{submission_id}"


# A running submission's progress outlives a worker that died only this long.
PROGRESS_TTL_S = 3600


def latest_progress(client: Any, submission_id: int) -> dict[str, Any] | None:
    """What the worker last said about a running submission; ``None`` if unknown (Redis away,
    or nothing said yet). A convenience for clients: the database is the truth."""
    import redis

    try:
        raw = client.get(progress_key(submission_id))
        return None if raw is None else json.loads(raw)
    except (redis.RedisError, ValueError) as exc:
        log.warning("could not read progress: %s", exc)
        return None


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or Settings.load()
    app = Celery("judge", broker=settings.redis_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_queues=[Queue(name) for name in QUEUES],
        task_default_queue="cpu",
        broker_connection_retry_on_startup=True,
        # A lost Redis must not hang the API's request: the sweeper re-queues what was missed.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        beat_schedule={"sweep": {"task": SWEEP_TASK, "schedule": 60.0}},
        worker_hijack_root_logger=False,
    )
    app.judge_settings = settings  # type: ignore[attr-defined]
    _register_tasks(app)
    return app


def enqueue(
    app: Celery,
    submission_id: int,
    device: str,
    time_limits: tuple[float, float] | None = None,
) -> None:
    """Send the judging task to the challenge's queue (``cpu`` or ``gpu``), with its (soft,
    hard) time limits in seconds (:func:`~judge.submissions.task_time_limits`); ``None``: none."""
    queue = device if device in QUEUES else "cpu"
    soft, hard = time_limits or (None, None)
    app.send_task(
        JUDGE_TASK, args=[submission_id], queue=queue, soft_time_limit=soft, time_limit=hard
    )


def judging_route(
    challenges: ChallengeRepository, slug: str, settings: Settings
) -> tuple[str, tuple[float, float] | None]:
    """The device and the task's time limits of judging a submission to ``slug``, to pass to
    :func:`enqueue`: ``cpu`` and none for a challenge that cannot be loaded (its judging then
    ends as ``internal_error`` and says why)."""
    try:
        challenge = challenges.get(slug)
        return challenge.device, task_time_limits(challenge, settings)
    except JudgeError as exc:
        log.error("challenge %s: %s", slug, exc)
        return "cpu", None


class WorkerServices:
    """What one worker process needs, built on its first task (after the fork)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.database)
        self.challenges = ChallengeRepository(settings.challenges_dir)
        # This pool process is one worker slot: its sandboxes run on the slot's own CPUs.
        self.slot = current_process_index(base=0) or 0
        self.sandbox = DockerSandbox.for_settings(runner_tag(settings), settings, self.slot)
        self.gpu_sandbox = DockerSandbox.for_settings(
            settings.gpu_runner_image, settings, self.slot, gpu=True
        )
        self.references = ReferenceTimes(settings)
        self._redis: Any = None
        self._progress: dict[int, dict[str, Any]] = {}  # each running submission's, merged

    def sandbox_for(self, device: str) -> DockerSandbox:
        return self.gpu_sandbox if device == "gpu" else self.sandbox

    def close(self) -> None:
        self.sandbox.close()
        self.gpu_sandbox.close()

    def publish(self, event: dict[str, Any]) -> None:
        """Best effort: progress events are a convenience, the database is the truth."""
        import redis

        submission_id = event["id"]
        state = self._progress.setdefault(submission_id, {})
        state.update(event)
        try:
            if self._redis is None:
                self._redis = redis.Redis.from_url(self.settings.redis_url)
            pipe = self._redis.pipeline(transaction=False)
            pipe.publish(events_channel(submission_id), json.dumps(event))
            if event.get("final"):
                pipe.delete(progress_key(submission_id))
            else:
                pipe.set(progress_key(submission_id), json.dumps(state), ex=PROGRESS_TTL_S)
            pipe.execute()
        except redis.RedisError as exc:
            log.warning("could not publish progress: %s", exc)
        if event.get("final"):
            self._progress.pop(submission_id, None)


def services(app: Celery) -> WorkerServices:
    if getattr(app, "judge_services", None) is None:
        app.judge_services = WorkerServices(app.judge_settings)  # type: ignore[attr-defined]
    return app.judge_services  # type: ignore[attr-defined]


def _register_tasks(app: Celery) -> None:
    @app.task(name=JUDGE_TASK)
    def judge_submission(submission_id: int) -> str | None:
        s = services(app)
        try:
            return judge_stored(
                s.db,
                s.challenges,
                s.sandbox_for,
                s.settings,
                submission_id,
                s.publish,
                s.references,
                time_limit_errors=(SoftTimeLimitExceeded,),
            )
        except SoftTimeLimitExceeded:  # outside judging (claiming, recording): the sweeper's
            log.error("submission %s: the task ran past its soft time limit", submission_id)
            return None

    @app.task(name=SWEEP_TASK)
    def sweep() -> int:
        s = services(app)
        stale = stale_submissions(s.db, s.settings.stale_after_s)
        for submission in stale:
            log.warning("re-queueing submission %s (%s too long)", submission.id, submission.status)
            touch(s.db, submission.id)
            enqueue(
                app, submission.id, *judging_route(s.challenges, submission.challenge, s.settings)
            )
        return len(stale)

    # At start, and whenever a pool process is replaced (its predecessor may have died mid-run
    # and left its sandbox behind): only containers whose owner process is gone are removed.
    @signals.worker_process_init.connect(weak=False)
    def on_pool_process_start(**_: Any) -> None:
        die_with_parent()
        settings = app.judge_settings  # type: ignore[attr-defined]
        remove_strays(settings)
        try:
            services(app).sandbox.prewarm(base_limits(settings))
        except JudgeError as exc:  # the first task says so again, as its verdict
            log.error("worker slot not ready: %s", exc)

    @signals.worker_process_shutdown.connect(weak=False)
    def on_pool_process_end(**_: Any) -> None:
        if getattr(app, "judge_services", None) is not None:
            app.judge_services.close()  # type: ignore[attr-defined]

    # And periodically, from the main process: a pool process that died without a successor, or
    # another worker on this host killed outright, leaves sandboxes nobody else would remove.
    @signals.worker_ready.connect(weak=False)
    def on_worker_ready(**_: Any) -> None:
        settings = app.judge_settings  # type: ignore[attr-defined]
        remove_strays(settings)
        StrayRemover(settings).start()


def remove_strays(settings: Settings) -> None:
    try:
        with DockerSandbox.for_settings(runner_tag(settings), settings) as sandbox:
            removed = sandbox.remove_strays()
        if removed:
            log.warning("removed %d stray sandbox containers", removed)
    except JudgeError as exc:
        log.error("could not remove stray sandboxes: %s", exc)


class StrayRemover(threading.Thread):
    """Removes stray sandboxes every ``stray_sweep_s`` seconds for the worker's lifetime."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(name="judge-stray-remover", daemon=True)
        self.settings = settings

    def run(self) -> None:
        while True:
            time.sleep(self.settings.stray_sweep_s)
            try:
                remove_strays(self.settings)
            except Exception:  # the thread must outlive any one failure
                log.exception("stray removal failed")


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
