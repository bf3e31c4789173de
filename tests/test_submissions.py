"""The submission life cycle with a real database and the real sandbox: idempotent judging,
infrastructure faults as internal_error, and the sweeper that loses nothing."""

from __future__ import annotations

import pytest

from judge.challenges import ChallengeRepository
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.judging_service import JudgingService
from judge.storage import Database
from judge.submissions import claim, create_submission, get_submission, stale_submissions
from judge.users import add_user, authenticate
from tests import sources
from tests.helpers import backdate


@pytest.fixture
def sandbox(runner_image):
    with DockerSandbox(runner_image) as sandbox:
        yield sandbox


@pytest.fixture
def world(tmp_path):
    settings = Settings.load({}, data_dir=tmp_path)
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
    assert judging(world, sandbox).judge(submission.id) == "accepted"
    assert get_submission(db, submission.id).attempts == 2


def test_unreachable_docker_ends_as_internal_error(world):
    _, db, _, user, _ = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    broken = DockerSandbox("judge-runner:latest", docker_url="unix:///nonexistent/docker.sock")
    with broken:
        assert judging(world, broken).judge(submission.id) == "internal_error"
    stored = get_submission(db, submission.id)
    assert "Docker is unreachable" in stored.message


def test_stale_submissions_are_found(world):
    _, db, _, user, _ = world
    fresh = create_submission(db, user, "matmul", sources.DOT)
    old = create_submission(db, user, "matmul", sources.DOT)
    backdate(db, old.id, 3600)
    assert [s.id for s in stale_submissions(db, 600)] == [old.id]
    assert fresh.id not in [s.id for s in stale_submissions(db, 600)]
