"""The worker reads nothing from a sandbox but its bounded result channel and capped log.

Judge0's first escape worked because a privileged worker read a file the submission had replaced
with a symbolic link. Here every Docker API call the worker makes while judging a hostile
submission is recorded, and none may read the container's file system or anything else of its.
"""

from __future__ import annotations

import pytest
from docker.api.client import APIClient

from harness.attacks import ATTACKS_DIR
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.docker_sandbox import DockerSandbox
from judge.judging import judge
from judge.verdicts import Verdict

pytestmark = pytest.mark.docker

# The whole life of a sandbox: made, attached (its stdin, stdout and stderr), started, waited for,
# inspected for its exit state, killed, removed. No archive, export, logs, changes, top or stats.
ALLOWED = {
    "/_ping",
    "/version",
    "/containers/create",
    "/containers/{0}/attach",
    "/containers/{0}/start",
    "/containers/{0}/wait",
    "/containers/{0}/json",
    "/containers/{0}/kill",
    "/containers/{0}",
}


def test_judging_touches_only_the_sandboxs_channel_and_state(runner_image, monkeypatch):
    called: set[str] = set()
    original = APIClient._url

    def recording(self, pathfmt, *args, **kwargs):
        called.add(pathfmt)
        return original(self, pathfmt, *args, **kwargs)

    monkeypatch.setattr(APIClient, "_url", recording)
    settings = Settings.load(secret="s" * 40)
    challenge = ChallengeRepository(settings.challenges_dir).get("matmul")
    source = (ATTACKS_DIR / "plants_symlinks.py").read_text()
    with DockerSandbox(runner_image) as sandbox:
        judgement = judge(challenge, source, sandbox, settings)
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message
    assert "/containers/{0}/attach" in called  # the recording saw the run
    assert called <= ALLOWED, f"unexpected Docker calls: {sorted(called - ALLOWED)}"
