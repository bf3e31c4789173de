"""Grading a case from what the runner reported: expected exceptions, inputs modified in place,
results judged before the crash they caused. Pure logic, on fabricated runner reports."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pytest

from judge.case_grading import grade_case as _graded
from judge.challenge_packages import ChallengeRepository
from judge.challenges import Case, assign, call, get, method
from judge.config import Settings
from judge.errors import ChallengeError
from judge.grading import grade as grade_run
from judge.result_channel import CaseEvent, Report
from judge.runner import wire
from judge.runner.digests import digest
from judge.sandbox import SandboxRun
from judge.timed_grading import SECRET_SET_NOTE

REPOSITORY = ChallengeRepository(Settings.load().challenges_dir)
MATMUL = REPOSITORY.get("matmul")
A, B = np.ones((2, 3)), np.ones((3, 4))
INCOMPATIBLE = Case("incompatible", (A, A), raises="ValueError")


def event(results=(), error=None, digests=None):
    """A runner's report; ``digests`` default to those of inputs left untouched."""
    return CaseEvent(0, results=list(results), digests=digests, error=error, time_ns=1000)


def exception(*types, message="boom"):
    return {"kind": "exception", "types": list(types), "message": message, "line": 3}


def grade(case, reported, challenge=MATMUL):
    if reported.digests is None:
        steps = case.steps[: len(reported.results)]
        reported.digests = [[digest(arg) for arg in step.args] for step in steps]
    return _graded(challenge, case, challenge.expected(case), reported)


def test_the_expected_exception_or_a_subclass_is_accepted():
    assert grade(INCOMPATIBLE, event(error=exception("ValueError"))).verdict == "accepted"
    subclass = exception("ShapeError", "ValueError", "Exception")
    assert grade(INCOMPATIBLE, event(error=subclass)).verdict == "accepted"


def test_another_exception_or_a_value_where_one_must_be_raised_is_wrong():
    other = grade(INCOMPATIBLE, event(error=exception("AssertionError", message="AssertionError")))
    assert other.verdict == "wrong_answer" and "expected ValueError" in other.message
    returned = grade(INCOMPATIBLE, event([np.zeros((2, 3))]))
    assert returned.verdict == "wrong_answer" and "a value was returned" in returned.message


def test_an_unexpected_exception_is_a_runtime_error():
    result = grade(
        Case("plain", (A, B)), event(error=exception("ValueError", message="ValueError"))
    )
    assert result.verdict == "runtime_error"


def test_a_memory_error_where_an_exception_is_expected_is_still_memory():
    memory = {"kind": "memory", "message": "MemoryError", "line": None}
    assert grade(INCOMPATIBLE, event(error=memory)).verdict == "memory_limit_exceeded"


def test_an_input_modified_in_place_is_wrong_even_with_the_right_result():
    case = Case("plain", (A, B))
    changed = [[digest(A * 2), digest(B)]]
    result = grade(case, event([A @ B], digests=changed))
    assert result.verdict == "wrong_answer" and "argument 1 in place" in result.message
    untouched = [[digest(A), digest(B)]]
    assert grade(case, event([A @ B], digests=untouched)).verdict == "accepted"
    lenient = dataclasses.replace(MATMUL, inputs_unchanged=False)
    assert grade(case, event([A @ B], digests=changed), lenient).verdict == "accepted"


def test_the_argument_a_step_updates_in_place_may_change_and_no_other():
    from judge.case_grading import _modified_input

    params, grads = [np.ones(2)], [np.ones(2)]
    case = Case("optimiser", steps=(call(0.1), method("step", params, grads, in_place=0)))
    updated = [[], [digest([np.zeros(2)]), digest(grads)]]
    assert _modified_input(case, event([None, [np.zeros(2)]], digests=updated)) == (None, "")
    touched = [[], [digest(params), digest([np.zeros(2)])]]
    verdict, message = _modified_input(case, event([None, params], digests=touched))
    assert (
        verdict == "wrong_answer" and "step 2 (.step(...)) modified its input argument 2" in message
    )


def test_a_keyword_argument_modified_in_place_is_named():
    from judge.case_grading import _modified_input

    X = np.ones(3)
    case = Case("by-keyword", steps=(call(1, X=X),))
    changed = [[digest(1), digest(X * 2)]]
    verdict, message = _modified_input(case, event([0], digests=changed))
    assert verdict == "wrong_answer" and "input keyword argument X in place" in message


def test_a_wrong_result_before_a_crash_is_what_is_reported():
    net = REPOSITORY.get("feedforward")
    X = np.ones((2, 3))
    case = Case(
        "net",
        steps=(
            call(3, 4, 2),
            get("W1", "b1", "W2", "b2"),
            assign(W1=np.ones((3, 4)), b1=np.ones((1, 4)), W2=np.ones((4, 2)), b2=np.ones((1, 2))),
            method("forward", X),
        ),
    )
    transposed = {"W1": np.ones((4, 3)), "b1": np.ones((1, 4)), "W2": np.ones((2, 4))}
    transposed["b2"] = np.ones((1, 2))
    crashed = event([None, transposed, None], error=exception("ValueError"))
    result = grade(case, crashed, net)
    assert result.verdict == "wrong_answer" and "W1 has shape (4, 3)" in result.message


def test_a_case_may_only_expect_an_exception_at_its_last_step():
    with pytest.raises(ChallengeError):
        Case("bad", steps=(call(A, A, raises="ValueError"), call(A, B)))


def test_a_reference_that_does_not_raise_where_it_must_is_a_broken_package():
    with pytest.raises(ChallengeError, match="did not raise"):
        MATMUL.expected(Case("bad", (A, B), raises="ValueError"))


def run_seen_by_docker(oom_killed: bool, wall_s: float = 1.0) -> SandboxRun:
    return SandboxRun(
        b"", b"", 0, oom_killed, timed_out=False, stdout_overflow=False, wall_s=wall_s
    )


def test_a_memory_kill_docker_saw_fails_a_run_whose_cases_all_passed():
    cases = [Case("first", (A, B)), Case("second", (A, B))]
    expected = [MATMUL.expected(case) for case in cases]
    reports = {i: event([A @ B]) for i in range(2)}
    for i, case in enumerate(cases):
        reports[i].index = i
        reports[i].digests = [[digest(arg) for arg in case.steps[0].args]]
    report = Report(cases=reports, finished=True)
    clean = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=False))
    assert clean.verdict == "accepted"
    killed = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=True))
    assert killed.verdict == "memory_limit_exceeded"
    assert killed.message == (
        "first: a process of the submission was killed by the memory limit during the run"
    )


def test_the_submissions_own_clock_flags_nothing():
    """Its clock is the submission's to patch: a claim past the whole run's length is a lie,
    and says nothing about the times a score is made of (the runner's)."""
    cases = [Case("first", (A, B))]
    reported = event([A @ B])
    reported.digests = [[digest(arg) for arg in cases[0].steps[0].args]]
    reported.time_ns = 3 * 10**9  # three seconds, in a run of one
    report = Report(cases={0: reported}, finished=True)
    judged = grade_run(
        MATMUL, cases, [MATMUL.expected(cases[0])], report, run_seen_by_docker(False)
    )
    assert judged.verdict == "accepted" and judged.flag_reason == ""


def timed_report(outputs, variants, checked=None, matched=()):
    """A benchmark case run once and timed on ``variants`` (one output per run), the outputs of
    the runs ``checked`` (all by default) sent to be checked, those of ``matched`` found by the
    runner to hash as the reference's did."""
    from judge.result_channel import TimedRuns

    case = dataclasses.replace(Case("bench", (A, B)), benchmark=True)
    results = [[value] for value in outputs]
    checked = list(range(len(outputs))) if checked is None else checked
    timed = TimedRuns(
        claimed_ns=[1000] * len(outputs),
        outputs=[CaseEvent(-1, results=results[run]) for run in checked],
        observed={
            "outside_ns": [2000] * len(outputs),
            "claimed_ns": [1000] * len(outputs),
            "checked": checked,
            "matched": list(matched),
            "digests": [hashlib.sha256(wire.encode(r)).hexdigest() for r in results],
            "variants": variants,
            "prepare_ns": [500] * len(outputs),
            "wall_ns": 10**6,
            "cpu_ns": None,
        },
    )
    after = [[digest(A), digest(B)]]
    report = Report(
        cases={0: CaseEvent(0, results=[A @ B], digests=after, time_ns=1000)},
        timed={0: timed},
        checkpoint=True,
        finished=True,
        ended=True,
    )
    return case, report


def test_each_timed_run_is_checked_against_its_own_inputs():
    sets = {0: [(Case("bench", (k * A, B)), [(k * A) @ B]) for k in (2, 3)]}  # sets 1, 2
    case, report = timed_report([(3 * A) @ B, (2 * A) @ B], variants=[2, 1])
    run = run_seen_by_docker(False)
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
    assert judged.verdict == "accepted" and judged.cases[0].timing.variants == (2, 1)
    # The warm-up's answer, kept and returned for set 2: wrong.
    case, report = timed_report([A @ B, (2 * A) @ B], variants=[2, 1])
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
    assert judged.verdict == "wrong_answer" and "in a timed run" in judged.message
    # Its kind alone: the set is shared with other submissions, its values are not shown.
    assert judged.message.endswith(
        "a wrong output on one of its secret input sets" + SECRET_SET_NOTE
    )


def test_too_few_checked_outputs_are_not_accepted():
    """The runner checks the first timed run's output and a quarter of them at the least: a
    case with fewer is not accepted, and the message says why."""
    sets = {0: [(Case("bench", (k * A, B)), [(k * A) @ B]) for k in range(2, 8)]}
    outputs = [(k * A) @ B for k in range(2, 8)]
    run = run_seen_by_docker(False)
    for checked in ([1, 2, 3], [0], []):  # not the first; one of six; none
        case, report = timed_report(outputs, variants=list(range(1, 7)), checked=checked)
        judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
        assert judged.verdict == "internal_error", checked
        assert "of its 6 timed runs had their outputs checked" in judged.message
        assert judged.score is None
    case, report = timed_report(outputs, variants=list(range(1, 7)), checked=[0, 4])
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
    assert judged.verdict == "accepted", judged.message


def test_a_run_whose_output_was_the_references_counts_as_checked_if_the_worker_sent_its_hash():
    """The runner counts a run whose output hashed as the reference's on its set (the worker
    sent the hash with the set) as checked, and does not send it: the worker believes that only
    for the hash it sent."""
    sets = {0: [(Case("bench", (k * A, B)), [(k * A) @ B]) for k in range(2, 6)]}
    outputs = [(k * A) @ B for k in range(2, 6)]
    run = run_seen_by_docker(False)
    case, report = timed_report(outputs, variants=[1, 2, 3, 4], checked=[2], matched=[0, 1])
    hashes = report.timed[0].observed["digests"]
    known = {0: {1: hashes[0], 2: hashes[1]}}
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets, known)
    assert judged.verdict == "accepted", judged.message
    for wrong in ({0: {1: hashes[0]}}, {0: {1: hashes[0], 2: hashes[2]}}, None):
        judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets, wrong)
        assert judged.verdict == "internal_error", wrong
        assert "matched an output the worker never sent" in judged.message
    # A matched run counts toward the checks only once: here one of four, not the first.
    case, report = timed_report(outputs, variants=[1, 2, 3, 4], checked=[], matched=[1])
    known = {0: {2: report.timed[0].observed["digests"][1]}}
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets, known)
    assert judged.verdict == "internal_error" and "the first not among them" in judged.message


def test_one_output_for_two_inputs_is_flagged_where_neither_was_checked():
    sets = {0: [(Case("bench", (k * A, B)), [(k * A) @ B]) for k in (2, 3, 4, 5)]}
    kept = (2 * A) @ B
    case, report = timed_report([kept, kept, kept, kept], variants=[1, 2, 3, 4], checked=[0])
    run = run_seen_by_docker(False)
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
    assert judged.verdict == "accepted"  # the one output checked was right: the hashes tell
    assert "returned the very output of a run on other inputs" in judged.flag_reason


def test_a_timed_run_on_inputs_never_sent_is_the_judges_fault():
    case, report = timed_report([(2 * A) @ B], variants=[5])
    judged = grade_run(
        MATMUL, [case], [MATMUL.expected(case)], report, run_seen_by_docker(False), {}
    )
    assert judged.verdict == "internal_error"


def done(case, index):
    """A case's run reported right and complete: its results, its inputs untouched."""
    digests = [[digest(arg) for arg in step.args] for step in case.steps]
    return CaseEvent(index, results=[A @ B], digests=digests, time_ns=1000)


def test_a_kill_in_the_timed_runs_before_any_reported_names_the_benchmark_case():
    # Seen on cross_entropy: the benchmark's warm-up passed, the child was killed by the memory
    # limit in its first timed run, before that run reported; every other case had passed. The
    # runner's failure names the benchmark case: it carries the verdict, not the first case.
    bench = dataclasses.replace(Case("bench", (A, B)), benchmark=True)
    cases = [Case("first", (A, B)), Case("second", (A, B)), bench]
    failure = {"event": "crashed", "case": 2, "signal": "SIGKILL", "oom_kills": 1}
    report = Report(
        cases={i: done(case, i) for i, case in enumerate(cases)},
        checkpoint=True,
        failure=failure,
        need=(2, 4),
        ended=True,
    )
    expected = [MATMUL.expected(case) for case in cases]
    judged = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=True))
    assert [r.verdict for r in judged.cases] == [
        "accepted",
        "accepted",
        "memory_limit_exceeded",
    ]
    assert judged.message == "bench: in a timed run: killed by the memory limit"
    # What Docker saw alone (the runner's parent had no last word) names the same case.
    report.failure = None
    judged = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=True))
    assert [r.verdict for r in judged.cases] == [
        "accepted",
        "accepted",
        "memory_limit_exceeded",
    ]


def test_a_case_that_stopped_the_run_carries_its_verdict_wherever_the_benchmark_sits():
    # Benchmark cases run after every other case: a run stopped in the last ordinary case must
    # not be blamed on a benchmark case that comes before it in the suite (and never ran).
    bench = dataclasses.replace(Case("bench", (A, B)), benchmark=True)
    cases = [bench, Case("first", (A, B)), Case("slow", (A, B)), Case("last", (A, B))]
    expected = [MATMUL.expected(case) for case in cases]
    timeout = {"event": "timeout", "case": 2, "clock": "cpu", "limit_s": 2.0}
    report = Report(cases={1: done(cases[1], 1)}, started=2, failure=timeout, ended=True)
    judged = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=False))
    assert [(r.verdict, r.message) for r in judged.cases] == [
        ("skipped", "not run"),
        ("accepted", ""),
        ("time_limit_exceeded", "exceeded the time limit of 2.0 s of CPU time"),
        ("skipped", "not run"),
    ]
    # Cut off from outside (no failure event): the case it had started is the one.
    report.failure = None
    judged = grade_run(MATMUL, cases, expected, report, run_seen_by_docker(oom_killed=True))
    assert [r.verdict for r in judged.cases] == [
        "skipped",
        "accepted",
        "memory_limit_exceeded",
        "skipped",
    ]


def test_a_helper_killed_in_the_timed_runs_is_the_benchmark_cases_verdict():
    # The child answered every run; a process it forked was killed by the memory limit during
    # the timed runs: the runner's account of them says so, and the benchmark case carries it.
    sets = {0: [(Case("bench", (k * A, B)), [(k * A) @ B]) for k in (2, 3)]}
    case, report = timed_report([(3 * A) @ B, (2 * A) @ B], variants=[2, 1])
    report.timed[0].observed["oom_kills"] = 1
    run = run_seen_by_docker(True)
    judged = grade_run(MATMUL, [case], [MATMUL.expected(case)], report, run, sets)
    assert judged.verdict == "memory_limit_exceeded"
    assert judged.message == (
        "bench: in a timed run: "
        "a process of the submission was killed by the memory limit during the case"
    )


@pytest.mark.parametrize(
    ("figures", "verdict"),
    [
        ({"memory_grown_bytes": 265 << 20, "kernel_ns": 1_900_000_000}, "memory_limit_exceeded"),
        ({"memory_grown_bytes": 265 << 20, "kernel_ns": 400_000_000}, "time_limit_exceeded"),
        ({"memory_grown_bytes": 64 << 20, "kernel_ns": 1_900_000_000}, "time_limit_exceeded"),
        ({"memory_grown_bytes": 265 << 20}, "time_limit_exceeded"),
        ({"memory_grown_bytes": True, "kernel_ns": 1_900_000_000}, "time_limit_exceeded"),
        # Stopped by the wall clock: it was waiting (a lock, a sleep), whatever its memory.
        (
            {"memory_grown_bytes": 265 << 20, "kernel_ns": 90_000_000, "clock": "wall"},
            "time_limit_exceeded",
        ),
    ],
    ids=["taking-memory", "computing", "little-memory", "no-kernel-time", "a-bool", "waiting"],
)
def test_a_case_out_of_time_while_taking_memory_is_a_memory_verdict(figures, verdict):
    """Seen on a virtual machine whose host gives it memory when first touched: a bomb of 8 GiB
    had 265 MB of its 512 after its 2 s, nearly all of them the kernel's. A quarter of the limit
    taken, the kernel's time the most of it: memory. A computation's time is its own: time."""
    case = Case("slow", (A, B))
    timeout = {"event": "timeout", "case": 0, "clock": "cpu", "limit_s": 2.0}
    timeout |= {"cpu_ns": 2_000_000_000, "memory_limit_bytes": 512 << 20, **figures}
    if timeout["clock"] == "wall":
        timeout["cpu_ns"] = 100_000_000
    report = Report(started=0, failure=timeout, ended=True)
    expected = [MATMUL.expected(case)]
    judged = grade_run(MATMUL, [case], expected, report, run_seen_by_docker(oom_killed=False))
    assert judged.verdict == verdict, judged.message
    if verdict == "memory_limit_exceeded":
        assert judged.message == (
            "slow: took 265 MB of its 512 MB memory limit, the kernel spending 1.9 of its 2.0 s "
            "of CPU time giving it memory, and did not finish within the time limit of 2.0 s"
        )
