"""Server-sent events of one submission, from its Redis pub/sub channel.

Each open stream holds a thread of the API's server for as long as it lasts, so a process
serves at most ``JUDGE_MAX_EVENT_STREAMS`` at once (the app's semaphore) and each lasts at most
``STREAM_S``; a page refused one polls instead.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import redis

from workers import events_channel

log = logging.getLogger(__name__)

STREAM_S = 600.0
KEEPALIVE_S = 15.0


def open_event_stream(
    client: Any,
    slots: threading.BoundedSemaphore,
    submission_id: int,
    current: Callable[[], dict[str, Any]],
) -> Iterator[str] | None:
    """The stream's text, or ``None`` when none can be opened now (no free slot, Redis away).
    ``current()`` gives the first event; it is read after subscribing, so no event falls
    between the two."""
    if not slots.acquire(blocking=False):
        return None
    try:
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(events_channel(submission_id))
        first = current()
    except BaseException as exc:
        slots.release()
        if not isinstance(exc, redis.RedisError):
            raise
        log.warning("no event stream for submission %s: %s", submission_id, exc)
        return None
    return _stream(pubsub, slots, first)


def _stream(pubsub: Any, slots: threading.BoundedSemaphore, first: dict[str, Any]) -> Iterator[str]:
    try:
        yield _event(first)
        if first.get("final"):
            return
        deadline = time.monotonic() + STREAM_S
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=KEEPALIVE_S)
            if message is None:
                yield ": still judging\n\n"  # a comment: keeps proxies from closing the line
                continue
            event = json.loads(message["data"])
            yield _event(event)
            if event.get("final"):
                return
    except redis.RedisError as exc:
        log.warning("event stream ended: %s", exc)
    finally:
        pubsub.close()
        slots.release()


def _event(event: dict[str, Any]) -> str:
    return f"data: {json.dumps(event)}\n\n"
