"""A worker process killed mid-judging loses nothing: the task goes back to the queue, the
submission is judged again and stored once, and the dead process's sandbox is removed."""

from __future__ import annotations

import os
import signal
import time
from contextlib import closing
from pathlib import Path

import pytest
import requests

from judge.sandbox import OWNER_LABEL, connect

pytestmark = [pytest.mark.services, pytest.mark.docker]

SLOW_BUT_RIGHT = """
import time
from contextlib import closing
import numpy as np

def matrix_multiplication(A, B):
    time.sleep(0.4)
    return np.dot(A, B)
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_killing_the_pool_process_mid_run_loses_nothing(stack):
    token = stack.add_user("victim-of-a-crash")
    sid = stack.submit(token, SLOW_BUT_RIGHT).json()["id"]
    url = f"{stack.url}/api/v1/submissions/{sid}"
    wait_for(lambda: requests.get(url, timeout=5).json()["status"] == "running", 60, "running")

    def judging_process():
        with closing(connect()) as client:
            for container in client.containers.list(filters={"label": "io.judge.submission"}):
                if container.labels.get("io.judge.submission") == str(sid):
                    return int(container.labels[OWNER_LABEL].rpartition(":")[2])
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
            mine = client.containers.list(all=True, filters={"label": f"{OWNER_LABEL}"})
            return not [c for c in mine if c.labels[OWNER_LABEL].endswith(f":{owner}")]

    wait_for(orphan_gone, 60, "the dead process's sandbox to be removed")
