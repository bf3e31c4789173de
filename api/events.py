"""Server-sent events of one submission (or one example run), from its Redis pub/sub channel.

Each open stream holds a thread of the API's server for as long as it lasts, so a process
serves at most ``JUDGE_MAX_EVENT_STREAMS`` at once, any one client (by its address, anonymous or
not) at most ``JUDGE_MAX_EVENT_STREAMS_PER_CLIENT`` of them, and each lasts at most ``STREAM_S``;
a page refused one polls instead.

An open stream also holds its slot and a Redis connection subscribed to the channel. Both are
given back when the server closes the response, which a WSGI server does whatever happened: when
the text has ended, when the client went away, and when the body was never read at all (a
generator that never started runs no ``finally`` when closed, so the giving back is
:class:`EventStream`'s ``close``, not the generator's). A HEAD request takes neither: it gets a
stream's headers and no body.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from typing import Any

import redis
from flask import Response, request

log = logging.getLogger(__name__)

STREAM_S = 600.0
KEEPALIVE_S = 15.0
MIMETYPE = "text/event-stream"
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


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


class EventStream:
    """The text of an open stream, holding what ``release`` gives back until it is closed.

    The server closes it whether it read the text to its end, part of it or none of it; closing
    it twice gives back once."""

    def __init__(self, text: Generator[str, None, None], release: Callable[[], None]) -> None:
        self._text, self._release = text, release

    def __iter__(self) -> Iterator[str]:
        return self._text

    def close(self) -> None:
        try:
            self._text.close()  # a started generator stops where it is
        finally:
            self._release()


def stream_response(
    client: Any,
    slots: StreamSlots,
    asker: str,
    channel: str,
    current: Callable[[], dict[str, Any]],
    shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Response | None:
    """A stream route's answer, or ``None`` when no stream can be opened now. A HEAD request
    gets the stream's headers and takes nothing: no server reads its body, and nothing but the
    body would give back what a stream holds."""
    if request.method == "HEAD":
        # An iterator, not a list: no Content-Length, as on the stream itself.
        return Response(iter(()), mimetype=MIMETYPE, headers=HEADERS)
    stream = open_event_stream(client, slots, asker, channel, current, shown)
    if stream is None:
        return None
    return Response(stream, mimetype=MIMETYPE, headers=HEADERS)


def open_event_stream(
    client: Any,
    slots: StreamSlots,
    asker: str,
    channel: str,
    current: Callable[[], dict[str, Any]],
    shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> EventStream | None:
    """The text of the stream of the pub/sub ``channel``, or ``None`` when none can be opened
    now (no free slot for ``asker``, Redis away). ``current()`` gives the first event; it is read
    after subscribing, so no event falls between the two. ``shown`` makes each event what the
    asker may see of it (an assessment's feedback policy)."""
    give_back_slot = slots.take(asker)
    if give_back_slot is None:
        return None
    pubsub = client.pubsub(ignore_subscribe_messages=True)  # no connection before subscribing

    def release() -> None:
        try:
            pubsub.close()
        finally:
            give_back_slot()

    try:
        pubsub.subscribe(channel)
        first = current()
    except BaseException as exc:
        release()
        if not isinstance(exc, redis.RedisError):
            raise
        log.warning("no event stream of %s: %s", channel, exc)
        return None
    return EventStream(_text(pubsub, first, shown or (lambda event: event)), release)


def _text(
    pubsub: Any, first: dict[str, Any], shown: Callable[[dict[str, Any]], dict[str, Any]]
) -> Generator[str, None, None]:
    # What the asker is shown decides when the stream ends: an event trimmed to a final
    # "received" (an assessment's ``none`` policy) ends it, so that nothing after it, not even
    # a keep-alive, tells how the judging goes on.
    first = shown(first)
    yield _event(first)
    if first.get("final"):
        return
    deadline = time.monotonic() + STREAM_S
    try:
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=KEEPALIVE_S)
            if message is None:
                yield ": still judging\n\n"  # a comment: keeps proxies from closing the line
                continue
            event = shown(json.loads(message["data"]))
            yield _event(event)
            if event.get("final"):
                return
    except redis.RedisError as exc:
        log.warning("event stream ended: %s", exc)


def _event(event: dict[str, Any]) -> str:
    return f"data: {json.dumps(event)}\n\n"
