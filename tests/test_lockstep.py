"""The submission's timed runs and the reference's in turn (judge/lockstep.py): the turnstile's
rules with threads standing in for the two sandboxes, then both runs in the real sandbox."""

from __future__ import annotations

import threading
import time

import pytest

from judge.lockstep import Side, Turnstile

S, R = Side.SUBMISSION, Side.REFERENCE


def run_side(turnstile: Turnstile, side: Side, plan: list[tuple[str, int]], log: list) -> None:
    """A runner's parent: for each case, asks for sets until told END (the reference) or
    until it has run its count (the submission, which then reports the case over)."""
    try:
        for case, count in plan:
            runs = 0
            while side is R or runs < count:
                if not turnstile.need(side, case):
                    break
                log.append(("start", side, case))
                time.sleep(0.002)  # the run
                log.append(("end", side, case))
                runs += 1
            if side is S:
                turnstile.ended(case)
    finally:
        turnstile.over(side)


def both(turnstile: Turnstile, submission: list, reference: list | None = None) -> list:
    log: list = []
    sides = [threading.Thread(target=run_side, args=(turnstile, S, submission, log))]
    if reference is not None:
        sides.append(threading.Thread(target=run_side, args=(turnstile, R, reference, log)))
    for side in sides:
        side.start()
    for side in sides:
        side.join(timeout=10)
        assert not side.is_alive()
    return log


def test_runs_alternate_and_never_overlap() -> None:
    turnstile = Turnstile(timeout_s=5)
    log = both(turnstile, [("a", 4), ("b", 3)], [("a", 0), ("b", 0)])
    assert turnstile.granted == [(S, "a"), (R, "a")] * 4 + [(S, "b"), (R, "b")] * 3
    running = 0
    for what, _, _ in log:
        running += 1 if what == "start" else -1
        assert running in (0, 1)  # one run at a time
    assert not turnstile.broken


def test_the_reference_ends_a_case_once_it_matched_the_submissions_runs() -> None:
    """However many runs the submission's runner decides on, the reference makes as many."""
    turnstile = Turnstile(timeout_s=5)
    both(turnstile, [("a", 2)], [("a", 0)])
    assert turnstile.granted == [(S, "a"), (R, "a"), (S, "a"), (R, "a")]


def test_the_reference_takes_its_last_turn_once_the_submission_has_no_timed_run_left() -> None:
    """After its last timed run the submission's sandbox still has work (its runner's account,
    its exit, its grading): the reference's last run does not wait for it, and still comes
    after the submission's last."""
    turnstile = Turnstile(timeout_s=5, cases=frozenset({"a"}))
    reference = threading.Thread(target=turnstile.need, args=(R, "a"))
    reference.start()  # waiting for a set of its own: the submission's turn first
    assert turnstile.need(S, "a")
    time.sleep(0.1)
    assert reference.is_alive()  # the submission's run is not over, nor is it asking
    turnstile.ended("a")  # its timed runs of its one case are: the reference's turn, now
    reference.join(timeout=1)
    assert not reference.is_alive() and turnstile.granted == [(S, "a"), (R, "a")]
    assert turnstile.need(R, "a") is False  # matched: END, with the submission not over yet


def test_a_side_that_is_over_lets_the_other_go_alone() -> None:
    turnstile = Turnstile(timeout_s=5)
    turnstile.over(R)  # the reference could not start
    both(turnstile, [("a", 3)])
    assert turnstile.granted == [(S, "a")] * 3 and not turnstile.broken
    late = Turnstile(timeout_s=5)
    late.over(S)  # the submission failed: the reference matches what it ran, then ends
    assert late.need(R, "a") is False


def test_a_stalled_side_breaks_the_turnstile_after_its_timeout() -> None:
    turnstile = Turnstile(timeout_s=0.2)
    began = time.monotonic()
    assert turnstile.need(S, "a")  # the reference never comes to wait: both go on unpaired
    assert time.monotonic() - began >= 0.2 and turnstile.broken
    assert turnstile.need(S, "a")  # no more waiting
    assert turnstile.need(R, "a") and turnstile.need(R, "a")  # its two owed runs
    assert turnstile.need(R, "a")  # and on, alone, while the submission's runs go on
    turnstile.ended("a")
    assert turnstile.need(R, "b") and not turnstile.need(R, "a")  # END once they are over


@pytest.mark.parametrize("source", ["honest", "wrong_in_timed_runs"])
def test_in_the_real_sandbox_each_pair_of_runs_is_taken_in_turn(runner_image, tmp_path, source):
    """The worker's path (two sandboxes, the reference's of its own): the reference starts at
    the submission's go-ahead, on its sets in its order, and each of the submission's timed runs
    is followed by the reference's on the same set before the next. A submission wrong in its
    timed runs ends the reference's run with it: no score, nothing left running."""
    from judge.challenge_packages import ChallengeRepository
    from judge.config import Settings
    from judge.docker_sandbox import DockerSandbox
    from judge.judging import judge
    from judge.reference_pairing import ReferencePairing
    from judge.timed_sets import TimedSets

    settings = Settings.load({}, data_dir=tmp_path, secret="s" * 40, benchmark_max_runs=6)
    assert settings.reference_lockstep and not settings.reference_reuse
    matmul = ChallengeRepository(settings.challenges_dir).get("matmul")
    code = matmul.reference_source if source == "honest" else WRONG_IN_TIMED_RUNS
    pool = TimedSets(settings).pool(matmul)
    with DockerSandbox(runner_image) as sandbox, DockerSandbox(runner_image) as own:
        pairing = ReferencePairing(settings, "a test machine", lambda runtime: own)
        beside = pairing.beside(matmul, pool)
        assert beside is not None
        judgement = judge(matmul, code, sandbox, settings, seed=7, pool=pool, partner=beside)
        if source == "honest":
            pairing.score(matmul, sandbox, judgement, pool, beside=beside)
        times = beside.finish()
    turnstile = beside.turnstile
    assert turnstile is not None and not turnstile.broken
    if source != "honest":
        assert judgement.verdict.value == "wrong_answer" and judgement.score is None
        return
    assert judgement.verdict.value == "accepted" and 0.3 < judgement.score < 3.0
    ((name, mine),) = judgement.timings().items()
    assert times is not None and times.timings[name].variants == mine.variants
    assert turnstile.granted == [(S, name), (R, name)] * mine.runs


# Right on every case and on the benchmark's warm-up (its first call on inputs that large), wrong
# on its timed runs: the checked outputs catch it, and the reference's run ends with the
# submission's.
WRONG_IN_TIMED_RUNS = """
import numpy as np

large = 0

def matrix_multiplication(a, b):
    global large
    product = a @ b
    if a.size >= 512 * 512:
        large += 1
    return product + 1 if large > 1 else product
"""
