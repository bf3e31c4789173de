"""The candidate's side of an assessment on the server: the invitation (its code only in the
link's fragment, posted by the page), Start, the workspace's routes gated by the server's clock,
the feedback policy on the submission pages and streams, the privacy of candidates' submissions,
and a revoked invitation. The real app with a real Redis and database; the clock is moved by
changing the stored start, never by sleeping."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import update

from api import create_app
from judge import assessment_feedback, assessments, candidates
from judge.storage import Candidate, CaseResultRow, Submission, User, utcnow
from judge.users import add_user
from judge.verdicts import Verdict

pytestmark = pytest.mark.services

SOURCE = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return A @ B  # SECRET-7\n"


@pytest.fixture
def app(tmp_path, redis_server):
    redis_url = redis_server.rsplit("/", 1)[0] + "/11"  # no task for the suite's workers
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


def make_assessment(db, feedback="full", challenges=("matmul", "knn"), duration_s=3600):
    return assessments.create_assessment(
        db,
        ["matmul", "knn", "dropout"],
        title="ML interview",
        challenges=list(challenges),
        duration_s=duration_s,
        intro="Welcome. *Good luck.*",
        feedback=feedback,
    )


def csrf_of(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def opened(app, code: str):
    """A browser that opened its invitation: the page's script posts the code with the form's
    CSRF token. Returns the client and the CSRF token of its session."""
    client = app.test_client()
    page = client.get("/invite")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    answer = client.post("/invite", data={"code": code, "csrf": csrf_of(page.text)})
    assert answer.status_code == 303, answer.text
    assert answer.headers["Location"].endswith("/interview")
    return client, csrf_of(client.get("/interview").text)


def started(app, db, feedback="full"):
    assessment = make_assessment(db, feedback)
    candidate, code = candidates.invite(db, assessment.id, "Ada Lovelace")
    client, csrf = opened(app, code)
    assert client.post("/interview/start", data={"csrf": csrf}).status_code == 303
    return assessment, candidate, client, csrf


def headers(csrf: str) -> dict[str, str]:
    return {"X-CSRF-Token": csrf}


def test_an_invitation_opens_the_assessment_and_start_starts_the_clock(app, db):
    assessment = make_assessment(db)
    candidate, code = candidates.invite(db, assessment.id, "Ada Lovelace")
    client, csrf = opened(app, code)
    page = client.get("/interview").text
    assert "ML interview" in page and "<em>Good luck.</em>" in page
    assert 'id="start-button"' in page and "Ada Lovelace" in page
    assert 'id="clock"' not in page  # not started: no clock runs
    # Before Start: no statement, no saving, no submitting.
    assert client.get("/interview/matmul").status_code == 303
    refused = client.put("/challenges/matmul/draft", json={"source": SOURCE}, headers=headers(csrf))
    assert refused.status_code == 403 and "not started" in refused.json["error"]

    assert client.post("/interview/start", data={"csrf": csrf}).status_code == 303
    page = client.get("/interview").text
    left = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 3590 <= left <= 3600
    assert 'id="finish-button"' in page
    workspace = client.get("/interview/matmul")
    assert workspace.status_code == 200
    assert 'id="workspace"' in workspace.text and 'data-read-only="false"' in workspace.text
    assert "def matrix_multiplication" in workspace.text  # the starter, for the editor
    # A second Start (another tab) does not restart the clock.
    first = candidates.get_candidate(db, assessment.id, candidate.id).started_at
    client.post("/interview/start", data={"csrf": csrf})
    assert candidates.get_candidate(db, assessment.id, candidate.id).started_at == first


def test_a_wrong_or_revoked_code_opens_nothing_and_says_so(app, db):
    assessment = make_assessment(db)
    candidate, code = candidates.invite(db, assessment.id, "Ada")
    client = app.test_client()
    csrf = csrf_of(client.get("/invite").text)
    wrong = client.post("/invite", data={"code": code[:-2] + "xx", "csrf": csrf})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    assert client.get("/interview").status_code == 401
    # Without the form's CSRF token, even the right code is refused.
    assert app.test_client().post("/invite", data={"code": code}).status_code == 400

    client, csrf = opened(app, code)
    candidates.revoke(db, assessment.id, candidate.id)
    assert client.get("/interview").status_code == 401  # logged out by the next request
    again = app.test_client()
    refused = again.post("/invite", data={"code": code, "csrf": csrf_of(again.get("/invite").text)})
    assert refused.status_code == 401


def test_a_candidate_submits_only_their_challenges_and_only_in_their_time(app, db):
    _assessment, candidate, client, csrf = started(app, db)
    saved = client.put("/challenges/matmul/draft", json={"source": SOURCE}, headers=headers(csrf))
    assert saved.status_code == 200
    made = client.post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers=headers(csrf)
    )
    assert made.status_code == 202, made.text
    other = client.post(
        "/challenges/dropout/submissions", json={"source": SOURCE}, headers=headers(csrf)
    )
    assert other.status_code == 403 and "not one of this assessment" in other.json["error"]
    # A public challenge page sends a candidate to their assessment, with no workspace.
    public = client.get("/challenges/dropout").text
    assert 'id="workspace"' not in public and "/interview" in public

    # The time runs out (the stored start moved back past the duration).
    with db.session() as session:
        session.execute(
            update(Candidate)
            .where(Candidate.id == candidate.id)
            .values(started_at=utcnow() - dt.timedelta(seconds=3601))
        )
        session.commit()
    late = client.post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers=headers(csrf)
    )
    assert late.status_code == 403 and "time is up" in late.json["error"]
    for method, path in (("put", "draft"), ("post", "examples")):
        answer = getattr(client, method)(
            f"/challenges/matmul/{path}", json={"source": SOURCE}, headers=headers(csrf)
        )
        assert answer.status_code == 403 and "time is up" in answer.json["error"], path
    # The draft is still readable; the page is read-only and says what was recorded.
    assert client.get("/challenges/matmul/draft").json["source"] == SOURCE
    page = client.get("/interview/matmul").text
    assert 'data-read-only="true"' in page and 'id="time-up"' in page
    assert f"Submission {made.json['id']}" in page
    assert 'id="time-up"' in client.get("/interview").text
    assert 'id="clock"' not in page


def judged(db, submission_id: int) -> None:
    """The submission judged as wrong on its second case, with a message that quotes its
    output, and scored as a leaderboard would rank it."""
    with db.session() as session:
        row = session.get(Submission, submission_id)
        row.status = Verdict.WRONG_ANSWER.value
        row.message = "case hidden-2: expected 3.0, got 4.0 (SECRET-MESSAGE)"
        row.finished_at = utcnow()
        for position, verdict in enumerate(("accepted", "wrong_answer")):
            session.add(
                CaseResultRow(
                    submission_id=submission_id,
                    position=position,
                    name=f"case-{position}",
                    verdict=verdict,
                    message="expected 3.0, got 4.0 (SECRET-MESSAGE)" if position else "",
                    public=False,
                )
            )
        session.commit()


@pytest.mark.parametrize("feedback", ["full", "verdicts", "none"])
def test_the_feedback_policy_is_what_the_candidate_sees(app, db, feedback):
    _assessment, _candidate, client, csrf = started(app, db, feedback)
    made = client.post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers=headers(csrf)
    )
    submission_id = made.json["id"]
    judged(db, submission_id)
    page = client.get(f"/submissions/{submission_id}").text
    live = client.get(f"/submissions/{submission_id}/live").text
    for text in (page, live):
        assert ("SECRET-MESSAGE" in text) == (feedback == "full")
        assert ("wrong answer" in text) == (feedback != "none")
        assert ('id="cases"' in text) == (feedback != "none")
    if feedback == "none":
        assert "received" in live and 'data-final="true"' in live
    # The candidate's own source is theirs to see; the live events come from the page's route.
    assert "SECRET-7" in page
    assert f'data-events="/submissions/{submission_id}/events"' in live
    # The operator sees everything.
    admin = add_user(db, "operator", admin=True)[1]
    full = app.test_client().get(
        f"/api/v1/submissions/{submission_id}", headers={"Authorization": f"Bearer {admin}"}
    )
    assert full.status_code == 200 and "SECRET-MESSAGE" in json.dumps(full.json)


def test_a_progress_event_says_no_more_than_the_policy(app):
    event = {"id": 4, "status": "running", "case": 2, "cases_total": 9, "message": "x", "log": "y"}
    assert assessment_feedback.feedback_event(event, "full") == event
    assert assessment_feedback.feedback_event(event, "verdicts") == {
        "id": 4,
        "status": "running",
        "case": 2,
        "cases_total": 9,
    }
    assert assessment_feedback.feedback_event(event, "none") == {
        "id": 4,
        "status": "received",
        "final": True,
    }


def test_a_candidates_submission_is_theirs_and_the_operators_alone(app, db):
    _assessment, candidate, client, csrf = started(app, db)
    made = client.post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers=headers(csrf)
    )
    submission_id = made.json["id"]
    # Accepted and scored: it would rank first on the public board were it anyone's.
    with db.session() as session:
        row = session.get(Submission, submission_id)
        row.status, row.score, row.median_ms, row.finished_at = "accepted", 0.5, 1.0, utcnow()
        session.commit()
    _, other_code = candidates.invite(db, make_assessment(db).id, "Bob")
    other, _ = opened(app, other_code)
    stranger_token = add_user(db, "stranger")[1]
    anonymous = app.test_client()
    for who in (anonymous, other):
        for path in ("", "/live", "/events"):
            assert who.get(f"/submissions/{submission_id}{path}").status_code == 404, path
    for auth in ({}, {"Authorization": f"Bearer {stranger_token}"}):
        for path in ("", "/events"):
            answer = anonymous.get(f"/api/v1/submissions/{submission_id}{path}", headers=auth)
            assert answer.status_code == 404, path
    board = anonymous.get("/challenges/matmul").text
    assert "Ada" not in board and f"/submissions/{submission_id}" not in board
    assert "SECRET-7" not in anonymous.get("/").text
    with db.session() as session:
        user_name = session.get(User, candidate.user_id).name
    assert anonymous.get(f"/users/{user_name}").status_code == 404  # no public page
