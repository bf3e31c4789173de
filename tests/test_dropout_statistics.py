"""The dropout checker's promise: at most 1e-9 false-rejection probability per submission."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings

DROPOUT = ChallengeRepository(Settings.load().challenges_dir).get("dropout")
PROMISED = 1e-9


def _cases_module():
    return importlib.import_module(f"judge_challenge_{DROPOUT.slug}_cases")


def test_the_suite_runs_few_enough_tests_for_its_promise():
    DROPOUT.cases(0, b"x")  # loads the package's cases.py
    module = _cases_module()
    total = 0
    for case in DROPOUT.cases(3, b"secret"):
        X, rate = case.steps[0].args
        masks = [np.ones(X.shape, dtype=bool)] * len(case.steps)
        total += len(module.statistical_tests(X, rate, masks))
    assert total * module.ALPHA <= PROMISED / 10  # the statement promises below 1e-10
    assert total < 60  # as the statement says


@pytest.mark.parametrize("seed", range(20))
def test_the_reference_is_accepted_on_every_draw(seed):
    np.random.seed(seed)  # the reference draws from NumPy's global generator
    for case in DROPOUT.cases(seed, b"secret"):
        expected = DROPOUT.expected(case)
        again = DROPOUT.expected(case)  # another correct, independent draw
        assert DROPOUT.check(case, expected, again).ok, case.name
