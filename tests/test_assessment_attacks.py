"""A hostile reviewer's attacks on the assessments: each test is one way a candidate, another
candidate, an anonymous visitor or an operator's malformed input tried to get more than the
rules allow (more feedback than the policy, a server error, a hanging webhook), and what the
judge answers instead. The real app with a real Redis and database."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import socket
import threading
import time

import pytest

from api import create_app
from judge import assessments, candidates, webhooks
from judge.users import add_user
from workers.queue import events_channel

pytestmark = pytest.mark.services

SOURCE = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return A @ B\n"


@pytest.fixture
def app(tmp_path, redis_server):
    redis_url = redis_server.rsplit("/", 1)[0] + "/13"  # no task for the suite's workers
    return create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_url,
            "submissions_per_minute": 0,
            "max_waiting_submissions": 0,
        }
    )


@pytest.fixture
def db(app):
    return app.extensions["judge"].db


def csrf_of(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def started(app, db, feedback="full"):
    """A candidate who opened their link and pressed Start: their browser and its CSRF token."""
    assessment = assessments.create_assessment(
        db, ["matmul", "knn"], title="T", challenges=["matmul"], duration_s=3600, feedback=feedback
    )
    _candidate, code = candidates.invite(db, assessment.id, "Ada")
    client = app.test_client()
    client.post("/invite", data={"code": code, "csrf": csrf_of(client.get("/invite").text)})
    csrf = csrf_of(client.get("/interview").text)
    assert client.post("/interview/start", data={"csrf": csrf}).status_code == 303
    return client, csrf


def test_under_none_the_event_stream_ends_at_received(app, db, monkeypatch):
    """Under ``none`` a candidate is told "received", final, and nothing more: the stream must
    end there, not go on relaying one "received" per progress event of the worker (how many
    came, and when, would tell how far the judging got: the timing phase only follows a
    correct answer)."""
    monkeypatch.setattr("api.events.STREAM_S", 2.0)  # a stream left open ends soon all the same
    monkeypatch.setattr("api.events.KEEPALIVE_S", 0.5)
    client, csrf = started(app, db, "none")
    made = client.post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers={"X-CSRF-Token": csrf}
    )
    submission_id = made.json["id"]
    answer = client.get(f"/submissions/{submission_id}/events", buffered=False)
    assert answer.status_code == 200
    chunks = iter(answer.response)
    first = json.loads(next(chunks).decode().removeprefix("data: "))
    assert first == {"id": submission_id, "status": "received", "final": True}
    redis = app.extensions["judge"].redis
    progress = {"id": submission_id, "status": "running", "phase": "timing", "case": 1}
    redis.publish(events_channel(submission_id), json.dumps(progress))
    assert list(chunks) == []  # the stream ended with the final event
    answer.close()


def admin_browser(app, db):
    """An operator logged in to the pages: their browser and its CSRF token."""
    token = add_user(db, "operator", admin=True)[1]
    client = app.test_client()
    client.post("/login", data={"token": token, "csrf": csrf_of(client.get("/login").text)})
    return client, csrf_of(client.get("/assessments").text)


@pytest.mark.parametrize("minutes", ["1e308", "-1e308", "1e307"])
def test_a_duration_too_big_for_seconds_is_a_mistake_in_the_form(app, db, minutes):
    """A finite number of minutes whose seconds are not (round() of an infinity raises) is the
    form's mistake, said on the form, not a server error."""
    client, csrf = admin_browser(app, db)
    form = {"title": "T", "challenges": "matmul", "duration_min": minutes, "feedback": "full"}
    answer = client.post("/assessments", data={**form, "csrf": csrf})
    assert answer.status_code == 400
    assert "the duration is" in answer.text


class Dripper:
    """A receiver on the loopback that answers a byte at a time, a byte every ``every_s``, for
    ``for_s`` seconds: each read is quick, the answer never whole."""

    def __init__(self, every_s: float = 0.1, for_s: float = 15.0) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/hook"
        self.every_s, self.for_s = every_s, for_s
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            connection, _ = self.server.accept()
            with connection:
                connection.recv(65536)
                ends = time.monotonic() + self.for_s
                answer = itertools.cycle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 60000)
                while time.monotonic() < ends:
                    connection.sendall(bytes([next(answer)]))
                    time.sleep(self.every_s)

    def close(self) -> None:
        self.server.close()


def test_a_webhook_that_answers_a_byte_at_a_time_is_cut_off_at_the_limit(monkeypatch):
    """The sweeper (which also sends lost submissions again) posts the webhook: a receiver
    that keeps each read under the socket's timeout must still not hold it past the POST's
    limit."""
    monkeypatch.setattr(webhooks, "TIMEOUT_S", 1.0)
    dripper = Dripper()
    began = time.monotonic()
    try:
        with pytest.raises(TimeoutError, match="no whole answer within 1 s"):
            webhooks.post_json(dripper.url, b"{}", {"Content-Type": "application/json"})
    finally:
        dripper.close()
    assert time.monotonic() - began < 5


def test_the_answer_that_shows_an_invitation_code_is_kept_by_no_cache(app, db):
    """The code is shown once: the page and the API answer holding it say ``no-store``, so no
    cache, and no browser's back button, keeps it."""
    assessment = assessments.create_assessment(
        db, ["matmul"], title="T", challenges=["matmul"], duration_s=3600
    )
    client, csrf = admin_browser(app, db)
    form = {"name": "Ada", "csrf": csrf}
    page = client.post(f"/assessments/{assessment.id}/candidates", data=form)
    assert page.status_code == 201 and "/invite#" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    token = add_user(db, "second-operator", admin=True)[1]
    answer = app.test_client().post(
        f"/api/v1/assessments/{assessment.id}/candidates",
        json={"name": "Bob"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201 and answer.json["code"]
    assert answer.headers["Cache-Control"] == "no-store"
