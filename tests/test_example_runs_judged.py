"""Run examples through the whole stack (real Redis, a real Celery worker, real Docker
sandboxes): a right and a wrong source judged on matmul's public examples, each example's
verdict and message, the worker's progress streamed; counted nowhere (no submission, the
submissions' quotas and lists untouched); over the user's runs per minute, 429 with
Retry-After; another user's run is a 404."""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import func, select

from harness.processes import wait_for
from judge.storage import Submission, User
from judge.verdicts import IN_FLIGHT
from tests.conftest import EXAMPLE_RUNS_PER_MINUTE

pytestmark = [pytest.mark.services, pytest.mark.docker]

RIGHT = """
import numpy as np

def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""
# Right but for a vector times a matrix.
WRONG = """
import numpy as np

def matrix_multiplication(A, B):
    if A.ndim == 1:
        return np.zeros(B.shape[1])
    return A @ B
"""
EXAMPLES = [
    "example-2x3-by-3x2",
    "example-square-floats",
    "example-vector-by-matrix",
    "example-incompatible-shapes",
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def run_examples(stack, token: str, source: str) -> requests.Response:
    return requests.post(
        f"{stack.url}/api/v1/challenges/matmul/examples",
        json={"source": source},
        headers=bearer(token),
        timeout=30,
    )


def finished(stack, token: str, url: str) -> dict:
    def over() -> dict | None:
        body = requests.get(stack.url + url, headers=bearer(token), timeout=10).json()
        return None if body["status"] in IN_FLIGHT else body

    log = lambda: stack.worker_log.read_text()[-3000:]  # noqa: E731
    return wait_for(over, 180, f"{url} to end", interval=0.2, explain=log)


def streamed(stack, token: str, url: str) -> list[dict]:
    """The run's events, from its stream, until the final one."""
    events = []
    stream = stack.url + url + "/events"
    with requests.get(stream, headers=bearer(token), stream=True, timeout=180) as answer:
        assert answer.status_code == 200
        for line in answer.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
                if events[-1].get("final"):
                    break
    return events


def test_a_right_and_a_wrong_source_are_judged_on_the_examples_and_counted_nowhere(stack):
    token = stack.add_user("example-runner")
    right = run_examples(stack, token, RIGHT)
    assert right.status_code == 202, right.text
    assert right.json()["status"] == "queued"
    events = streamed(stack, token, right.json()["url"])
    assert events[-1] == {"id": right.json()["id"], "status": "accepted", "final": True}
    progress = [e for e in events if "case" in e]
    assert all(e["cases_total"] == len(EXAMPLES) for e in progress), "the public cases only"
    run = finished(stack, token, right.json()["url"])
    assert run["counted"] is False and run["challenge"] == "matmul"
    assert [(c["name"], c["verdict"]) for c in run["cases"]] == [(n, "accepted") for n in EXAMPLES]

    wrong = run_examples(stack, token, WRONG)
    assert wrong.status_code == 202, wrong.text
    run = finished(stack, token, wrong.json()["url"])
    assert run["status"] == "wrong_answer", run
    verdicts = {c["name"]: c["verdict"] for c in run["cases"]}
    assert verdicts == {
        "example-2x3-by-3x2": "accepted",
        "example-square-floats": "accepted",
        "example-vector-by-matrix": "wrong_answer",
        "example-incompatible-shapes": "accepted",
    }
    message = next(c["message"] for c in run["cases"] if c["verdict"] == "wrong_answer")
    assert message, "a public example's mistake is told in full"

    mine = requests.get(f"{stack.url}/api/v1/submissions", headers=bearer(token), timeout=10)
    assert mine.json()["submissions"] == [], "a run is no submission"
    with stack.db.session() as session:  # so on no board, user page or quota
        user_id = session.scalar(select(User.id).where(User.name == "example-runner"))
        count = session.scalar(
            select(func.count()).select_from(Submission).where(Submission.user_id == user_id)
        )
    assert count == 0


def test_runs_past_the_users_limit_are_429_and_others_runs_are_404(stack):
    token = stack.add_user("eager-runner")
    other = stack.add_user("nosy")
    made = [run_examples(stack, token, RIGHT) for _ in range(EXAMPLE_RUNS_PER_MINUTE)]
    assert [m.status_code for m in made] == [202] * EXAMPLE_RUNS_PER_MINUTE
    refused = run_examples(stack, token, RIGHT)
    assert refused.status_code == 429, refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "runs of the examples in the last minute" in refused.json()["error"]
    url = made[0].json()["url"]
    assert requests.get(stack.url + url, headers=bearer(other), timeout=10).status_code == 404
    nosy = requests.get(stack.url + url + "/events", headers=bearer(other), timeout=10)
    assert nosy.status_code == 404
    submitted = stack.submit(token, RIGHT)
    assert submitted.status_code == 202, "runs take nothing from the submissions' quota"
    for m in made:
        assert finished(stack, token, m.json()["url"])["status"] == "accepted"
    assert stack.wait(submitted.json()["id"])["status"] == "accepted"
