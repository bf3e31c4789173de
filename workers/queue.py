"""The queue's contract: what the API and the worker agree on, and the sending side of it.

The task names and queues, the Redis names of a submission's progress, and
:func:`create_celery`, the Celery app configured from the same
:class:`~judge.config.Settings` as the API: enough to send a task by name. The API imports this
module only; the tasks themselves, and the sandboxes, are the worker's (:mod:`workers.runtime`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import redis
from celery import Celery
from kombu import Queue

from judge.challenges import ChallengeRepository
from judge.config import Settings
from judge.errors import JudgeError
from judge.judging_service import task_time_limits

log = logging.getLogger(__name__)

JUDGE_TASK = "judge.judge_submission"
SWEEP_TASK = "judge.sweep"
QUEUES = ("cpu", "gpu")

# A running submission's progress outlives a worker that died only this long.
PROGRESS_TTL_S = 3600


def events_channel(submission_id: int) -> str:
    """The Redis pub/sub channel of one submission's progress events."""
    return f"judge:submission:{submission_id}"


def progress_key(submission_id: int) -> str:
    """The Redis key holding a running submission's progress so far (the events merged)."""
    return f"judge:progress:{submission_id}"


def latest_progress(client: Any, submission_id: int) -> dict[str, Any] | None:
    """What the worker last said about a running submission; ``None`` if unknown (Redis away,
    or nothing said yet). A convenience for clients: the database is the truth."""
    try:
        raw = client.get(progress_key(submission_id))
        return None if raw is None else json.loads(raw)
    except (redis.RedisError, ValueError) as exc:
        log.warning("could not read progress: %s", exc)
        return None


def create_celery(settings: Settings | None = None) -> Celery:
    """The Celery app of the judge's queues, without its tasks: the API sends with it, and the
    worker (:func:`workers.runtime.create_worker`) adds the tasks to it."""
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
        worker_hijack_root_logger=False,
    )
    app.judge_settings = settings  # type: ignore[attr-defined]
    return app


def enqueue(
    app: Celery,
    submission_id: int,
    device: str,
    time_limits: tuple[float, float] | None = None,
) -> None:
    """Send the judging task to the challenge's queue (``cpu`` or ``gpu``), with its (soft,
    hard) time limits in seconds (:func:`~judge.judging_service.task_time_limits`); ``None``:
    none."""
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
