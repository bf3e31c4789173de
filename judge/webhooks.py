"""An assessment's webhook: a signed JSON summary POSTed to the operator's URL when a candidate
finishes (``candidate.finished``) or the window closes (``assessment.closed``).

:func:`judge.assessment_clock.settle` and :func:`judge.assessment_clock.finish` queue a
:class:`~judge.storage.WebhookDelivery` row; every worker's sweeper calls :func:`deliver_due`,
which builds each due summary from the database at the moment it is sent (so it holds what was
judged since; it waits, a while at most, for the submissions still being judged), signs it,
POSTs it and records the answer. A delivery the receiver does not take (no 2xx answer) is tried
again with a doubling backoff, and given up as ``failed`` after the last attempt; each
attempt's error stays on the row for the operator.

Every delivery carries these headers::

    X-Judge-Event: candidate.finished | assessment.closed
    X-Judge-Delivery: <the delivery's id: the same on every retry, to drop duplicates>
    X-Judge-Timestamp: <unix seconds when it was sent>
    X-Judge-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>

where the secret is the assessment's (:func:`judge.assessments.webhook_secret`, shown to its
operator), used as its UTF-8 bytes. A receiver checks it as :func:`verify` does, and refuses an
old timestamp, so a delivery caught on the way cannot be replayed later.

Delivery is at least once: a worker that dies between the POST and recording it leaves the row
to be sent again once its lease runs out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update

from judge import assessment_reports, candidates
from judge.assessments import webhook_secret
from judge.storage import Assessment, Database, WebhookDelivery, utcnow
from judge.text import safe_text

log = logging.getLogger(__name__)

#: A POST's time limit, in seconds.
TIMEOUT_S = 10.0
#: How long a claimed delivery is another sweeper's to leave alone: well past a POST's limit.
LEASE = dt.timedelta(seconds=60)
#: A summary waits for the submissions it tells of that are still being judged, at most this
#: long after it was queued, checking again every ``WAIT_POLL``; waiting counts no attempt.
WAIT_FOR_JUDGING = dt.timedelta(minutes=15)
WAIT_POLL = dt.timedelta(seconds=5)
#: The longest pause between two attempts, in seconds.
MAX_BACKOFF_S = 3600.0
#: Deliveries one call sends at most, and the seconds after which it claims no more: the
#: sweeper has other work, and a receiver that hangs costs ``TIMEOUT_S`` each.
BATCH = 20
BUDGET_S = 20.0
ERROR_TEXT = 200

#: ``post(url, body, headers)`` -> (HTTP status, the start of the answer's body). Raises
#: ``OSError`` (unreachable, timed out), ``http.client.HTTPException`` or ``ValueError``.
Post = Callable[[str, bytes, dict[str, str]], tuple[int, str]]


# ---------------------------------------------------------------- signing


def signature(secret: str, timestamp: str | int, body: bytes) -> str:
    """The ``X-Judge-Signature`` header's value."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature_header: str,
    tolerance_s: float = 300,
    now: float | None = None,
) -> bool:
    """Whether a delivery is the judge's: ``signature_header`` signs ``timestamp`` and
    ``body`` with ``secret``, and ``timestamp`` is within ``tolerance_s`` of ``now`` (the
    receiver's clock). What a receiver would run, standard library only: copy it."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance_s:
        return False
    expected = signature(secret, sent, body)
    return hmac.compare_digest(expected.encode(), str(signature_header).encode())


def signed_headers(
    secret: str, event: str, delivery_id: int, when: dt.datetime, body: bytes
) -> dict[str, str]:
    timestamp = str(int(when.replace(tzinfo=dt.UTC).timestamp()))
    return {
        "Content-Type": "application/json",
        "User-Agent": "judge-webhook/1",
        "X-Judge-Event": event,
        "X-Judge-Delivery": str(delivery_id),
        "X-Judge-Timestamp": timestamp,
        "X-Judge-Signature": signature(secret, timestamp, body),
    }


# ---------------------------------------------------------------- the summary


def payload(db: Database, delivery: WebhookDelivery, now: dt.datetime) -> dict[str, Any]:
    """What the delivery says, read now: the assessment, and the candidate's row of the report
    (``candidate.finished``) or every candidate's (``assessment.closed``)."""
    data = assessment_reports.report(db, delivery.assessment_id, now)
    about = data["assessment"]
    summary: dict[str, Any] = {
        "event": delivery.event,
        "delivery": str(delivery.id),
        "sent_at": _iso(now),
        "assessment": {k: about[k] for k in ("id", "title", "challenges")},
    }
    if delivery.event == "candidate.finished":
        rows = [row for row in data["candidates"] if row["id"] == delivery.candidate_id]
        summary["candidate"] = rows[0] if rows else None
    else:
        summary["candidates"] = data["candidates"]
    return summary


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat()


# ---------------------------------------------------------------- sending


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address: following one would carry the signed
    summary somewhere the operator never named (another scheme or host), so none is followed
    and a 3xx counts as a failed attempt."""

    def redirect_request(self, *_: Any) -> None:
        return None


class _Deadline:
    """The whole POST's time limit. A socket's timeout bounds each read alone: a receiver that
    sends its answer a byte every few seconds would hold the sweeper (and the re-queueing of
    lost submissions it does) for hours. Once the limit has passed, the POST's socket is shut
    down, which ends a read that is waiting."""

    def __init__(self, seconds: float) -> None:
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, under TLS too (the reading thread owns the TLS state); a
    # socket already closed has nothing to end.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watched(handler_class: Any, deadline: _Deadline) -> Any:
    """A ``handler_class`` (urllib's HTTP or HTTPS handler) whose connections' sockets
    ``deadline`` watches."""

    class Watched(handler_class):  # type: ignore[misc, valid-type]
        def do_open(
            self, http_class: Any, req: urllib.request.Request, **http_conn_args: Any
        ) -> http.client.HTTPResponse:
            class Connection(http_class):  # type: ignore[misc, valid-type]
                def connect(self) -> None:
                    super().connect()
                    deadline.watch(self.sock)

            return super().do_open(Connection, req, **http_conn_args)

    return Watched()


def post_json(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST ``body`` to ``url`` (http or https only), within :data:`TIMEOUT_S` in all, following
    no redirect; the answer's status and the start of its body."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("the webhook is not an http:// or https:// URL")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    deadline = _Deadline(TIMEOUT_S)
    opener = urllib.request.build_opener(
        _NoRedirects,
        _watched(urllib.request.HTTPHandler, deadline),
        _watched(urllib.request.HTTPSHandler, deadline),
    )
    deadline.timer.start()
    try:
        with opener.open(request, timeout=TIMEOUT_S) as answer:
            status, text = answer.status, answer.read(1024).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:  # a non-2xx answer is an answer
        with exc:
            status, text = exc.code, exc.read(1024).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired:  # what the shut socket raised says less than this
            raise TimeoutError(f"no whole answer within {TIMEOUT_S:g} s") from exc
        raise
    finally:
        deadline.timer.cancel()
    if deadline.expired:  # an answer cut short counts as none
        raise TimeoutError(f"no whole answer within {TIMEOUT_S:g} s")
    return status, text


def deliver_due(
    db: Database,
    secret_key: bytes,
    now: dt.datetime | None = None,
    post: Post = post_json,
    *,
    retry_s: float = 30.0,
    max_attempts: int = 8,
) -> list[str]:
    """Send each pending delivery whose time has come (at most :data:`BATCH`, for at most
    :data:`BUDGET_S`), and record each answer; what happened, for the log. Every worker's
    sweeper calls it: a delivery is claimed by one of them before it is sent."""
    now = now or utcnow()
    began = time.monotonic()
    with db.session() as session:
        due = session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_at <= now)
            .order_by(WebhookDelivery.next_at, WebhookDelivery.id)
            .limit(BATCH)
        ).all()
    done = []
    for delivery in due:
        if time.monotonic() - began > BUDGET_S:
            break
        if _waits_for_judging(db, delivery, now):
            if _move(db, delivery, now + WAIT_POLL):
                said = f"webhook delivery {delivery.id} waits for submissions being judged"
                log.info("%s", said)
                done.append(said)
            continue
        if not _move(db, delivery, now + LEASE):
            continue  # another sweeper's, or changed since it was read
        outcome = _attempt(db, delivery, secret_key, now, post)
        done.append(_record(db, delivery, outcome, now, retry_s, max_attempts))
    return done


def _waits_for_judging(db: Database, delivery: WebhookDelivery, now: dt.datetime) -> bool:
    """A summary while submissions it tells of (sent before the end: they count) are still
    being judged, unless it has waited its limit already: a candidate's while theirs are, the
    window's while any candidate's is."""
    if now >= delivery.created_at + WAIT_FOR_JUDGING:
        return False
    if delivery.candidate_id is not None:
        candidate = candidates.get_candidate(db, delivery.assessment_id, delivery.candidate_id)
        return candidates.in_flight(db, candidate) > 0
    return any(
        candidates.in_flight(db, candidate) > 0
        for candidate in candidates.list_candidates(db, delivery.assessment_id)
    )


def _move(db: Database, delivery: WebhookDelivery, to: dt.datetime) -> bool:
    """Put the delivery's next time at ``to`` if it is still as read: still pending, with the
    attempts and next time read. Only one of two sweepers that read it lands this; the one whose
    change landed holds it until ``to``."""
    with db.session() as session:
        result: Any = session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery.id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.attempts == delivery.attempts,
                WebhookDelivery.next_at == delivery.next_at,
            )
            .values(next_at=to)
        )
        session.commit()
    return bool(result.rowcount)


def _attempt(
    db: Database, delivery: WebhookDelivery, secret_key: bytes, now: dt.datetime, post: Post
) -> str | None:
    """POST the delivery once: ``None`` if the receiver took it, else why not."""
    with db.session() as session:
        assessment = session.get(Assessment, delivery.assessment_id)
    if assessment is None or not assessment.webhook_url:
        return "the assessment has no webhook any more"
    body = json.dumps(payload(db, delivery, now), separators=(",", ":")).encode()
    secret = webhook_secret(secret_key, assessment.id)
    headers = signed_headers(secret, delivery.event, delivery.id, now, body)
    try:
        status, text = post(assessment.webhook_url, body, headers)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return safe_text(f"{type(exc).__name__}: {exc}", ERROR_TEXT + 60)
    if 200 <= status < 300:
        return None
    return f"HTTP {status}: " + safe_text(text[:ERROR_TEXT])


def _record(
    db: Database,
    delivery: WebhookDelivery,
    error: str | None,
    now: dt.datetime,
    retry_s: float,
    max_attempts: int,
) -> str:
    attempts = delivery.attempts + 1
    what = f"webhook delivery {delivery.id} ({delivery.event}, assessment {delivery.assessment_id})"
    if error is None:
        values: dict[str, Any] = {"status": "delivered", "delivered_at": now, "last_error": ""}
        said = f"{what} delivered"
    elif attempts >= max_attempts:
        values = {"status": "failed", "last_error": error}
        said = f"{what} failed for good after {attempts} attempts: {error}"
    else:
        pause = min(retry_s * 2 ** (attempts - 1), MAX_BACKOFF_S)
        values = {"last_error": error, "next_at": now + dt.timedelta(seconds=pause)}
        said = f"{what}, attempt {attempts} failed ({error}); trying again in {pause:.0f} s"
    with db.session() as session:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery.id)
            .values(attempts=attempts, **values)
        )
        session.commit()
    (log.info if error is None else log.warning)("%s", said)
    return said
