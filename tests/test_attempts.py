"""A judging task that never ends well ends all the same: the attempts cap, the soft time limit
recorded as such, and time limits sized from the challenge's own. No Docker: the sandboxes here
only show whether judging reached them."""

from __future__ import annotations

import dataclasses
import time

import pytest
from sqlalchemy import update

from judge.challenge_packages import ChallengeRepository
from judge.challenges import ChallengeLimits
from judge.config import Settings
from judge.errors import SandboxError
from judge.judging_service import Heartbeat, JudgingService, task_time_limits
from judge.planning import plan
from judge.storage import Database, Submission
from judge.submissions import create_submission, get_submission
from judge.users import add_user
from tests import sources


class UnreachableSandbox:
    """Fails the test if judging gets as far as the sandbox."""

    def run(self, *args, **kwargs):
        pytest.fail("the sandbox was used for a submission past its attempts")


class BrokenSandbox:
    """Raises what it is given: judging reached the sandbox."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.runs = 0

    def run(self, *args, **kwargs):
        self.runs += 1
        raise self.error


class PastSoftLimit(Exception):
    """Stands for Celery's SoftTimeLimitExceeded, which judge/ never imports."""


@pytest.fixture
def world(tmp_path):
    settings = Settings.load({}, data_dir=tmp_path, secret="s" * 40)
    db = Database(settings.database)
    user, _ = add_user(db, "alice")
    return settings, db, ChallengeRepository(settings.challenges_dir), user


def judging(world, sandbox, **options) -> JudgingService:
    settings, db, challenges, _ = world
    return JudgingService(settings, db, challenges, sandbox, **options)


def submitted(world, attempts: int) -> int:
    """A queued submission that has already been claimed ``attempts`` times."""
    _, db, _, user = world
    submission = create_submission(db, user, "matmul", sources.DOT)
    with db.session() as session:
        session.execute(
            update(Submission).where(Submission.id == submission.id).values(attempts=attempts)
        )
        session.commit()
    return submission.id


def test_a_submission_past_its_attempts_is_not_judged_again(world):
    settings, db, _, _ = world
    assert settings.max_attempts == 3
    sid = submitted(world, settings.max_attempts)
    events = []
    status = judging(world, UnreachableSandbox(), publish=events.append).judge(sid)
    assert status == "internal_error"
    stored = get_submission(db, sid)
    assert stored.status == "internal_error" and stored.attempts == settings.max_attempts + 1
    assert stored.message == (
        "judging failed 3 times (the worker crashed or ran past its time limit); not tried again"
    )
    assert events[-1] == {"id": sid, "status": "internal_error", "final": True}
    assert judging(world, UnreachableSandbox()).judge(sid) is None


def test_a_submission_below_its_attempts_is_judged(world):
    settings, db, _, _ = world
    sid = submitted(world, settings.max_attempts - 1)
    sandbox = BrokenSandbox(SandboxError("no engine here"))
    events = []
    assert judging(world, sandbox, publish=events.append).judge(sid) == "internal_error"
    assert sandbox.runs >= 1  # judging reached the sandbox
    stored = get_submission(db, sid)
    assert stored.message == "SandboxError: no engine here"
    assert stored.attempts == settings.max_attempts
    assert events[-1] == {"id": sid, "status": "internal_error", "final": True}


def test_the_soft_time_limit_is_recorded_as_such(world, caplog):
    _, db, _, _ = world
    sid = submitted(world, 0)
    sandbox = BrokenSandbox(PastSoftLimit())
    status = judging(world, sandbox, time_limit_errors=(PastSoftLimit,)).judge(sid)
    assert status == "internal_error"
    assert get_submission(db, sid).message == (
        "judging ran past the task's time limit; the cause is logged"
    )
    assert "ran past the task's soft time limit" in caplog.text


def test_without_time_limit_errors_it_is_an_unexpected_failure(world):
    _, db, _, _ = world
    sid = submitted(world, 0)
    assert judging(world, BrokenSandbox(PastSoftLimit())).judge(sid) == "internal_error"
    assert get_submission(db, sid).message.startswith("unexpected failure")


def test_task_time_limits_are_above_the_sandbox_and_every_reference_run(world):
    settings, _, challenges, _ = world
    for challenge in challenges.all():
        cases = challenge.cases(0, settings.secret_key)
        source, every = challenge.reference_source, settings.benchmark_max_runs
        wall_s = plan(challenge, source, cases, settings)[1].wall_s
        benchmarks = challenge.benchmarks(settings.secret_key)
        reference_s = plan(challenge, source, benchmarks, settings, every_set=every)[1].wall_s
        soft, hard = task_time_limits(challenge, settings)
        assert soft > wall_s + reference_s, challenge.slug
        assert hard > soft, challenge.slug


def test_task_time_limits_grow_with_the_time_limit(world):
    settings, _, challenges, _ = world
    matmul = challenges.get("matmul")
    limits = [
        task_time_limits(
            dataclasses.replace(matmul, limits=ChallengeLimits(time_s=time_s)), settings
        )
        for time_s in (0.5, 1.0, 2.0, 10.0)
    ]
    assert limits == sorted(limits) and len(set(limits)) == len(limits)


def test_task_time_limits_grow_with_the_number_of_cases(world, monkeypatch):
    settings, _, challenges, _ = world
    matmul = challenges.get("matmul")
    suite = matmul.cases(0, settings.secret_key)
    extra = [dataclasses.replace(suite[-2], name=f"more-{i}") for i in range(20)]
    limits = []
    for more in (0, 1, 5, 20):
        monkeypatch.setattr(matmul, "cases", lambda seed, secret, n=more: suite + extra[:n])
        limits.append(task_time_limits(matmul, settings))
    assert limits == sorted(limits) and len(set(limits)) == len(limits)


class SentTasks:
    """Stands for the Celery app and its Redis: keeps what would have been sent and marked, in
    order."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.marks: dict[str, str] = {}
        self.order: list[str] = []
        self.judge_redis = self

    def send_task(self, name: str, **options) -> None:
        self.sent.append((name, options))
        self.order.append(f"send {options['args'][0]}")

    def set(self, key: str, value: str, ex: int) -> None:
        assert ex > 0
        self.marks[key] = value
        self.order.append(f"mark {key}")


def test_the_task_is_sent_with_the_challenge_s_time_limits(world):
    from workers.queue import JUDGE_TASK, enqueue, judging_route

    settings, _, challenges, _ = world
    app = SentTasks()
    device, limits = judging_route(challenges, "matmul", settings)
    enqueue(app, 7, device, limits)
    enqueue(app, 8, *judging_route(challenges, "no-such-challenge", settings))
    soft, hard = task_time_limits(challenges.get("matmul"), settings)
    assert app.sent == [
        (JUDGE_TASK, {"args": [7], "queue": "cpu", "soft_time_limit": soft, "time_limit": hard}),
        (JUDGE_TASK, {"args": [8], "queue": "cpu", "soft_time_limit": None, "time_limit": None}),
    ]
    assert app.marks == {"judge:queued:7": "queued", "judge:queued:8": "queued"}
    # The mark first: the worker that takes the task removes it, and must find it there.
    assert app.order == ["mark judge:queued:7", "send 7", "mark judge:queued:8", "send 8"]


@pytest.mark.parametrize("finishing", [False, True])
def test_a_heartbeat_that_finds_its_judging_over_says_so_unless_it_is_being_recorded(
    finishing, caplog
):
    """A beat that finds the submission no longer this judging's is news (another attempt took
    it) while it is judged, but not once its own verdict is being recorded: the record ends it."""
    beats: list[float] = []

    def over() -> bool:
        beats.append(time.monotonic())
        return False

    with Heartbeat(over, "submission 7", every_s=0.01) as beating:
        if finishing:
            beating.finishing()
        deadline = time.monotonic() + 5
        while not beats and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)  # a second beat would come now if the first did not end the beating
    assert len(beats) == 1
    said = [r.getMessage() for r in caplog.records if "no longer" in r.getMessage()]
    assert said == ([] if finishing else ["submission 7: no longer this judging's"])
