"""The whole path through the HTTP API: Redis, a real Celery worker, Docker, the verdict; on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
import requests

from tests import sources

pytestmark = [
    pytest.mark.services,
    pytest.mark.docker,
    pytest.mark.parametrize("stack", ["sqlite", "postgresql"], indirect=True),
]

EXPECTED = {
    "dot": (sources.DOT, "accepted"),
    "transposed": (sources.TRANSPOSED, "wrong_answer"),
    "zeros": (sources.ZEROS, "wrong_answer"),
    "infinite_loop": (sources.INFINITE_LOOP, "time_limit_exceeded"),
    "memory_bomb": (sources.MEMORY_BOMB, "memory_limit_exceeded"),
    "slow_memory_bomb": (sources.SLOW_MEMORY_BOMB, "memory_limit_exceeded"),
    "raises": (sources.RAISES, "runtime_error"),
    "syntax_error": (sources.SYNTAX_ERROR, "invalid_submission"),
    "missing_entry": (sources.MISSING_ENTRY, "invalid_submission"),
}


@pytest.fixture(scope="module")
def judged(stack) -> dict[str, dict]:
    """Every submission posted at once (the worker judges two at a time), then awaited."""
    token = stack.add_user("e2e")
    ids = {}
    for name, (source, _) in EXPECTED.items():
        response = stack.submit(token, source)
        assert response.status_code == 202, response.text
        body = response.json()
        assert body["status"] == "queued" and isinstance(body["id"], int)
        ids[name] = body["id"]
    return {name: stack.wait(sid) for name, sid in ids.items()}


@pytest.mark.parametrize("name", EXPECTED)
def test_verdict(judged, name):
    result = judged[name]
    assert result["status"] == EXPECTED[name][1], result
    assert result["challenge"] == "matmul" and result["user"] == "e2e"
    assert result["cases"], "every verdict comes with its cases"
    for case in result["cases"]:
        assert {"name", "verdict", "message", "time_ms"} <= case.keys()


def test_accepted_has_every_case_timed(judged):
    cases = judged["dot"]["cases"]
    assert len(cases) > 5
    assert all(c["verdict"] == "accepted" and c["time_ms"] >= 0 for c in cases)


def test_wrong_answer_says_what_is_wrong(judged):
    first_failure = next(c for c in judged["zeros"]["cases"] if c["verdict"] != "accepted")
    assert "elements" in first_failure["message"]


def test_runtime_error_carries_the_exception(judged):
    message = judged["raises"]["message"]
    assert "ArithmeticError" in message and "the candidate's own message" in message


def test_time_limit_names_the_limit(judged):
    assert "time limit" in judged["infinite_loop"]["message"]


def test_invalid_submission_explains(judged):
    assert "syntax error at line 2" in judged["syntax_error"]["message"]
    assert "matrix_multiplication" in judged["missing_entry"]["message"]


def test_cases_after_the_failure_are_skipped(judged):
    verdicts = [c["verdict"] for c in judged["infinite_loop"]["cases"]]
    assert verdicts[0] == "time_limit_exceeded"
    assert set(verdicts[1:]) == {"skipped"}


def test_source_is_shown_to_its_owner_only(stack, judged):
    import requests

    sid = judged["dot"]["id"]
    anonymous = requests.get(f"{stack.url}/api/v1/submissions/{sid}", timeout=10).json()
    assert "source" not in anonymous
    other = stack.add_user("someone-else")
    seen = requests.get(
        f"{stack.url}/api/v1/submissions/{sid}",
        headers={"Authorization": f"Bearer {other}"},
        timeout=10,
    ).json()
    assert "source" not in seen


def test_each_judged_submission_is_indexed_for_similarity(stack, judged):
    """After its verdict the worker puts every source's fingerprints in its challenge's index:
    a renamed, recommented copy of the accepted one is found there, the other sources are not."""
    from harness.processes import wait_for
    from judge import similarity, similarity_index, similarity_thresholds
    from judge.challenge_packages import ChallengeRepository
    from judge.storage import SubmissionFingerprint

    def indexed() -> set[int] | None:
        with stack.db.session() as session:
            ids = set(session.scalars(select_ids(SubmissionFingerprint)))
        return ids if {judged[n]["id"] for n in ("dot", "transposed", "raises")} <= ids else None

    wait_for(indexed, 30, "the judged submissions' fingerprints")
    copy = sources.DOT.replace("A", "left").replace("B", "right") + "\n# my own work\n"
    challenge = ChallengeRepository(stack.settings.challenges_dir).get("matmul")
    prints = similarity.fingerprints(copy, similarity_thresholds.package_given(challenge.path))
    found = dict(
        similarity_index.similar_to(
            stack.db, -1, "matmul", prints, similarity_thresholds.package_threshold(challenge.path)
        )
    )
    assert judged["dot"]["id"] in found and found[judged["dot"]["id"]] >= 0.9
    assert judged["zeros"]["id"] not in found
    # Sent by someone else, the copy is judged, indexed, and keeps the original as its nearest
    # other: the challenge's listing over the API has the pair.
    from judge.users import add_user

    copied = stack.wait(stack.submit(stack.add_user("e2e-copier"), copy).json()["id"])
    admin = {"Authorization": f"Bearer {add_user(stack.db, 'e2e-reviewer', admin=True)[1]}"}

    def listed() -> list | None:
        answer = requests.get(f"{stack.url}/api/v1/challenges/matmul/similar", headers=admin)
        pairs = [(p["a"]["submission"], p["b"]["submission"]) for p in answer.json()["pairs"]]
        return pairs if (judged["dot"]["id"], copied["id"]) in pairs else None

    wait_for(listed, 30, "the copy's pair in the challenge's listing")


def select_ids(model):
    from sqlalchemy import select

    return select(model.submission_id).distinct()
