"""``judge health``, the operator's view, read from a live stack: the workers that answer and
what they judge, the queues, the oldest queued submission, the latest internal errors; and a
deployment without a worker, which it says is unhealthy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from judge.judging_service import internal_error
from judge.storage import User
from judge.submissions import create_submission, record
from tests.faultlab import Lab
from tests.helpers import wait_for

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
