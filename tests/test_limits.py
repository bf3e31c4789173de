"""Each challenge sets its limits, and the operator's maximums clamp them: in the plan the worker
makes, and in the real sandbox, where a submission within the challenge's limit but past the
operator's gets the verdict of the operator's."""

from __future__ import annotations

import dataclasses

import pytest

from judge.challenge_packages import ChallengeRepository
from judge.challenges import ChallengeLimits
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.judging import judge
from judge.planning import plan
from judge.verdicts import Verdict

SECRET = "l" * 40
MATMUL = ChallengeRepository(Settings.load().challenges_dir).get("matmul")

# 300 MB held during the first case, then the right answers: within matmul's 512 MB. Given ten
# seconds a case (matmul's two are enough on bare metal): on a virtual machine whose host gives it
# memory only when first touched, 300 MB can take three seconds of CPU time.
HOLDS_300_MB = """
import numpy as np

_held = None

def matrix_multiplication(A, B):
    global _held
    if _held is None:
        _held = np.ones(300 * 2**20 // 8)
    return A @ B
"""

# Spins for one second of CPU time in the first case, then the right answers: within matmul's
# 2 s per case (limits are on CPU time).
SPINS_ONE_SECOND = """
import time

_spun = False

def matrix_multiplication(A, B):
    global _spun
    if not _spun:
        _spun = True
        started = time.process_time()
        while time.process_time() - started < 1.0:
            pass
    return A @ B
"""


def test_a_challenge_gets_its_own_limits_under_the_maximums():
    challenge = dataclasses.replace(MATMUL, limits=ChallengeLimits(1.5, 300, 8))
    job, limits = plan(challenge, "", MATMUL.cases(0, SECRET.encode()), Settings.load({}))
    assert set(job.case_time_limits_s) == {1.5}
    assert limits.memory_mb == 300
    assert job.output_limit_bytes == 8 << 20


def test_limits_over_the_operators_maximums_are_clamped():
    settings = Settings.load({}, max_case_time_s=0.5, max_memory_mb=128, max_output_mb=1)
    job, limits = plan(MATMUL, "", MATMUL.cases(0, SECRET.encode()), settings)
    assert set(job.case_time_limits_s) == {0.5}
    assert limits.memory_mb == 128
    assert job.output_limit_bytes == 1 << 20


@pytest.mark.docker
@pytest.mark.parametrize(
    ("source", "maximum", "verdict"),
    [
        (HOLDS_300_MB, {"max_memory_mb": 128}, Verdict.MEMORY_LIMIT_EXCEEDED),
        (SPINS_ONE_SECOND, {"max_case_time_s": 0.5}, Verdict.TIME_LIMIT_EXCEEDED),
    ],
    ids=["memory", "time"],
)
def test_the_operators_maximum_holds_in_the_sandbox(runner_image, source, maximum, verdict):
    challenge = dataclasses.replace(MATMUL, limits=dataclasses.replace(MATMUL.limits, time_s=10))
    if "max_case_time_s" in maximum:
        challenge = MATMUL  # the time limit is the one at stake
    with DockerSandbox(runner_image) as sandbox:
        within = judge(challenge, source, sandbox, Settings.load({}, secret=SECRET))
        over = judge(challenge, source, sandbox, Settings.load({}, secret=SECRET, **maximum))
    assert within.verdict is Verdict.ACCEPTED, within.message
    assert over.verdict is verdict, over.message
