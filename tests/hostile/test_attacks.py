"""The hostile-submission suite: every file in ``attacks/`` is submitted through the API to a real
worker running real sandboxes. Each declares the verdict it must get and a pattern its message must
match; afterwards the host must be clean, the worker alive, and an honest submission sent right
after each attack must still be accepted.

An attack file starts with its declaration::

    # challenge: knn                 (optional; matmul by default)
    # verdict: time_limit_exceeded
    # message: exceeded the time limit   (a regular expression, searched in the message)
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import threading
import time
from pathlib import Path

import pytest

from harness.attacks import ATTACKS
from harness.processes import process_tree
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from tests.hostile import host

pytestmark = [pytest.mark.services, pytest.mark.docker, pytest.mark.timeout(900)]

HONEST = """
import numpy as np

def matrix_multiplication(A, B):
    return np.matmul(A, B)
"""
REPOSITORY = ChallengeRepository(Settings.load({}).challenges_dir)


@dataclasses.dataclass
class Outcome:
    results: dict[str, dict]  # attack name -> the submission as the API shows it
    honest: dict[str, dict]  # attack name -> the honest submission queued right after it
    volumes_before: set[str]
    # attack name -> its sandboxes still there 20 s after its verdict (checked as each arrives)
    left_after: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # What the host showed once every attack and honest submission was judged
    # (:func:`host_problems`): the same for every attack, so looked at once.
    host_left: list[str] = dataclasses.field(default_factory=list)


# How long after its verdict an attack's used sandbox may still exist: a warm one is removed in
# the background, after the next one has started.
REMOVAL_S = 20.0


def watch_removal(outcome: Outcome, name: str, submission_id: int, worker_pid: int) -> None:
    """Right after an attack's verdict: its sandboxes must be gone within ``REMOVAL_S``."""
    deadline = time.monotonic() + REMOVAL_S
    tree = process_tree(worker_pid)
    while (
        left := host.sandboxes_of_submission(submission_id, tree)
    ) and time.monotonic() < deadline:
        time.sleep(0.5)
    outcome.left_after[name] = left


@pytest.fixture(scope="module")
def outcome(stack) -> Outcome:
    """All attacks queued at once, each followed by an honest submission, and all judged."""
    volumes_before = host.volumes()
    attacker, honest = stack.add_user("attacker"), stack.add_user("bystander")
    queued = {}
    for attack in ATTACKS:
        response = stack.submit(attacker, attack.source, attack.challenge)
        assert response.status_code == 202, response.text
        after = stack.submit(honest, HONEST)
        assert after.status_code == 202, after.text
        queued[attack.name] = (response.json()["id"], after.json()["id"])
    outcome = Outcome({}, {}, volumes_before)
    watchers = []
    for name, (attack_id, _) in queued.items():
        outcome.results[name] = stack.wait(attack_id, timeout=300)
        watchers.append(
            threading.Thread(
                target=watch_removal, args=(outcome, name, attack_id, stack.worker_pid)
            )
        )
        watchers[-1].start()
    outcome.honest = {name: stack.wait(ids[1], timeout=300) for name, ids in queued.items()}
    for watcher in watchers:
        watcher.join()
    outcome.host_left = host_problems(stack, volumes_before)
    return outcome


def test_there_are_enough_attacks():
    assert len(ATTACKS) >= 30
    assert len({a.name for a in ATTACKS}) == len(ATTACKS)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_attack_gets_its_verdict_and_leaves_the_host_clean(outcome, stack, attack):
    result = outcome.results[attack.name]
    assert result["status"] == attack.verdict.value, result["message"]
    assert re.search(attack.message, result["message"]), result["message"]
    assert_tells_nothing_secret(stack, result)
    assert outcome.left_after[attack.name] == [], "its sandbox outlived its verdict"
    assert outcome.host_left == [], "the host after the attacks"
    assert host.alive(stack.worker_pid), "the worker died"
    after = outcome.honest[attack.name]
    assert after["status"] == "accepted", f"the honest submission after it: {after['message']}"


def assert_tells_nothing_secret(stack, result: dict) -> None:
    secret = stack.settings.secret_key.decode()
    shown = str(result)
    assert secret not in shown
    assert str(stack.settings.data_dir) not in shown


def host_problems(stack, volumes_before: set[str]) -> list[str]:
    """What is wrong with the host once the attacks are judged: nothing, or each thing left.

    At most two started sandboxes per worker slot and runtime wait (NumPy's and PyTorch's: the
    attacks use both), one for the next submission and one for its reference; nothing else,
    once the last used one is removed and its successor started (in the background, just
    after the last verdict)."""
    deadline = time.monotonic() + 15
    while True:
        # This stack's worker's: another stack on the host (scripts/up's) has its own.
        tree = process_tree(stack.worker_pid)
        waiting = host.waiting_sandboxes(tree)
        left = [c for c in host.sandbox_containers(tree) if c not in waiting]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    runtimes = len({REPOSITORY.get(a.challenge).runtime for a in ATTACKS})
    problems = [f"a sandbox container left behind: {c[:12]}" for c in left]
    if len(waiting) > 2 * runtimes * stack.concurrency:
        problems.append(f"more waiting sandboxes than slots own: {len(waiting)}")
    outliving = host.outliving_processes(tree, waiting)
    problems += [f"a sandbox's process outlived it: {p}" for p in outliving]
    written = host.runner_files(Path(tempfile.gettempdir()), stack.settings.data_dir)
    problems += [f"written through to the host: {path}" for path in written]
    pwned = Path(tempfile.gettempdir()).glob("judge-pwned-*")
    problems += [f"a payload ran on the host: {path}" for path in pwned]
    problems += [f"a sandbox left a volume: {v}" for v in host.volumes() - volumes_before]
    return problems
