"""A sandbox cut off from outside mid-run (what a Docker engine restart does to its containers)
is the judge's trouble, not the candidate's: the run is tried again, and a run that keeps failing
ends as the judge's error, never as a verdict against the submission."""

from __future__ import annotations

import threading
import time

import docker
import pytest

from harness.processes import wait_for
from judge import conversation
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.errors import SandboxError
from judge.judging import judge
from judge.sandbox import SandboxRun
from judge.verdicts import Verdict

VICTIM = "io.judge.test-victim"
SLOW_BUT_RIGHT = """
import time
import numpy as np

def matrix_multiplication(A, B):
    time.sleep(0.05)
    return np.matmul(A, B)
"""


class KilledOnce:
    """The real Docker sandbox, whose first run's container is killed from outside once its
    runner has started: the engine's restart, as the worker sees it."""

    def __init__(self, inner: DockerSandbox) -> None:
        self.inner = inner
        self.runs = 0

    def run(self, request, limits, labels=None, on_stdout=None):
        self.runs += 1
        if self.runs == 1:
            labels = {**(labels or {}), VICTIM: "1"}
            threading.Thread(target=_kill_when_seen, daemon=True).start()
        return self.inner.run(request, limits, labels, on_stdout)


def _kill_when_seen() -> None:
    client = docker.from_env()

    def victims() -> list:
        return client.containers.list(filters={"label": VICTIM})

    try:
        container = wait_for(victims, 60, "the victim's sandbox", interval=0.02)[0]
        time.sleep(0.5)  # a few cases in
        container.kill()
    finally:
        client.close()


@pytest.mark.docker
def test_a_sandbox_killed_from_outside_is_run_again_and_not_blamed(runner_image, monkeypatch):
    monkeypatch.setattr(conversation, "ENGINE_RETRY_WAIT_S", 0.1)
    settings = Settings.load(secret="s" * 40, warm_sandboxes=0)
    challenge = ChallengeRepository(settings.challenges_dir).get("matmul")
    with DockerSandbox(runner_image) as inner:
        sandbox = KilledOnce(inner)
        judgement = judge(challenge, SLOW_BUT_RIGHT, sandbox, settings, timed=False)
    assert sandbox.runs == 2
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message


class CutOff:
    """A sandbox whose runs all end without the runner's last word."""

    def __init__(self) -> None:
        self.runs = 0

    def run(self, request, limits, labels=None, on_stdout=None):
        self.runs += 1
        return SandboxRun(b"", b"", 137, False, False, False, 0.1)


def test_a_sandbox_that_keeps_failing_is_the_judges_error(monkeypatch):
    monkeypatch.setattr(conversation, "ENGINE_RETRY_WAIT_S", 0.0)
    settings = Settings.load(secret="s" * 40)
    challenge = ChallengeRepository(settings.challenges_dir).get("matmul")
    sandbox = CutOff()
    with pytest.raises(SandboxError, match="last word"):
        judge(challenge, challenge.reference_source, sandbox, settings)
    assert sandbox.runs == conversation.ENGINE_RETRIES + 1
