"""Each package's solutions submitted through the HTTP API to a real worker: each gets its
declared verdict, exactly as a candidate would see it. ``judge challenges check``
(tests/test_challenges.py) proves every solution of every package in the real sandbox, with the
same grading and checkers, and every reference on the timed path of an accepted submission;
here, the path a candidate's submission takes, with what only it does: references of packages
whose results differ in kind (``THROUGH_THE_API``), accepted, their benchmarks timed and scored
against the reference's own timing (each accepted submission costs the worker two timed runs and
a fresh sandbox for the reference's); and, across the catalogue, the first solution declared to
fail in each way but by time, and every one declared to run out of memory, whose verdicts come
from the worker's own handling of the sandbox's end. (A time limit through the API:
test_end_to_end's infinite loop and the attacks that spin or sleep; the packages' slow
solutions, each run to 2.5 times its limit, are proven by test_challenges.)"""

from __future__ import annotations

import pytest

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.proving import NOT_ACCEPTED, solutions

pytestmark = [pytest.mark.services, pytest.mark.docker]

REPOSITORY = ChallengeRepository(Settings.load().challenges_dir)
#: The packages whose references go through the API, each a different kind of result: one
#: array of the inputs' dtype (matmul), a tuple of centroids and labels (kmeans), several arrays
#: of an optimiser's state (adam), gradients by name (mlp_backprop), a list of string pairs
#: (bpe_merges), sampled token indices (top_p_sampling), Python ints (early_stopping), the
#: slowest reference of the catalogue (knn); and three PyTorch packages: a function judged by its
#: results (a loss and its gradients), a training loop judged by held-out accuracy, and a module
#: (each PyTorch run costs some 3 s of CPU importing PyTorch).
THROUGH_THE_API = {
    "matmul",
    "kmeans",
    "adam",
    "mlp_backprop",
    "bpe_merges",
    "top_p_sampling",
    "early_stopping",
    "knn",
    "torch_vae",
    "torch_mlp_training",
    "torch_multi_head_attention",
}


def _through_the_api(packages: list) -> list:
    """The references of ``THROUGH_THE_API``; the first solution of the NumPy catalogue declared
    to fail in each way but by time, and every one declared to run out of memory."""
    chosen, firsts = [], set()
    for challenge in packages:
        for solution in solutions(challenge):
            kind = "reference" if solution.name == "reference.py" else solution.expect
            if kind in (NOT_ACCEPTED, "time_limit_exceeded", "accepted"):
                continue
            if kind == "reference" and challenge.slug not in THROUGH_THE_API:
                continue
            if kind != "reference" and challenge.framework != "numpy":
                continue
            if kind in ("reference", "memory_limit_exceeded") or kind not in firsts:
                chosen.append((challenge.slug, solution))
                firsts.add(kind)
    return chosen


SOLUTIONS = {
    f"{slug}/{solution.name}": (slug, solution)
    for slug, solution in _through_the_api(REPOSITORY.all())
}


@pytest.fixture(scope="module")
def judged(stack) -> dict[str, dict]:
    """All posted at once (the worker judges two at a time), then awaited."""
    token = stack.add_user("packages")
    ids = {}
    for key, (slug, solution) in SOLUTIONS.items():
        response = stack.submit(token, solution.path.read_text(), challenge=slug)
        assert response.status_code == 202, response.text
        ids[key] = response.json()["id"]
    return {key: stack.wait(sid, timeout=600) for key, sid in ids.items()}


# The first test waits for every solution of every package, two at a time.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("key", SOLUTIONS)
def test_declared_verdict_through_the_api(judged, key):
    slug, solution = SOLUTIONS[key]
    result = judged[key]
    assert result["status"] == solution.expect, result["message"]
    assert result["challenge"] == slug
    if solution.expect != "accepted":
        assert result["message"], "a rejection tells the candidate why"
    assert "seed" not in result, "the seed is shown only to the owner"


def test_the_hidden_inputs_differ_between_submissions(stack):
    """Each submission draws its own hidden cases: the seed stored with it differs."""
    from judge.submissions import get_submission

    token = stack.add_user("seeds")
    source = (REPOSITORY.get("matmul").path / "reference.py").read_text()
    first, second = (stack.submit(token, source).json()["id"] for _ in range(2))
    db = stack.db
    assert get_submission(db, first).seed != get_submission(db, second).seed
    stack.wait(first)
    stack.wait(second)


def test_an_operator_reproduces_a_stored_verdict_on_the_same_hidden_cases(stack):
    from click.testing import CliRunner

    from judge.cli import main

    token = stack.add_user("reproduce")
    wrong = REPOSITORY.get("knn").path / "wrong" / "skips_nearest.py"
    sid = stack.submit(token, wrong.read_text(), challenge="knn").json()["id"]
    assert stack.wait(sid)["status"] == "wrong_answer"
    env = {"JUDGE_DATA_DIR": str(stack.settings.data_dir), "JUDGE_SECRET": stack.settings.secret}
    result = CliRunner().invoke(main, ["submissions", "reproduce", str(sid)], env=env)
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["verdict", "wrong_answer", "wrong_answer"] in lines
    assert ["benchmark-10000x64", "skipped", "skipped"] in lines  # timed only after the rest
    missing = CliRunner().invoke(main, ["submissions", "reproduce", "999999"], env=env)
    assert missing.exit_code == 2 and "no submission" in missing.output  # a usage error
