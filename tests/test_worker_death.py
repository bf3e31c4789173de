"""A worker process killed mid-judging loses nothing: the task goes back to the queue, the
submission is judged again and stored once, and the dead process's sandbox is removed. Sandboxes
whose owner is gone never pile up: a running worker removes them periodically, and a worker killed
outright has its sandboxes removed when it starts again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import closing

import pytest
import requests

from harness.processes import children, wait_for
from judge.config import Settings
from judge.container_config import LABEL, OWNER_LABEL
from judge.docker_engine import connect
from judge.storage import Database
from judge.submissions import create_submission
from judge.users import add_user
from judge.verdicts import Verdict
from tests.conftest import start_worker, stop_worker, wait_for_worker
from tests.hostile.host import alive

pytestmark = [pytest.mark.services, pytest.mark.docker]

SLOW_BUT_RIGHT = """
import time
from contextlib import closing
import numpy as np

def matrix_multiplication(A, B):
    time.sleep(0.4)
    return np.dot(A, B)
"""


def test_killing_the_pool_process_mid_run_loses_nothing(stack):
    token = stack.add_user("victim-of-a-crash")
    sid = stack.submit(token, SLOW_BUT_RIGHT).json()["id"]
    url = f"{stack.url}/api/v1/submissions/{sid}"

    def running() -> bool:
        return requests.get(url, timeout=5).json()["status"] == Verdict.RUNNING

    wait_for(running, 60, "the submission to be running")

    def judging_process():
        # A warm sandbox is named for its submission when taken (its labels were set before).
        with closing(connect()) as client:
            for labels in _labels(client, {"name": f"judge-submission-{sid}-"}):
                return int(labels[OWNER_LABEL].rpartition(":")[2])
        return None

    owner = wait_for(judging_process, 30, "the submission's sandbox")
    assert owner in children(stack.worker_pid)
    os.kill(owner, signal.SIGKILL)

    result = stack.wait(sid, timeout=180)
    assert result["status"] == "accepted"
    assert result["attempts"] == 2
    assert len(result["cases"]) == len({c["name"] for c in result["cases"]})

    def orphan_gone():
        with closing(connect()) as client:
            mine = _labels(client, {"label": OWNER_LABEL})
            return not [labels for labels in mine if labels[OWNER_LABEL].endswith(f":{owner}")]

    wait_for(orphan_gone, 60, "the dead process's sandbox to be removed")


def test_a_stray_is_removed_while_the_worker_runs(stack, runner_image):
    """No worker start and no pool process start is needed: the periodic removal finds it."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    owner = f"{socket.gethostname()}:{dead.pid}"
    with closing(connect()) as client:
        stray = client.containers.create(runner_image, labels={LABEL: "1", OWNER_LABEL: owner})

        def gone():
            return not _labels(client, {"id": stray.id})

        wait_for(gone, 3 * stack.settings.stray_sweep_s + 10, "the periodic stray removal")


FOR_EVER = """
def matrix_multiplication(A, B):
    while True:
        pass
"""


def test_a_killed_workers_sandboxes_are_gone_within_a_minute_of_its_restart(
    redis_server, runner_image, tmp_path
):
    """The whole worker, main process and all, is killed with SIGKILL while a submission runs in
    its sandbox; its pool process follows it, and the worker started next removes the sandbox."""
    from workers.queue import create_celery, enqueue

    env = {
        **os.environ,
        "JUDGE_DATA_DIR": str(tmp_path),
        "JUDGE_REDIS_URL": redis_server.rpartition("/")[0] + "/1",  # a queue of its own
        "JUDGE_STRAY_SWEEP_S": "600",  # only the removal at start can be what removes it
    }
    settings = Settings.load(env)
    db = Database(settings.database)
    user, _ = add_user(db, "killed-worker")
    submission = create_submission(db, user, "matmul", FOR_EVER)
    celery = create_celery(settings)
    first = start_worker(env, tmp_path / "first.log")
    try:
        wait_for_worker(celery, first, tmp_path / "first.log")
        enqueue(celery, submission.id, "cpu")
        labels = wait_for(lambda: _sandbox_of(submission.id), 60, "the submission's sandbox")
        pool = int(labels[OWNER_LABEL].rpartition(":")[2])
        first.kill()
        first.wait(10)
        wait_for(lambda: not alive(pool), 10, "the pool process to die with its worker")
    finally:
        first.kill()
        first.wait()
    second = start_worker(env, tmp_path / "second.log")
    try:
        wait_for_worker(celery, second, tmp_path / "second.log")
        started = time.monotonic()
        wait_for(lambda: _sandbox_of(submission.id) is None, 60, "the stray to be removed")
        assert time.monotonic() - started < 60
    finally:
        stop_worker(second)
        celery.close()


def _sandbox_of(submission_id: int) -> dict | None:
    """The labels of the submission's sandbox, if there is one now."""
    with closing(connect()) as client:
        found = _labels(client, {"name": f"judge-submission-{submission_id}-"})
    return found[0] if found else None


def _labels(client, filters: dict) -> list[dict]:
    """The labels of the containers ``filters`` picks, all from one listing: a container removed
    meanwhile is simply not there (listing whole containers inspects each, and can fail so)."""
    return [c.get("Labels") or {} for c in client.api.containers(all=True, filters=filters)]
