"""The queue's contract: what the API and the worker agree on, and the sending side of it.

The task names and queues, the Redis names of a submission's progress, and
:func:`create_celery`, the Celery app configured from the same
:class:`~judge.config.Settings` as the API: enough to send a task by name. The API imports this
module only; the tasks themselves, and the sandboxes, are the worker's (:mod:`workers.runtime`).

Every task sent leaves a mark in Redis, ``judge:queued:<id>``, which the worker that takes the
task removes: a queued submission without one after a few seconds was lost on its way (Redis
flushed or restarted empty, the API stopped between storing and sending) and the sweeper
(:mod:`workers.sweeper`) sends it again.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

import redis
from celery import Celery
from kombu import Queue

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.errors import JudgeError
from judge.judging_service import task_time_limits
from judge.submissions import accepted_among, requeue

log = logging.getLogger(__name__)

JUDGE_TASK = "judge.judge_submission"
#: An accepted submission timed again, with its reference, on the machine that takes the task.
RESCORE_TASK = "judge.rescore_submission"
#: A run of a challenge's public examples (:mod:`judge.example_runs`), not a submission.
EXAMPLES_TASK = "judge.run_examples"
QUEUES = ("cpu", "gpu")

# A running submission's progress outlives a worker that died only this long.
PROGRESS_TTL_S = 3600
# How long a sent task's mark lasts: a bound on how long a mark left without its task (Redis lost
# the task but kept the mark) hides a submission; one still queued after it is sent again, which
# costs a task that finds it taken. And how long the mark of a task a worker has taken from the
# queue, but not begun, lasts: if that worker dies before it begins, it is sent again then.
QUEUED_MARK_TTL_S = 3600
TAKEN_MARK_TTL_S = 60


def events_channel(submission_id: int) -> str:
    """The Redis pub/sub channel of one submission's progress events."""
    return f"judge:submission:{submission_id}"


def example_run_channel(run_id: int) -> str:
    """The Redis pub/sub channel of one example run's progress events (their ids are not
    submissions', so neither are their channels)."""
    return f"judge:example-run:{run_id}"


def progress_key(submission_id: int) -> str:
    """The Redis key holding a running submission's progress so far (the events merged)."""
    return f"judge:progress:{submission_id}"


def queue_mark_key(submission_id: int) -> str:
    """The Redis key saying a submission's task is in the queue (or taken by a live worker)."""
    return f"judge:queued:{submission_id}"


def queue_redis(app: Celery) -> Any:
    """The Redis client of ``app``'s marks and events, made once per app (and process)."""
    client = getattr(app, "judge_redis", None)
    if client is None:
        url = app.judge_settings.redis_url  # type: ignore[attr-defined]
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        app.judge_redis = client  # type: ignore[attr-defined]
    return client


def announce_queued(client: Any, submission_id: int, why: str) -> None:
    """Tell the submission's watchers that it waits in the queue again, and ``why`` (its worker
    stopped): the event's ``requeued``, which only a judging that ended without a verdict
    sends. Drops the progress of that judging."""
    event = {"id": submission_id, "status": "queued", "requeued": why}
    pipe = client.pipeline(transaction=False)
    pipe.publish(events_channel(submission_id), json.dumps(event))
    pipe.delete(progress_key(submission_id))
    pipe.execute()


# Kombu's Redis transport keeps a queue's messages of each priority step in a list of its own.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def queue_depths(client: Any) -> dict[str, int]:
    """The tasks waiting in each queue (not those taken by a worker)."""
    return {queue: sum(client.llen(queue + s) for s in PRIORITY_SUFFIXES) for queue in QUEUES}


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
    task: str = JUDGE_TASK,
) -> None:
    """Send the judging task (or ``task``) to the challenge's queue (``cpu`` or ``gpu``), with
    its (soft, hard) time limits in seconds (:func:`~judge.judging_service.task_time_limits`);
    ``None``: none."""
    queue = device if device in QUEUES else "cpu"
    soft, hard = time_limits or (None, None)
    if task != JUDGE_TASK:  # the submission is not queued: nothing for the sweeper to watch
        app.send_task(
            task, args=[submission_id], queue=queue, soft_time_limit=soft, time_limit=hard
        )
        return
    # Before the task: the worker that takes it removes the mark, and must find it there (a mark
    # set after would outlive a task already begun, and hide a submission put back in the queue).
    mark = queue_mark_key(submission_id)
    try:
        queue_redis(app).set(mark, "queued", ex=QUEUED_MARK_TTL_S)
    except redis.RedisError as exc:  # unmarked, it is sent again once the grace is over
        log.warning("could not mark submission %s queued: %s", submission_id, exc)
    try:
        app.send_task(
            JUDGE_TASK, args=[submission_id], queue=queue, soft_time_limit=soft, time_limit=hard
        )
    except Exception:
        with contextlib.suppress(redis.RedisError):
            queue_redis(app).delete(mark)  # no mark for a task that was not sent
        raise


def enqueue_example_run(
    app: Celery, run_id: int, device: str, time_limits: tuple[float, float]
) -> None:
    """Send an example run's task to the challenge's queue (``cpu`` or ``gpu``), with its
    (soft, hard) time limits (:func:`~judge.judging_service.examples_time_limits`). No mark:
    the sweeper gives a run up (:func:`judge.example_runs.fail_abandoned`) rather than send it
    again."""
    queue = device if device in QUEUES else "cpu"
    soft, hard = time_limits
    app.send_task(EXAMPLES_TASK, args=[run_id], queue=queue, soft_time_limit=soft, time_limit=hard)


def publish_example_run_final(client: Any, run_id: int, status: str) -> None:
    """Tell an example run's watchers that it ended (given up by the sweeper)."""
    event = {"id": run_id, "status": status, "final": True}
    client.publish(example_run_channel(run_id), json.dumps(event))


def rejudge(services: Any, submission_ids: list[int], slug: str, scores_only: bool) -> list[int]:
    """Send these submissions (all to challenge ``slug``) to be judged again, each on its own
    seed; or, ``scores_only``, only the accepted ones to be timed again with their reference,
    their verdicts kept. ``services`` is the API's (database, challenges, settings, Celery).
    Returns the ids sent."""
    route = judging_route(services.challenges, slug, services.settings)
    if scores_only:
        ids = accepted_among(services.db, submission_ids)
        for submission_id in ids:
            enqueue(services.celery, submission_id, *route, task=RESCORE_TASK)
        return ids
    ids = requeue(services.db, submission_ids)
    for submission_id in ids:
        enqueue(services.celery, submission_id, *route)
    return ids


_TIME_LIMITS: dict[tuple[Any, ...], tuple[float, float]] = {}


def judging_route(
    challenges: ChallengeRepository, slug: str, settings: Settings
) -> tuple[str, tuple[float, float] | None]:
    """The device and the task's time limits of judging a submission to ``slug``, to pass to
    :func:`enqueue`: ``cpu`` and none for a challenge that cannot be loaded (its judging then
    ends as ``internal_error`` and says why)."""
    try:
        challenge = challenges.get(slug)
        # Made from the challenge's whole suite: once per package version, not on every POST.
        key = (settings, challenge.slug, challenge.version, str(challenge.path))
        if key not in _TIME_LIMITS:
            if len(_TIME_LIMITS) >= 1024:
                _TIME_LIMITS.clear()
            _TIME_LIMITS[key] = task_time_limits(challenge, settings)
        return challenge.device, _TIME_LIMITS[key]
    except JudgeError as exc:
        log.error("challenge %s: %s", slug, exc)
        return "cpu", None
