"""``judge()`` whole, without Docker: the worker's pipeline (plan, request, streaming reader,
checkpoint, grading) over the runner in a subprocess
(``judge.subprocess_sandbox.SubprocessSandbox``), the one ``judge test`` uses. What only a
container gives (memory limits, isolation) is tested in ``tests/test_sandbox.py`` and the hostile
suite."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.judging import judge
from judge.subprocess_sandbox import SubprocessSandbox
from judge.verdicts import Verdict
from tests import sources

ATTACKS = Path(__file__).parent / "hostile" / "attacks"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.load({}, secret="s" * 40, benchmark_budget_s=0.2, benchmark_min_runs=3)


@pytest.fixture(scope="module")
def matmul(settings):
    return ChallengeRepository(settings.challenges_dir).get("matmul")


def test_the_reference_is_accepted_and_its_benchmark_timed(matmul, settings):
    progress: list[dict] = []
    judgement = judge(
        matmul, matmul.reference_source, SubprocessSandbox(), settings, progress.append, seed=3
    )
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message
    timed = [case for case in judgement.cases if case.timing is not None]
    assert timed and all(case.timing.runs >= 3 for case in timed)
    assert all(case.memory_kb and case.memory_kb > 1024 for case in judgement.cases)
    assert {"status": "running", "phase": "benchmark"} in progress


def test_a_wrong_answer_skips_the_benchmark(matmul, settings):
    judgement = judge(matmul, sources.TRANSPOSED, SubprocessSandbox(), settings, seed=3)
    assert judgement.verdict is Verdict.WRONG_ANSWER
    benchmark = [case for case in judgement.cases if "benchmark" in case.name]
    assert benchmark and all(case.verdict is Verdict.SKIPPED for case in benchmark)


def test_a_spinning_submission_is_out_of_cpu_time(matmul, settings):
    judgement = judge(matmul, sources.INFINITE_LOOP, SubprocessSandbox(), settings, seed=3)
    assert judgement.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert "of CPU time" in judgement.message


def test_printing_past_the_output_limit(matmul, settings):
    source = (
        "import os\n"
        "def matrix_multiplication(A, B):\n"
        "    for _ in range(100):\n"
        "        os.write(1, b'x' * (1 << 20))\n"
        "    return A @ B\n"
    )
    judgement = judge(matmul, source, SubprocessSandbox(), settings, seed=3)
    assert judgement.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    assert "printed more than the output limit" in judgement.message


def test_a_channel_broken_early_is_not_left_waiting_at_the_checkpoint(matmul, settings):
    """Every case's report is unreadable (a patched encoder): the worker stops reading at the
    first, and answers STOP at once, rather than leave the runner waiting its 60 s for the
    checkpoint's answer."""
    source = (ATTACKS / "patches_the_runners_encoder.py").read_text()
    started = time.monotonic()
    judgement = judge(matmul, source, SubprocessSandbox(), settings, seed=3)
    assert judgement.verdict is Verdict.RUNTIME_ERROR
    assert "interfered with the judge" in judgement.message
    assert time.monotonic() - started < 30
