"""Every challenge package proves itself: the reference is accepted, the starter is not, and each
wrong solution gets the verdict it declares, judged in the real sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from judge.challenges import ChallengeRepository
from judge.config import Settings
from judge.judging import judge
from judge.sandbox import DockerSandbox

SETTINGS = Settings.load()
REPOSITORY = ChallengeRepository(SETTINGS.challenges_dir)
DECLARED = re.compile(r"^#\s*expect:\s*(\w+)", re.MULTILINE)

WRONG = [
    pytest.param(challenge.slug, path, id=f"{challenge.slug}/{path.name}")
    for challenge in REPOSITORY.all()
    for path in sorted((challenge.path / "wrong").glob("*.py"))
]


@pytest.fixture(scope="module")
def sandbox(runner_image):
    with DockerSandbox(runner_image) as sandbox:
        yield sandbox


@pytest.mark.parametrize("slug", REPOSITORY.slugs())
def test_package_is_well_formed(slug):
    challenge = REPOSITORY.get(slug)
    assert challenge.statement.strip() and challenge.starter.strip()
    cases = challenge.cases()
    assert any(c.public for c in cases) and any(not c.public for c in cases)
    again = challenge.cases()
    for a, b in zip(cases, again, strict=True):  # seeded: every worker builds the same suite
        assert a.name == b.name
        for x, y in zip(a.args, b.args, strict=True):
            np.testing.assert_array_equal(x, y)
    assert (challenge.path / "wrong").is_dir() and WRONG


@pytest.mark.docker
@pytest.mark.parametrize("slug", REPOSITORY.slugs())
def test_reference_is_accepted_and_starter_is_not(slug, sandbox):
    challenge = REPOSITORY.get(slug)
    reference = (challenge.path / "reference.py").read_text()
    accepted = judge(challenge, reference, sandbox, SETTINGS)
    assert accepted.verdict == "accepted", accepted.message
    assert judge(challenge, challenge.starter, sandbox, SETTINGS).verdict != "accepted"


@pytest.mark.docker
@pytest.mark.parametrize(("slug", "path"), WRONG)
def test_wrong_solution_gets_its_declared_verdict(slug, path: Path, sandbox):
    declared = DECLARED.search(path.read_text())
    assert declared, f"{path} must declare '# expect: <verdict>'"
    judgement = judge(REPOSITORY.get(slug), path.read_text(), sandbox, SETTINGS)
    assert judgement.verdict == declared[1], judgement.message


def test_unknown_and_malformed_slugs_are_unknown():
    from judge.errors import UnknownChallenge

    for slug in ("nope", "../challenges", "", "MATMUL", 3):
        with pytest.raises(UnknownChallenge):
            REPOSITORY.get(slug)


def test_banned_imports_are_invalid_before_any_sandbox():
    import dataclasses

    from judge.judging import static_problem

    challenge = dataclasses.replace(REPOSITORY.get("matmul"), banned_imports=["scipy", "torch"])
    assert "'scipy.linalg'" in static_problem("from scipy.linalg import blas\n", challenge)
    assert "line 2" in static_problem("import os\nimport torch as t\n", challenge)
    assert static_problem("import numpy as np\n", challenge) == ""
    assert "syntax error" in static_problem("def f(:\n", challenge)
    assert static_problem("x = 1\0", challenge)  # NUL: ValueError (3.11) or SyntaxError (3.12)
