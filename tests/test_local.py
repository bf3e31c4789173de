"""`judge test`'s half: a challenge's kit of public examples, run with the real runner in a plain
subprocess (no Docker) and graded as the worker grades."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.local import Kit, make_kit, run_examples
from tests import sources


@pytest.fixture(scope="module")
def repository():
    return ChallengeRepository(Settings.load().challenges_dir)


def kit_of(repository, slug: str) -> Kit:
    return Kit.from_json(json.loads(json.dumps(make_kit(repository.get(slug)))))


NUMPY_SLUGS = [
    c.slug
    for c in ChallengeRepository(Settings.load().challenges_dir).all()
    if c.framework == "numpy"
]


# PyTorch's packages need PyTorch, which this suite's Python has not: tests/test_torch.py runs the
# same in the PyTorch image.
@pytest.mark.parametrize("slug", NUMPY_SLUGS)
def test_every_right_solution_passes_and_the_starter_does_not(repository, slug):
    """What a candidate who solved it sees from `judge test`, for every package: results with
    parts ((w, b), lists of arrays, dicts, None) compared part by part, and those with more than
    one right answer (a component's sign, a tied split) by shape and dtype only."""
    challenge = repository.get(slug)
    kit = kit_of(repository, slug)
    assert [c.name for c in kit.cases] == [c.name for c in challenge.examples()]
    assert all(c.public for c in kit.cases), "only the public examples are in a kit"
    right = [challenge.path / "reference.py", *sorted(challenge.path.glob("right/*.py"))]
    sources = [path.read_text() for path in right] + [challenge.starter]
    # Each run is a runner subprocess of its own: two at once, as this machine has CPUs.
    with ThreadPoolExecutor(2) as pool:
        *accepted, starter = pool.map(lambda source: run_examples(kit, source), sources)
    for path, judged in zip(right, accepted, strict=True):
        assert judged.verdict.value == "accepted", f"{path.name}: {judged.message}"
    assert starter.verdict.value != "accepted"


def test_arrays_keep_their_dtypes_and_mismatches_are_precise(repository):
    kit = kit_of(repository, "matmul")
    floats = "import numpy as np\ndef matrix_multiplication(A, B):\n    return (A @ B) * 1.0\n"
    judged = run_examples(kit, floats)
    assert judged.verdict.value == "wrong_answer"
    assert judged.message == "example-2x3-by-3x2: expected dtype int64, got float64"
    off = "def matrix_multiplication(A, B):\n    C = A @ B\n"
    off += "    return C + 1e-3 if C.dtype.kind == 'f' else C\n"
    message = run_examples(kit, off).message
    assert message.startswith("example-square-floats: 4 of 4 elements outside tolerance (rtol")
    assert "worst at (" in message and "expected" in message


def test_random_results_are_compared_by_shape_only(repository):
    dropout = kit_of(repository, "dropout")
    assert all(dropout.random.values()), "every dropout result is one draw"
    reference = repository.get("dropout").reference_source
    assert run_examples(dropout, reference).verdict.value == "accepted"
    assert "random" in dropout.random_note(dropout.cases[0])
    network = kit_of(repository, "feedforward")
    # Initial weights differ on every run of the reference; the forward pass after setting
    # them does not, and is compared in full.
    assert network.random == {"example-2-3-1": [1]}


def test_where_more_than_one_answer_is_right_the_kit_says_so(repository):
    pca = kit_of(repository, "pca")
    assert all(pca.random.values()) and "more than one answer" in pca.random_note(pca.cases[0])
    right = "return components.astype(dtype)"
    reference = repository.get("pca").reference_source
    assert right in reference
    flipped = reference.replace(right, "return -components.astype(dtype)")
    assert run_examples(pca, flipped).verdict.value == "accepted"
    one_short = reference.replace(right, "return components[:-1].astype(dtype)")
    assert run_examples(pca, one_short).verdict.value == "wrong_answer"


def test_the_runner_s_limits_and_output_come_back(repository):
    kit = kit_of(repository, "matmul")
    kit.time_s = 0.5
    looping = run_examples(kit, sources.INFINITE_LOOP)
    assert looping.cases[0].verdict.value == "time_limit_exceeded"
    chatty = "import numpy as np\nprint('hello from the solution')\n"
    chatty += "def matrix_multiplication(A, B):\n    return A @ B\n"
    judged = run_examples(kit, chatty)
    assert judged.verdict.value == "accepted" and "hello from the solution" in judged.log
    banned = run_examples(kit_of(repository, "knn"), "import sklearn\n")
    assert banned.verdict.value == "invalid_submission"


def test_a_malformed_kit_is_a_value_error(repository):
    data = make_kit(repository.get("knn"))
    with pytest.raises(ValueError):
        Kit.from_json({**data, "examples": "not base64!"})
    with pytest.raises(ValueError):
        Kit.from_json({**data, "format": 99})
    with pytest.raises(ValueError):
        Kit.from_json({k: v for k, v in data.items() if k != "limits"})


def test_the_kit_s_limits_are_those_the_worker_applies(repository):
    """An operator's maximums clamp a package's limits on the worker; `judge test` runs the
    examples under the very same ones."""
    from judge.planning import plan

    challenge = repository.get("matmul")
    settings = Settings.load({}, max_case_time_s=0.5, max_memory_mb=128, max_output_mb=1)
    kit = Kit.from_json(json.loads(json.dumps(make_kit(challenge, settings))))
    job, _ = plan(challenge, challenge.reference_source, kit.cases, settings)
    assert kit.time_s == 0.5 and set(job.case_time_limits_s) == {kit.time_s}
    assert kit.output_mb * 1024 * 1024 == job.output_limit_bytes
    spins = "import time\ndef matrix_multiplication(A, B):\n"
    spins += "    end = time.process_time() + 1\n    while time.process_time() < end: pass\n"
    assert run_examples(kit, spins).cases[0].verdict.value == "time_limit_exceeded"


def test_an_example_s_results_are_checked_by_the_challenge_s_own_checker(repository):
    """The server's side of `judge test`'s check: the worker's own words, and a clear error for
    what cannot be read."""
    from judge.local import check_example
    from judge.runner import wire

    adam = repository.get("adam")
    case = adam.examples()[0]
    expected = adam.expected(case)
    right = check_example(adam, case.name, wire.encode(expected))
    assert right.ok
    untouched = [None, *[[p.copy() for p in case.steps[1].args[0]]] * (len(expected) - 1)]
    rebound = check_example(adam, case.name, wire.encode(untouched))
    assert not rebound.ok and "not updated in place" in rebound.message
    with pytest.raises(ValueError, match="no public example"):
        check_example(adam, "benchmark-400k", wire.encode(expected))
    with pytest.raises(ValueError, match="cannot be read"):
        check_example(adam, case.name, b"not the wire format")
    with pytest.raises(ValueError, match="at most"):
        check_example(adam, case.name, wire.encode([None] * 99))


def test_a_server_that_cannot_check_the_results_is_named(repository):
    """The server went away between the kit and the check: the message says so."""
    from judge.client import ApiClient
    from judge.local import server_checker
    from tests.conftest import free_port

    kit = kit_of(repository, "matmul")
    kit.checker = server_checker(ApiClient(f"http://127.0.0.1:{free_port()}", timeout=2), "matmul")
    judged = run_examples(kit, repository.get("matmul").reference_source)
    assert judged.cases[0].message.startswith("the server could not check the results: ")
