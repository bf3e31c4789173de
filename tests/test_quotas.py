"""Each user's quotas: submissions per minute and submissions waiting at once, answered with 429
and ``Retry-After``; the ``judge`` command says when to try again. Admins are exempt."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from api import create_app
from judge.cli import Exit, main
from judge.storage import Database, Submission
from judge.users import add_user
from tests.conftest import free_port

pytestmark = pytest.mark.services

SOURCE = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return A @ B\n"


def make_app(tmp_path, redis_server, per_minute: int, waiting: int):
    return create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_server,
            "submissions_per_minute": per_minute,
            "max_waiting_submissions": waiting,
        }
    )


def submit(client, token: str):
    return client.post(
        "/api/v1/submissions",
        json={"challenge": "matmul", "source": SOURCE},
        headers={"Authorization": f"Bearer {token}"},
    )


def stored(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Submission))


def test_waiting_submissions_are_capped_until_one_has_its_verdict(tmp_path, redis_server):
    app = make_app(tmp_path, redis_server, per_minute=0, waiting=2)
    db = app.extensions["judge"].db
    _, token = add_user(db, "alice")
    client = app.test_client()
    assert [submit(client, token).status_code for _ in range(2)] == [202, 202]

    refused = submit(client, token)
    assert refused.status_code == 429
    assert "2 of your submissions are still waiting" in refused.json["error"]
    assert int(refused.headers["Retry-After"]) > 0
    assert stored(db) == 2  # a refused request stores nothing

    with db.session() as session:  # one gets its verdict
        first = session.scalar(select(func.min(Submission.id)))
        session.execute(update(Submission).where(Submission.id == first).values(status="accepted"))
        session.commit()
    assert submit(client, token).status_code == 202


def test_the_rate_is_per_minute_and_says_when_to_try_again(tmp_path, redis_server):
    app = make_app(tmp_path, redis_server, per_minute=3, waiting=0)
    db = app.extensions["judge"].db
    _, token = add_user(db, "bob")
    _, other = add_user(db, "carol")
    client = app.test_client()
    assert [submit(client, token).status_code for _ in range(3)] == [202, 202, 202]
    refused = submit(client, token)
    assert refused.status_code == 429, refused.json
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60 and f"try again in {wait} s" in refused.json["error"]
    assert submit(client, other).status_code == 202  # a quota is each user's own

    with db.session() as session:  # a minute later, the first three are out of the window
        earlier = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=61)
        session.execute(update(Submission).values(created_at=earlier))
        session.commit()
    assert submit(client, token).status_code == 202


def test_admins_are_exempt(tmp_path, redis_server):
    app = make_app(tmp_path, redis_server, per_minute=1, waiting=1)
    _, token = add_user(app.extensions["judge"].db, "root", admin=True)
    client = app.test_client()
    assert {submit(client, token).status_code for _ in range(4)} == {202}


def test_the_command_says_when_to_try_again(tmp_path, redis_server):
    from werkzeug.serving import make_server

    app = make_app(tmp_path, redis_server, per_minute=1, waiting=0)
    _, token = add_user(app.extensions["judge"].db, "dave")
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        solution = tmp_path / "solution.py"
        solution.write_text(SOURCE)
        env = {
            "JUDGE_URL": f"http://127.0.0.1:{server.server_port}",
            "JUDGE_TOKEN": token,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        }
        args = ["submit", "matmul", str(solution), "--no-wait"]
        first = CliRunner().invoke(main, args, env=env)
        assert first.exit_code == 0, first.output
        again = CliRunner().invoke(main, args, env=env)
        assert again.exit_code == Exit.QUOTA, again.output
        assert again.stderr.startswith("Error: not now: ") and "try again in" in again.stderr
        assert len(again.stderr.strip().splitlines()) == 1
    finally:
        server.shutdown()


def test_both_quotas_are_counted_in_one_query_on_either_database(database_url):
    """The quotas' counts, read in one query on every POST: the minute's submissions (and the
    oldest of them, for when to try again) and those still waiting, of this user alone."""
    from judge import quotas
    from judge.config import Settings
    from judge.submissions import create_submission

    db = Database(database_url)
    try:
        now = dt.datetime(2026, 12, 6, 12, 0, 0)
        (ada, _), (bob, _) = add_user(db, "ada"), add_user(db, "bob")
        for user, age_s, status in [
            (ada, 90, "accepted"),  # before the minute, judged
            (ada, 40, "queued"),
            (ada, 10, "accepted"),
            (bob, 5, "queued"),
        ]:
            made = create_submission(db, user, "matmul", SOURCE)
            with db.session() as session:
                session.execute(
                    update(Submission)
                    .where(Submission.id == made.id)
                    .values(created_at=now - dt.timedelta(seconds=age_s), status=status)
                )
                session.commit()
        limits = Settings.load({}, submissions_per_minute=2, max_waiting_submissions=1)
        refused = quotas.refusal(db, ada, limits, now)
        assert refused is not None and refused.retry_after_s == 20  # the 40 s old one's minute
        assert refused.message.startswith("2 submissions in the last minute")
        waiting = Settings.load({}, submissions_per_minute=3, max_waiting_submissions=1)
        refused = quotas.refusal(db, ada, waiting, now)
        assert refused is not None and refused.message.startswith("1 of your submissions")
        roomy = Settings.load({}, submissions_per_minute=3, max_waiting_submissions=2)
        assert quotas.refusal(db, ada, roomy, now) is None
        # Ada's are not Bob's: one in his minute, one waiting.
        both = Settings.load({}, submissions_per_minute=2, max_waiting_submissions=2)
        assert quotas.refusal(db, ada, both, now) is not None
        assert quotas.refusal(db, bob, both, now) is None
    finally:
        db.close()
