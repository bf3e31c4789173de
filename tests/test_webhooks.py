"""The assessments' webhook on a real database (SQLite and PostgreSQL) and a real HTTP receiver
on the loopback: signed summaries, retries with backoff, one delivery however many sweepers
race, a candidate's summary that waits for their judging, and what the sweeper settles."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time

import pytest
from sqlalchemy import select

from judge import assessment_clock, assessment_reports, assessments, candidates, webhooks
from judge.assessments import webhook_secret
from judge.config import Settings
from judge.storage import Assessment, Candidate, Database, Submission, WebhookDelivery, utcnow
from judge.webhooks import deliver_due, verify
from workers.queue import create_celery
from workers.sweeper import Sweeper

KEY = b"k" * 64
KNOWN = ["matmul", "knn"]


class Receiver:
    """An HTTP server on 127.0.0.1 that records every request and answers 500 to the first
    ``failures`` of them (or ``answer`` to every one, when set), each after ``delay_s``."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures = 0
        self.answer: tuple[int, dict[str, str]] | None = None
        self.delay_s = 0.0
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    count = len(receiver.requests)
                time.sleep(receiver.delay_s)
                status, headers = receiver.answer or (
                    (500, {}) if count <= receiver.failures else (204, {})
                )
                text = b"" if status == 204 else b"receiver says no " * 30
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *_) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.close()


T0 = utcnow().replace(microsecond=0)


def make(db, url: str = "", duration_s: int = 600, **window) -> Assessment:
    return assessments.create_assessment(
        db,
        KNOWN,
        title="ML engineers",
        challenges=["matmul", "knn"],
        duration_s=duration_s,
        webhook_url=url,
        opens_at=window.get("opens_at", T0),
        closes_at=window.get("closes_at", T0 + dt.timedelta(days=1)),
        now=T0,
    )


def started(db, assessment: Assessment, name: str = "Ada", at: dt.datetime = T0) -> Candidate:
    candidate, _ = candidates.invite(db, assessment.id, name, now=at)
    return assessment_clock.start(db, candidate.id, now=at)


def submit(db, candidate: Candidate, status: str, at: dt.datetime, **fields) -> int:
    with db.session() as session:
        row = Submission(
            user_id=candidate.user_id,
            challenge=fields.pop("challenge", "matmul"),
            source="",
            status=status,
            created_at=at,
            **fields,
        )
        session.add(row)
        session.commit()
        return row.id


def deliveries(db) -> list[WebhookDelivery]:
    with db.session() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_finished_candidates_summary_arrives_signed(db, receiver):
    assessment = make(db, receiver.url)
    ada = started(db, assessment)
    submit(db, ada, "accepted", at(100), score=1.25)
    assert assessment_clock.finish(db, ada.id, now=at(300))
    assert [d.event for d in deliveries(db)] == ["candidate.finished"]

    sent = deliver_due(db, KEY, now=at(301))
    assert len(sent) == 1 and "delivered" in sent[0]
    (request,) = receiver.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hook"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Judge-Event"] == "candidate.finished"
    assert headers["X-Judge-Delivery"] == str(deliveries(db)[0].id)
    timestamp = headers["X-Judge-Timestamp"]
    assert int(timestamp) == int(at(301).replace(tzinfo=dt.UTC).timestamp())
    assert headers["X-Judge-Signature"].startswith("sha256=")

    secret = webhook_secret(KEY, assessment.id)
    signed = headers["X-Judge-Signature"]
    clock = int(timestamp) + 5  # the receiver's
    assert verify(secret, timestamp, body, signed, now=clock)
    assert verify(secret, timestamp, body, signed, now=int(timestamp) + 300), "still in time"
    assert not verify(secret, timestamp, body, signed, now=int(timestamp) + 301), "too old"
    assert not verify(secret, timestamp, body.replace(b"1.25", b"0.25"), signed, now=clock)
    assert not verify(secret, str(int(timestamp) + 1), body, signed, now=clock)
    assert not verify(webhook_secret(KEY, assessment.id + 1), timestamp, body, signed, now=clock)
    assert not verify(secret, "soon", body, signed, now=clock)
    assert not verify(secret, timestamp, body, signed.replace("sha256=", "sha1="), now=clock)
    assert secret not in body.decode() and KEY.decode() not in body.decode()

    summary = json.loads(body)
    assert summary["event"] == "candidate.finished"
    assert summary["delivery"] == headers["X-Judge-Delivery"]
    assert summary["assessment"] == {
        "id": assessment.id,
        "title": "ML engineers",
        "challenges": ["matmul", "knn"],
    }
    row = assessment_reports.report(db, assessment.id, now=at(301))["candidates"][0]
    assert summary["candidate"] == json.loads(json.dumps(row))
    assert summary["candidate"]["state"] == "finished"
    assert summary["candidate"]["challenges"]["matmul"]["verdict"] == "accepted"
    assert summary["candidate"]["challenges"]["matmul"]["score"] == 1.25

    (delivery,) = deliveries(db)
    assert (delivery.status, delivery.attempts, delivery.delivered_at) == ("delivered", 1, at(301))
    assert deliver_due(db, KEY, now=at(10_000)) == [] and len(receiver.requests) == 1


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(db, receiver):
    receiver.failures = 100
    assessment = make(db, receiver.url)
    assessment_clock.finish(db, started(db, assessment).id, now=at(10))
    settings = {"retry_s": 1000.0, "max_attempts": 4}

    def attempt(seconds: float) -> WebhookDelivery:
        deliver_due(db, KEY, now=at(seconds), **settings)
        return deliveries(db)[0]

    first = attempt(10)
    assert (first.status, first.attempts, first.next_at) == ("pending", 1, at(1010))
    assert first.last_error.startswith("HTTP 500: receiver says no")
    assert len(first.last_error) == len("HTTP 500: ") + 200, "the body's first 200 characters"
    assert attempt(1009).attempts == 1 and len(receiver.requests) == 1, "not before its time"
    assert attempt(1010).next_at == at(1010 + 2000), "twice the pause"
    assert attempt(3010).next_at == at(3010 + 3600), "capped at an hour"
    last = attempt(6610)
    assert (last.status, last.attempts) == ("failed", 4)
    assert last.last_error.startswith("HTTP 500")
    assert deliver_due(db, KEY, now=at(100_000), **settings) == []
    assert len(receiver.requests) == 4
    ids = {r["headers"]["X-Judge-Delivery"] for r in receiver.requests}
    assert ids == {str(last.id)}, "one delivery id on every attempt, for the receiver's dedup"


def test_a_receiver_that_recovers_gets_the_summary(db, receiver):
    receiver.failures = 2
    assessment = make(db, receiver.url)
    assessment_clock.finish(db, started(db, assessment).id, now=at(10))
    for seconds in (10, 40, 100):  # 30 s, then 60 s
        deliver_due(db, KEY, now=at(seconds))
    (delivery,) = deliveries(db)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 3, "")
    assert len(receiver.requests) == 3


def test_a_redirect_is_not_followed_and_an_unreachable_receiver_is_recorded(db, receiver):
    receiver.answer = (307, {"Location": "ftp://127.0.0.1/elsewhere"})
    assessment = make(db, receiver.url)
    assessment_clock.finish(db, started(db, assessment).id, now=at(10))
    deliver_due(db, KEY, now=at(10))
    assert len(receiver.requests) == 1
    assert deliveries(db)[0].last_error.startswith("HTTP 307")

    closed = Receiver()
    closed.close()  # nothing listens there any more
    with db.session() as session:
        session.get(Assessment, assessment.id).webhook_url = closed.url
        session.commit()
    deliver_due(db, KEY, now=at(100))
    delivery = deliveries(db)[0]
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert "URLError" in delivery.last_error and "refused" in delivery.last_error


def test_two_sweepers_racing_send_a_delivery_once(db, database_url, receiver):
    receiver.delay_s = 0.5  # both claim while the first POST is still on its way
    assessment = make(db, receiver.url)
    assessment_clock.finish(db, started(db, assessment).id, now=at(10))
    other = Database(database_url)
    gate = threading.Barrier(2)
    results: list[list[str]] = []

    def sweep(database: Database) -> None:
        gate.wait()
        results.append(deliver_due(database, KEY, now=at(11)))

    threads = [threading.Thread(target=sweep, args=(d,)) for d in (db, other)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        other.close()
    assert sorted(len(r) for r in results) == [0, 1]
    assert len(receiver.requests) == 1
    assert deliveries(db)[0].status == "delivered"


def test_a_candidates_summary_waits_for_their_judging(db, receiver):
    assessment = make(db, receiver.url)
    ada = started(db, assessment)
    judging = submit(db, ada, "running", at(290))  # sent before the end
    assessment_clock.finish(db, ada.id, now=at(300))
    waiting = deliver_due(db, KEY, now=at(301))
    assert len(waiting) == 1 and "waits" in waiting[0]
    (delivery,) = deliveries(db)
    assert (delivery.status, delivery.attempts) == ("pending", 0), "waiting counts no attempt"
    assert delivery.next_at == at(301) + webhooks.WAIT_POLL and receiver.requests == []

    with db.session() as session:
        session.get(Submission, judging).status = "accepted"
        session.commit()
    deliver_due(db, KEY, now=at(310))
    (request,) = receiver.requests
    best = json.loads(request["body"])["candidate"]["challenges"]["matmul"]
    assert (best["verdict"], best["judging"]) == ("accepted", 0), "judged after the end: counts"


def test_a_summary_waits_for_judging_no_longer_than_its_limit(db, receiver):
    assessment = make(db, receiver.url)
    ada = started(db, assessment)
    submit(db, ada, "queued", at(290))  # its worker never comes
    assessment_clock.finish(db, ada.id, now=at(300))
    limit = webhooks.WAIT_FOR_JUDGING.total_seconds()
    deliver_due(db, KEY, now=at(300 + limit - 1))
    assert receiver.requests == []
    deliver_due(db, KEY, now=at(300 + limit + webhooks.WAIT_POLL.total_seconds()))
    (request,) = receiver.requests
    best = json.loads(request["body"])["candidate"]["challenges"]["matmul"]
    assert (best["verdict"], best["judging"]) == ("judging", 1)


def test_an_assessment_without_webhook_queues_nothing(db, receiver):
    assessment = make(db, "", duration_s=60)
    ada = started(db, assessment)
    bob = started(db, assessment, "Bob")
    assert assessment_clock.finish(db, ada.id, now=at(10))
    assert assessment_clock.settle(db, now=at(86_400)) != [], "Bob's time and the window end"
    assert candidates.get_candidate(db, assessment.id, bob.id).finish_reason == "time_up"
    assert deliveries(db) == []
    assert deliver_due(db, KEY, now=at(86_400)) == [] and receiver.requests == []


def test_settle_ends_a_time_up_candidate_at_their_deadline_once(db, database_url, receiver):
    assessment = make(db, receiver.url, duration_s=60)
    ada = started(db, assessment, at=at(5))
    assert assessment_clock.settle(db, now=at(64)) == []
    assert assessment_clock.settle(db, now=at(90)) == [f"candidate {ada.id}'s time is up"]
    other = Database(database_url)
    try:
        assert assessment_clock.settle(other, now=at(95)) == [], "another worker's sweeper"
    finally:
        other.close()
    assert assessment_clock.settle(db, now=at(120)) == []
    ended = candidates.get_candidate(db, assessment.id, ada.id)
    assert (ended.finished_at, ended.finish_reason) == (at(65), "time_up"), "at the deadline"
    (delivery,) = deliveries(db)
    assert (delivery.event, delivery.candidate_id, delivery.next_at) == (
        "candidate.finished",
        ada.id,
        at(90),
    )
    assert not assessment_clock.finish(db, ada.id, now=at(121)), "a late Finish changes nothing"
    assert len(deliveries(db)) == 1


def test_closing_the_window_queues_one_assessment_summary(db, receiver):
    assessment = make(db, receiver.url, duration_s=7200, closes_at=at(3600))
    ada = started(db, assessment, at=at(60))
    submit(db, ada, "wrong_answer", at(120))
    candidates.invite(db, assessment.id, "Bob", now=at(70))  # never starts
    assert assessment_clock.settle(db, now=at(3599)) == []
    assert assessment_clock.settle(db, now=at(3600)) == [
        f"candidate {ada.id}'s time is up",
        f"assessment {assessment.id}'s window closed",
    ]
    assert assessment_clock.settle(db, now=at(3700)) == []
    events = sorted(d.event for d in deliveries(db))
    assert events == ["assessment.closed", "candidate.finished"]
    assert assessments.get_assessment(db, assessment.id).closed_at == at(3600)

    judging = submit(db, ada, "running", at(3590))  # sent before the end
    assert all("waits" in said for said in deliver_due(db, KEY, now=at(3601)))
    assert receiver.requests == [], "both summaries wait for it"
    with db.session() as session:
        session.get(Submission, judging).status = "accepted"
        session.commit()
    deliver_due(db, KEY, now=at(3610))
    closed = [r for r in receiver.requests if r["headers"]["X-Judge-Event"] == "assessment.closed"]
    (request,) = closed
    summary = json.loads(request["body"])
    assert [c["name"] for c in summary["candidates"]] == ["Ada", "Bob"]
    assert [c["state"] for c in summary["candidates"]] == ["finished", "expired"]
    assert summary["candidates"][0]["challenges"]["matmul"]["verdict"] == "accepted"
    assert summary["candidates"][0]["challenges"]["matmul"]["attempts"] == 2
    assert "candidate" not in summary


def test_the_sweeper_settles_and_delivers_and_outlives_a_failure(
    db, database_url, receiver, tmp_path, monkeypatch
):
    settings = Settings.load({}, data_dir=tmp_path, database_url=database_url)
    sweeper = Sweeper(create_celery(settings), settings)
    now = utcnow()
    assessment = assessments.create_assessment(
        db,
        KNOWN,
        title="Sweep",
        challenges=["matmul"],
        duration_s=60,
        opens_at=now - dt.timedelta(hours=1),
        webhook_url=receiver.url,
        now=now - dt.timedelta(hours=1),
    )
    ada, _ = candidates.invite(db, assessment.id, "Ada", now=now - dt.timedelta(minutes=5))
    assessment_clock.start(db, ada.id, now=now - dt.timedelta(minutes=5))  # up 4 minutes ago
    try:
        assert sweeper.sweep() == []
        assert candidates.get_candidate(db, assessment.id, ada.id).finish_reason == "time_up"
        (request,) = receiver.requests
        headers = request["headers"]
        secret = webhook_secret(settings.secret_key, assessment.id)
        assert verify(
            secret, headers["X-Judge-Timestamp"], request["body"], headers["X-Judge-Signature"]
        )

        def broken(*_, **__):
            raise RuntimeError("the database went away")

        bob, _ = candidates.invite(db, assessment.id, "Bob")
        assessment_clock.start(db, bob.id)
        assessment_clock.finish(db, bob.id)
        monkeypatch.setattr(assessment_clock, "settle", broken)
        assert sweeper.sweep() == [], "a failure to settle is logged, not raised"
        assert len(receiver.requests) == 2, "and the deliveries still go"
        monkeypatch.setattr(webhooks, "deliver_due", broken)
        assert sweeper.sweep() == []
    finally:
        sweeper.db.close()
