"""A benchmark case's timed runs graded, once its first run was right: each checked run's output
right on its own input set, the runs finished, enough of them checked; a failure told by its kind
alone (the sets are shared with other submissions); then the runs' figures, flagged where a run
returned the very output of a run on other inputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from judge.case_grading import CaseResult, Suite, checked_results, unfinished
from judge.challenges import Case
from judge.failure_messages import KILLED_IN_THE_CASE, case_error
from judge.result_channel import Report, TimedRuns
from judge.runner import wire
from judge.runner.benchmark import checks_required
from judge.runner.digests import fingerprint
from judge.sandbox import SandboxRun
from judge.timing import summarize
from judge.verdicts import Verdict


def grade_timed(
    challenge: Suite,
    case: Case,
    expected: list[tuple[Case, Any]],
    timed: TimedRuns,
    result: CaseResult,
    report: Report,
    run: SandboxRun,
    known: Mapping[int, str] | None = None,
) -> None:
    """A benchmark case whose first run was right: its timed runs must be right too, each on its
    own inputs (``expected`` holds each input set, as a case, and its expected results; a run
    whose output hashed as ``known`` says the reference's did on its set is right), and
    finish."""
    verdict, message = None, ""
    if timed.errors:
        verdict, message = _secret(case_error(timed.errors[0]))
    observed = timed.observed or {}
    checked = observed.get("checked", [None] * len(timed.outputs))
    variants = observed.get("variants", [])
    for number, output in zip(checked, timed.outputs, strict=False):
        if verdict is not None:
            break
        verdict, message = _secret(case_error(output.error)) if output.error else (None, "")
        if verdict is None and number is not None:  # else the run was cut off: see below
            inputs = variants[number] if number < len(variants) else -1
            if not 0 <= inputs < len(expected):
                verdict, message = Verdict.INTERNAL_ERROR, "a timed run on inputs never sent"
            else:
                verdict, message = _secret(checked_results(challenge, *expected[inputs], output))
    if verdict is None and timed.observed is None:
        stopped_by = unfinished(case, report, run)
        verdict, message = stopped_by.verdict, stopped_by.message
    if verdict is None and observed.get("oom_kills"):
        verdict, message = Verdict.MEMORY_LIMIT_EXCEEDED, KILLED_IN_THE_CASE
    if verdict is None and timed.observed is not None:
        verdict, message = _unvouched_match(observed, known or {}) or _too_few_checked(observed)
    if verdict is not None:
        result.verdict, result.message = verdict, f"in a timed run: {message}"
        return
    assert timed.observed is not None
    result.timing = summarize(timed.claimed_ns, timed.observed)
    flag = _same_output_for_other_inputs(observed["digests"], variants, expected)
    result.timing = dataclasses.replace(result.timing, flag=flag)


#: What a timed run's failure says: its kind alone. Its inputs are one of the pool's sets, which
#: other submissions are timed on (:mod:`judge.timed_sets`): a checker's message would show their
#: expected values, an exception's text whatever the submission put in it.
SECRET_SET_FAILURES = {
    Verdict.WRONG_ANSWER: "a wrong output on one of its secret input sets",
    Verdict.RUNTIME_ERROR: "an exception on one of its secret input sets",
    Verdict.MEMORY_LIMIT_EXCEEDED: "out of memory on one of its secret input sets",
    Verdict.OUTPUT_LIMIT_EXCEEDED: "an output too large on one of its secret input sets",
    Verdict.INVALID_SUBMISSION: "a banned import on one of its secret input sets",
}
SECRET_SET_NOTE = " (those sets are shared with other submissions: no detail is shown)"


def _secret(found: tuple[Verdict | None, str]) -> tuple[Verdict | None, str]:
    """A timed run's finding, in words that show nothing of its inputs or its output."""
    verdict, message = found
    if verdict in SECRET_SET_FAILURES:
        return verdict, SECRET_SET_FAILURES[verdict] + SECRET_SET_NOTE
    return verdict, message


def _unvouched_match(
    observed: Mapping[str, Any], known: Mapping[int, str]
) -> tuple[Verdict, str] | None:
    """A run the runner counted as the reference's very output, whose hash is not the one the
    worker sent with its set: the judge's own failure (the child cannot reach the runner's
    parent, which hashes and matches)."""
    digests, variants = observed["digests"], observed["variants"]
    for run in observed.get("matched", []):
        if not digests[run] or digests[run] != known.get(variants[run]):
            return Verdict.INTERNAL_ERROR, "a timed run matched an output the worker never sent"
    return None


def _too_few_checked(observed: Mapping[str, Any]) -> tuple[Verdict | None, str]:
    """A benchmark case whose timed runs had fewer outputs checked than the runner must check
    (the first run's among them) is not accepted: its times would stand for work nobody saw.
    The runner ends the timing before that can happen, so this is the judge's own failure. A
    run whose output was the reference's very output on its inputs counts as checked."""
    runs = len(observed["outside_ns"])
    checked = sorted([*observed["checked"], *observed.get("matched", [])])
    needed = checks_required(runs)
    if runs and len(checked) >= needed and checked[0] == 0:
        return None, ""
    return Verdict.INTERNAL_ERROR, (
        f"only {len(checked)} of its {runs} timed runs had their outputs checked, the first "
        f"{'among them' if checked[:1] == [0] else 'not among them'}; the judge checks at least "
        f"{needed}, the first among them, before it believes a time"
    )


def _same_output_for_other_inputs(
    digests: list[str], variants: list[int], expected: list[tuple[Case, Any]]
) -> str:
    """Two timed runs whose inputs call for different results, yet whose outputs are the very
    same (the runner's hashes of them agree): a result kept and returned again, where the run
    was not one of those checked."""
    seen: dict[str, int] = {}
    for run, (digest, variant) in enumerate(zip(digests, variants, strict=False)):
        earlier = seen.setdefault(digest, variant)
        if digest and earlier != variant and _results_differ(expected, earlier, variant):
            return (
                f"timed run {run + 1} returned the very output of a run on other inputs, "
                "whose results differ: a kept result?"
            )
    return ""


def _results_differ(expected: list[tuple[Case, Any]], first: int, second: int) -> bool:
    if not (0 <= first < len(expected) and 0 <= second < len(expected)):
        return False
    try:
        return fingerprint(expected[first][1]) != fingerprint(expected[second][1])
    except (wire.UnsupportedValue, ValueError):
        return False
