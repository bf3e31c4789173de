"""Server-sent events of one submission, from its Redis pub/sub channel.

Each open stream holds a thread of the API's server for as long as it lasts, so a process
serves at most ``JUDGE_MAX_EVENT_STREAMS`` at once, any one client (by its address, anonymous or
not) at most ``JUDGE_MAX_EVENT_STREAMS_PER_CLIENT`` of them, and each lasts at most ``STREAM_S``;
a page refused one polls instead.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import redis

from workers.queue import events_channel

log = logging.getLogger(__name__)

STREAM_S = 600.0
KEEPALIVE_S = 15.0


class StreamSlots:
    """The streams one process may still open: ``per_process`` at once, of which any one
    client holds at most ``per_client``, so that no client can take them all from the others."""

    def __init__(self, per_process: int, per_client: int) -> None:
        self.per_process, self.per_client = max(per_process, 1), max(per_client, 1)
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()

    def take(self, client: str) -> Callable[[], None] | None:
        """A slot for ``client``, as the function that gives it back; ``None`` when none is free."""
        with self._lock:
            if self._open.total() >= self.per_process or self._open[client] >= self.per_client:
                return None
            self._open[client] += 1
        given_back = threading.Event()

        def give_back() -> None:
            if given_back.is_set():
                return
            given_back.set()
            with self._lock:
                self._open[client] -= 1
                if self._open[client] <= 0:
                    del self._open[client]

        return give_back


def open_event_stream(
    client: Any,
    slots: StreamSlots,
    asker: str,
    submission_id: int,
    current: Callable[[], dict[str, Any]],
) -> Iterator[str] | None:
    """The stream's text, or ``None`` when none can be opened now (no free slot for ``asker``,
    Redis away). ``current()`` gives the first event; it is read after subscribing, so no event
    falls between the two."""
    release = slots.take(asker)
    if release is None:
        return None
    try:
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(events_channel(submission_id))
        first = current()
    except BaseException as exc:
        release()
        if not isinstance(exc, redis.RedisError):
            raise
        log.warning("no event stream for submission %s: %s", submission_id, exc)
        return None
    return _stream(pubsub, release, first)


def _stream(pubsub: Any, release: Callable[[], None], first: dict[str, Any]) -> Iterator[str]:
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
        release()


def _event(event: dict[str, Any]) -> str:
    return f"data: {json.dumps(event)}\n\n"
