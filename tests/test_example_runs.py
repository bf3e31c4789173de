"""Runs of a challenge's public examples (the workspace's Run examples), short of a worker: the
store on SQLite and PostgreSQL (kept apart from submissions, each user's newest kept, given up
when their worker goes silent, gone with their user, migration 0009), and the routes through the
real app and Redis: the API's and the page's, their owner only, their own rate limit, never a
submission. tests/test_example_runs_judged.py judges them on the stack's worker."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from api import create_app
from judge import example_runs
from judge.case_grading import CaseResult
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.example_runs import create_run, fail_abandoned, get_run
from judge.grading import Judgement
from judge.judging_service import JudgingService
from judge.storage import Database, ExampleRunRow, Submission
from judge.subprocess_sandbox import SubprocessSandbox
from judge.users import add_user, remove_user
from judge.verdicts import Verdict
from tests.test_workspace import SOURCE, bearer, logged_in
from workers.queue import create_celery, example_run_channel
from workers.sweeper import Sweeper

ROOT = Path(__file__).resolve().parent.parent


def judged(verdict: Verdict = Verdict.WRONG_ANSWER) -> Judgement:
    cases = [
        CaseResult("2x2", Verdict.ACCEPTED, public=True),
        CaseResult("3x1", verdict, "max abs error 1 at (0, 0)", public=True),
    ]
    return Judgement(verdict, "3x1: max abs error 1 at (0, 0)", cases, log="hello\n")


def test_a_run_is_claimed_once_recorded_and_read(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    run_id = create_run(db, ada, "matmul", SOURCE)
    assert get_run(db, run_id).status == "queued"
    assert example_runs.claim(db, run_id) is not None
    assert example_runs.claim(db, run_id) is None, "a task sent twice runs it once"
    assert example_runs.beat(db, run_id)
    assert example_runs.record(db, run_id, judged())
    assert not example_runs.record(db, run_id, judged(Verdict.ACCEPTED)), "final stays final"
    run = get_run(db, run_id)
    assert (run.status, run.final, run.log) == ("wrong_answer", True, "hello\n")
    assert [(c["name"], c["verdict"]) for c in run.cases] == [
        ("2x2", "accepted"),
        ("3x1", "wrong_answer"),
    ]
    assert run.cases[1]["message"] == "max abs error 1 at (0, 0)"
    assert not example_runs.beat(db, run_id), "no beat for a final run"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_each_user_keeps_their_newest_runs(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    bob, _ = add_user(db, "bob")
    bobs = create_run(db, bob, "matmul", "bob's")
    made = [create_run(db, ada, "matmul", f"run {n}", keep=3) for n in range(5)]
    with db.session() as session:
        kept = session.scalars(select(ExampleRunRow.id).where(ExampleRunRow.user_id == ada.id))
        assert sorted(kept) == made[-3:]
    assert get_run(db, bobs) is not None, "another user's runs are theirs"


def test_runs_per_minute_are_limited_apart_from_submissions(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    root, _ = add_user(db, "root", admin=True)
    settings = Settings.load({}, example_runs_per_minute=2)
    for _ in range(2):
        assert example_runs.refusal(db, ada, settings) is None
        create_run(db, ada, "matmul", SOURCE)
        create_run(db, root, "matmul", SOURCE)
    refused = example_runs.refusal(db, ada, settings)
    assert refused is not None and "the most is 2" in refused.message
    assert 0 < refused.retry_after_s <= 60
    later = example_runs.utcnow() + dt.timedelta(seconds=61)
    assert example_runs.refusal(db, ada, settings, now=later) is None
    assert example_runs.refusal(db, root, settings) is None, "admins are exempt"
    unlimited = Settings.load({}, example_runs_per_minute=0)
    assert example_runs.refusal(db, ada, unlimited) is None


def test_a_run_whose_worker_went_silent_is_given_up_not_lost(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    silent, fresh, waiting = (create_run(db, ada, "matmul", SOURCE) for _ in range(3))
    example_runs.claim(db, silent)
    example_runs.claim(db, fresh)
    now = example_runs.utcnow()
    assert fail_abandoned(db, 15, now) == []
    later = now + dt.timedelta(seconds=20)
    example_runs.beat(db, fresh)
    with db.session() as session:  # the fresh one's worker beat just now, by a later clock
        session.get(ExampleRunRow, fresh).touched_at = later
        session.commit()
    assert fail_abandoned(db, 15, later) == [silent]
    run = get_run(db, silent)
    assert run.status == "internal_error" and "run the examples again" in run.message
    assert not example_runs.record(db, silent, judged()), "the worker's late result is dropped"
    much_later = now + example_runs.QUEUED_AT_MOST + dt.timedelta(seconds=1)
    assert waiting in fail_abandoned(db, 3600, much_later)
    assert "waited too long" in get_run(db, waiting).message


def test_a_users_runs_go_with_them(database_url):
    db = Database(database_url)
    ada, _ = add_user(db, "ada")
    run_id = create_run(db, ada, "matmul", SOURCE)
    assert remove_user(db, "ada") == 0
    assert get_run(db, run_id) is None


def test_migration_0009_adds_example_runs_to_a_database_in_use_and_takes_them_back(database_url):
    from alembic import command
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.orm import Session

    from judge.schema import alembic_config
    from judge.storage import User

    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0008")
        assert "example_runs" not in inspect(engine).get_table_names()
        with Session(engine) as session:
            session.add(User(name="ada", token_hash="0" * 64))
            session.commit()
        db = Database(database_url)
        with db.session() as session:
            ada = session.scalars(select(User).where(User.name == "ada")).one()
        run_id = create_run(db, ada, "matmul", SOURCE)
        assert get_run(db, run_id).source == SOURCE
        db.close()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0008")
        names = inspect(engine).get_table_names()
        assert "example_runs" not in names and "drafts" in names
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(User)) == 1
    finally:
        engine.dispose()


def test_the_limit_is_documented_with_its_default():
    """docs/operations.md's settings table names the setting and its default."""
    table = (ROOT / "docs" / "operations.md").read_text()
    row = re.search(r"^\| `JUDGE_EXAMPLE_RUNS_PER_MINUTE` \| `(\d+)` \|", table, re.M)
    assert row is not None, "no row for JUDGE_EXAMPLE_RUNS_PER_MINUTE"
    assert int(row.group(1)) == Settings().example_runs_per_minute


# The routes, through the real app and Redis (no worker takes the tasks).

API_RUN = "/api/v1/challenges/matmul/examples"
PAGE_RUN = "/challenges/matmul/examples"


@pytest.fixture
def app(tmp_path, redis_server):
    redis_url = redis_server.rsplit("/", 1)[0] + "/10"
    return create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_url,
            "example_runs_per_minute": 2,
            "submissions_per_minute": 1,
        }
    )


@pytest.fixture
def tokens(app) -> dict[str, str]:
    db = app.extensions["judge"].db
    return {name: add_user(db, name)[1] for name in ("ada", "bob")}


def submissions(app) -> int:
    with app.extensions["judge"].db.session() as session:
        return session.scalar(select(func.count()).select_from(Submission))


@pytest.mark.services
def test_a_run_started_from_the_api_and_the_page_is_its_owners_alone(app, tokens):
    api = app.test_client()
    made = api.post(API_RUN, json={"source": SOURCE}, headers=bearer(tokens["ada"]))
    assert made.status_code == 202, made.text
    assert made.json["status"] == "queued"
    assert made.headers["Location"] == made.json["url"] == f"/api/v1/example-runs/{made.json['id']}"
    shown = api.get(made.json["url"], headers=bearer(tokens["ada"]))
    assert shown.status_code == 200
    assert shown.json["status"] == "queued" and shown.json["counted"] is False
    assert api.get(made.json["url"], headers=bearer(tokens["bob"])).status_code == 404
    assert api.get(made.json["url"] + "/events", headers=bearer(tokens["bob"])).status_code == 404
    assert api.get(made.json["url"]).status_code == 401
    browser, csrf = logged_in(app, tokens["ada"])
    page = browser.post(PAGE_RUN, json={"source": SOURCE}, headers={"X-CSRF-Token": csrf})
    assert page.status_code == 202, page.text
    assert page.json["url"] == f"/challenges/matmul/examples/{page.json['id']}"
    assert browser.get(page.json["url"]).json["id"] == page.json["id"]
    assert browser.get(f"/challenges/matmul/examples/{made.json['id']}").status_code == 200
    assert browser.get(f"/challenges/relu/examples/{made.json['id']}").status_code == 404
    other, _ = logged_in(app, tokens["bob"])
    for path in (page.json["url"], page.json["url"] + "/events"):
        answer = other.get(path)
        assert answer.status_code == 404 and answer.is_json, path
    anonymous = app.test_client().get(page.json["url"])
    assert anonymous.status_code == 401 and anonymous.is_json
    assert browser.post(PAGE_RUN, json={"source": SOURCE}).status_code == 403, "no CSRF token"
    assert submissions(app) == 0, "a run is no submission"


@pytest.mark.services
def test_runs_have_their_own_limit_answered_429_with_retry_after(app, tokens):
    api = app.test_client()
    browser, csrf = logged_in(app, tokens["ada"])
    first = api.post(API_RUN, json={"source": SOURCE}, headers=bearer(tokens["ada"]))
    assert first.status_code == 202
    page = {"json": {"source": SOURCE}, "headers": {"X-CSRF-Token": csrf}}
    assert browser.post(PAGE_RUN, **page).status_code == 202
    refused = browser.post(PAGE_RUN, **page)
    assert refused.status_code == 429 and refused.is_json
    assert "runs of the examples in the last minute; the most is 2" in refused.json["error"]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    again = api.post(API_RUN, json={"source": SOURCE}, headers=bearer(tokens["ada"]))
    assert again.status_code == 429 and again.headers["Retry-After"]
    other = api.post(API_RUN, json={"source": SOURCE}, headers=bearer(tokens["bob"]))
    assert other.status_code == 202, "each user has their own"
    submitted = {"challenge": "matmul", "source": SOURCE}
    answer = api.post("/api/v1/submissions", json=submitted, headers=bearer(tokens["ada"]))
    assert answer.status_code == 202, "runs take nothing from the submissions' quota"


@pytest.mark.services
def test_a_refused_run_stores_nothing(app, tokens):
    api = app.test_client()
    auth = bearer(tokens["ada"])
    huge = "#" * (app.extensions["judge"].settings.max_source_bytes + 1)
    assert api.post(API_RUN, json={"source": huge}, headers=auth).status_code == 413
    assert api.post(API_RUN, json={}, headers=auth).status_code == 400
    unknown = api.post("/api/v1/challenges/nope/examples", json={"source": "x"}, headers=auth)
    assert unknown.status_code == 404
    assert api.post(API_RUN, json={"source": SOURCE}).status_code == 401
    with app.extensions["judge"].db.session() as session:
        assert session.scalar(select(func.count()).select_from(ExampleRunRow)) == 0


STALE_S = 2.0


@pytest.mark.services
def test_the_sweeper_ends_a_silent_run_and_tells_its_watchers(tmp_path, redis_server):
    """A worker that died mid-run: the sweeper's next pass ends the run as ``internal_error``
    (not sent again), and its page's stream hears the final event."""
    redis_url = redis_server.rsplit("/", 1)[0] + "/11"
    settings = Settings.load({}, data_dir=tmp_path, redis_url=redis_url, stale_after_s=STALE_S)
    sweeper = Sweeper(create_celery(settings), settings)
    ada, _ = add_user(sweeper.db, "ada")
    run_id = create_run(sweeper.db, ada, "matmul", SOURCE)
    example_runs.claim(sweeper.db, run_id)
    watcher = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    watcher.subscribe(example_run_channel(run_id))
    try:
        assert sweeper.sweep() == [], "nothing of it is sent again"
        assert get_run(sweeper.db, run_id).status == "running", "its worker beat just now"
        time.sleep(STALE_S + 0.2)
        sweeper.sweep()
        assert get_run(sweeper.db, run_id).status == "internal_error"
        message = None
        for _ in range(50):
            message = watcher.get_message(timeout=0.1)
            if message is not None:
                break
        assert message is not None, "the watchers are told"
        assert json.loads(message["data"]) == {
            "id": run_id,
            "status": "internal_error",
            "final": True,
        }
    finally:
        watcher.close()


WRONG_ON_A_VECTOR = (
    "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n"
    "    return A @ B if A.ndim == 2 else B[0]\n"
)


def test_the_service_judges_the_public_examples_only_and_says_each_step(tmp_path):
    """The worker's side, with the runner in a subprocess (judge test's) in place of Docker:
    only the public examples, each one's verdict and message, the progress on the run's own
    publisher (none on the submissions'), and the final event once recorded."""
    settings = Settings.load({}, data_dir=tmp_path)
    db = Database(settings.database)
    ada, _ = add_user(db, "ada")
    runs, submissions_told = [], []
    service = JudgingService(
        settings,
        db,
        ChallengeRepository(settings.challenges_dir),
        SubprocessSandbox(),
        publish=submissions_told.append,
        publish_run=runs.append,
    )
    run_id = create_run(db, ada, "matmul", WRONG_ON_A_VECTOR)
    assert service.run_examples(run_id) == "wrong_answer"
    assert service.run_examples(run_id) is None, "judged once"
    run = get_run(db, run_id)
    assert [(c["name"], c["verdict"]) for c in run.cases] == [
        ("example-2x3-by-3x2", "accepted"),
        ("example-square-floats", "accepted"),
        ("example-vector-by-matrix", "wrong_answer"),
        ("example-incompatible-shapes", "accepted"),
    ]
    assert run.cases[2]["message"] and run.message
    assert submissions_told == []
    assert runs[-1] == {"id": run_id, "status": "wrong_answer", "final": True}
    assert {e["cases_total"] for e in runs if "case" in e} == {4}
    syntax = create_run(db, ada, "matmul", "def matrix_multiplication(A, B)\n")
    assert service.run_examples(syntax) == "invalid_submission"
    assert "syntax error" in get_run(db, syntax).message
