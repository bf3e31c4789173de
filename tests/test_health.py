"""``judge health``, the operator's view, read from a live stack: the workers that answer and
what they judge, the queues, the oldest queued submission, the latest internal errors; and a
deployment without a worker, which it says is unhealthy."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from harness.faultlab import Lab
from harness.processes import wait_for
from judge.judging_service import internal_error
from judge.storage import Database, User
from judge.submissions import create_submission, record
from workers.health import Health, check, render

pytestmark = [pytest.mark.services, pytest.mark.docker]


def health(settings_env: dict[str, str]) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "judge.cli", "health", "--json"],
        env={**os.environ, "JUDGE_SETTINGS_FILE": "", **settings_env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, json.loads(done.stdout)


SLOW = """
import time
import numpy as np

def matrix_multiplication(A, B):
    time.sleep(0.3)
    return np.dot(A, B)
"""


def test_health_of_a_live_stack(stack):
    env = {
        "JUDGE_DATA_DIR": str(stack.settings.data_dir),
        "JUDGE_REDIS_URL": stack.settings.redis_url,
    }
    token = stack.add_user("health-watcher")
    sid = stack.submit(token, SLOW).json()["id"]
    db = stack.db
    with db.session() as session:
        user = session.query(User).filter_by(name="health-watcher").one()
    broken = create_submission(db, user, "matmul", "x = 1")
    record(db, broken.id, internal_error("the engine caught fire"))

    def judging_it() -> dict | None:
        code, report = health(env)
        judged = [s for subs in report["workers"].values() for s in subs]
        return report if code == 0 and sid in judged else None

    report = wait_for(judging_it, 60, "judge health to show the submission being judged")
    assert report["healthy"] and report["problems"] == []
    assert report["database"] == stack.settings.database
    assert set(report["queues"]) == {"cpu", "gpu"} and report["running"] >= 1
    assert {
        "id": broken.id,
        "challenge": "matmul",
        "message": "the engine caught fire",
    }.items() <= report["failures"][0].items()
    stack.wait(sid)


def test_health_without_a_worker(tmp_path):
    lab = Lab(tmp_path)
    try:
        lab.stored(2)
        code, report = health(
            {"JUDGE_DATA_DIR": str(tmp_path), "JUDGE_REDIS_URL": lab.settings.redis_url}
        )
    finally:
        lab.close()
    assert code == 1 and not report["healthy"]
    assert report["problems"] == ["no worker answered: nothing is being judged"]
    assert report["queued"] == 2 and report["oldest_queued_s"] >= 0


def test_health_answers_as_soon_as_the_announced_workers_have(stack):
    """Each worker announces itself, so health asks those by name and waits for no broadcast's
    timeout (it took 2 s more than its work, every time)."""
    wait_for(lambda: check(stack.settings).healthy, 30, "the worker to announce itself")
    started = time.monotonic()
    report = check(stack.settings, timeout_s=5.0)
    took = time.monotonic() - started
    assert report.healthy and len(report.workers) == 1, report.problems
    assert took < 1.5, f"judge health took {took:.1f} s"


def test_health_says_when_the_workers_write_to_another_database(stack, tmp_path):
    """Run with other settings than the stack's (another data folder, the same Redis), health
    finds the workers but not their database, and says so rather than "ok"."""
    elsewhere = dataclasses.replace(stack.settings, data_dir=tmp_path)
    Database(elsewhere.database).close()
    report = check(elsewhere)
    assert not report.healthy
    [problem] = report.problems
    assert "writes to another database" in problem
    assert str(stack.settings.data_dir) in problem and str(tmp_path) in problem

    missing = check(dataclasses.replace(stack.settings, data_dir=tmp_path / "none"))
    assert f"no database at sqlite:///{tmp_path}/none/judge.db" in missing.problems
    assert not (tmp_path / "none").exists(), "health makes no database"


def test_health_lists_the_packages_that_do_not_load(stack, tmp_path):
    folder = tmp_path / "challenges"
    shutil.copytree(stack.settings.challenges_dir / "matmul", folder / "matmul")
    shutil.copytree(stack.settings.challenges_dir / "matmul", folder / "cut_short")
    (folder / "cut_short" / "challenge.toml").write_text("title = \n")
    report = check(dataclasses.replace(stack.settings, challenges_dir=folder))
    assert list(report.broken_packages) == ["cut_short"]
    assert any("challenge package cut_short does not load" in p for p in report.problems)
    assert "  cut_short: cut_short: bad challenge.toml" in render(report)


def test_health_says_what_the_numbers_are():
    report = Health(
        database="sqlite:////srv/judge.db",
        workers={"celery@a": [134], "celery@b": [7, 9], "celery@c": []},
        failures=[(12, "matmul", "2026-12-05 10:00:00", "the engine caught fire")],
    )
    shown = render(report)
    assert "database: sqlite:////srv/judge.db" in shown
    assert "celery@a: judging submission 134\n" in shown
    assert "celery@b: judging submissions 7, 9" in shown and "celery@c: idle" in shown
    assert "submission 12 (matmul) 2026-12-05 10:00:00: the engine caught fire" in shown
