"""The submission life cycle with a real database and the real sandbox: idempotent judging,
infrastructure faults as internal_error, an engine that is away as a wait, and what the sweeper
looks for."""

from __future__ import annotations

import pytest

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.judging_service import JudgingService
from judge.storage import Database
from judge.submissions import (
    claim,
    create_submission,
    get_submission,
    heartbeat,
    mark_queued,
    queued_since,
    record,
    silent_running,
)
from judge.users import add_user, authenticate
from tests import sources
from tests.helpers import backdate


@pytest.fixture
def sandbox(runner_image):
    with DockerSandbox(runner_image) as sandbox:
        yield sandbox


@pytest.fixture
def world(tmp_path, database_url):
    settings = Settings.load({}, data_dir=tmp_path, database_url=database_url)
    db = Database(settings.database)
    user, token = add_user(db, "alice")
    return settings, db, ChallengeRepository(settings.challenges_dir), user, token


def judging(world, sandbox, **options) -> JudgingService:
    settings, db, challenges, _, _ = world
    return JudgingService(settings, db, challenges, sandbox, **options)


def test_tokens_are_stored_hashed(world):
    _, db, _, user, token = world
    assert authenticate(db, token).name == "alice"
    assert authenticate(db, token + "x") is None and authenticate(db, "") is None
    with db.session() as session:
        stored = session.get(type(user), user.id).token_hash
    assert token not in stored and len(stored) == 64


@pytest.mark.parametrize("name", ["", "a b", "<script>", "x" * 65, "-lead"])
def test_bad_user_names_are_refused(world, name):
    with pytest.raises(ValueError):
        add_user(world[1], name)


def test_duplicate_user_is_refused(world):
    with pytest.raises(ValueError, match="already exists"):
        add_user(world[1], "alice")


@pytest.mark.docker
def test_judging_twice_stores_one_result(world, sandbox):
    _, db, challenges, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    events = []
    assert judging(world, sandbox, publish=events.append).judge(submission.id) == "accepted"
    assert judging(world, sandbox).judge(submission.id) is None
    stored = get_submission(db, submission.id)
    assert stored.status == "accepted" and stored.attempts == 1
    assert len(stored.cases) == len(challenges.get("matmul").cases())
    total = len(challenges.get("matmul").cases())
    finished = [e for e in events if e.get("phase") in ("finished", "timing")]
    assert [e["case"] for e in finished] == list(range(1, total + 1)), "every case, in order"
    assert finished[-1]["phase"] == "timing", "the benchmark's warm-up done, its timing follows"
    assert events[0]["status"] == "running" and events[-1] == {
        "id": submission.id,
        "status": "accepted",
        "final": True,
    }


@pytest.mark.docker
def test_a_submission_left_running_by_a_dead_worker_is_judged_again(world, sandbox):
    _, db, _, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    assert claim(db, submission.id) is not None  # a worker took it, then died
    # Its task, redelivered, finds it held: no second judging while the first may be alive.
    assert judging(world, sandbox).judge(submission.id) is None
    backdate(db, submission.id, world[0].stale_after_s + 1)
    assert [s.id for s in silent_running(db, world[0].stale_after_s)] == [submission.id]
    assert mark_queued(db, get_submission(db, submission.id))  # what the sweeper does
    assert judging(world, sandbox).judge(submission.id) == "accepted"
    assert get_submission(db, submission.id).attempts == 2


def test_an_unreachable_docker_engine_puts_the_submission_off(world):
    """Not the candidate's fault, nor a verdict: it waits in the queue, the attempt uncounted,
    and its watchers are told."""
    _, db, _, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    broken = DockerSandbox("judge-runner:latest", docker_url="unix:///nonexistent/docker.sock")
    events = []
    with broken:
        assert judging(world, broken, publish=events.append).judge(submission.id) == "queued"
    stored = get_submission(db, submission.id)
    assert stored.status == "queued" and stored.attempts == 0 and not stored.cases
    assert events[-1]["status"] == "queued" and "engine" in events[-1]["requeued"]


@pytest.mark.docker
def test_a_submission_put_off_is_judged_once_the_engine_answers(world, runner_image, tmp_path):
    """The engine's socket is missing, then there (a link to the real one): the same sandbox
    judges the submission put off, as the sweeper's resent task would."""
    _, db, _, user, _ = world
    socket = tmp_path / "docker.sock"
    submission = create_submission(db, user, "matmul", sources.DOT)
    with DockerSandbox(runner_image, docker_url=f"unix://{socket}") as sandbox:
        assert judging(world, sandbox).judge(submission.id) == "queued"
        socket.symlink_to("/var/run/docker.sock")
        assert judging(world, sandbox).judge(submission.id) == "accepted"
    assert get_submission(db, submission.id).attempts == 1


def test_what_the_sweeper_looks_for(world):
    _, db, _, user, _ = world
    fresh = create_submission(db, user, "matmul", sources.DOT)
    old = create_submission(db, user, "matmul", sources.DOT)
    backdate(db, old.id, 30)
    assert [s.id for s in queued_since(db, 5)] == [old.id]
    running = create_submission(db, user, "matmul", sources.DOT)
    claimed = claim(db, running.id)
    assert silent_running(db, 15) == []
    backdate(db, running.id, 30)
    assert [s.id for s in silent_running(db, 15)] == [running.id]
    assert fresh.id not in [s.id for s in queued_since(db, 5)]
    # The worker beats after the sweeper read the row: the sweeper's change does not land.
    seen = silent_running(db, 15)[0]
    assert heartbeat(db, running.id, claimed.attempts)
    assert not mark_queued(db, seen)
    assert get_submission(db, running.id).status == "running"


def test_a_claim_cut_off_by_the_database_leaves_the_submission_queued(world, monkeypatch):
    """The database gone between the claim's mark and its reading of the submission (CI saw
    PostgreSQL stopped there): nothing is kept, so the claim tried again takes it, as attempt 1,
    rather than finding it running with no worker that knows it."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    _, db, _, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    real_get = Session.get

    def connection_dropped(self, *args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("terminating connection"))

    monkeypatch.setattr(Session, "get", connection_dropped)
    with pytest.raises(OperationalError):
        claim(db, submission.id)
    monkeypatch.setattr(Session, "get", real_get)
    assert get_submission(db, submission.id).status == "queued"
    claimed = claim(db, submission.id)
    assert claimed.status == "running" and claimed.attempts == 1
    assert claimed.user.name == "alice" and claimed.source == sources.DOT


def test_only_the_attempt_that_holds_a_submission_records_it(world):
    from judge.grading import Judgement
    from judge.verdicts import Verdict

    _, db, _, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    first = claim(db, submission.id).attempts
    backdate(db, submission.id, 30)
    assert mark_queued(db, get_submission(db, submission.id))  # the first was silent
    second = claim(db, submission.id).attempts
    assert not heartbeat(db, submission.id, first)
    late = Judgement(Verdict.WRONG_ANSWER, "the silent one", [])
    assert not record(db, submission.id, late, first)
    assert record(db, submission.id, Judgement(Verdict.ACCEPTED, "", []), second)
    assert not record(db, submission.id, late, second)
    assert get_submission(db, submission.id).status == "accepted"
