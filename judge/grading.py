"""Grading: a verdict for every case of a run, from what the runner reported and what the
sandbox saw. User mistakes become verdicts here; what the sandbox reports is read as claims,
and where the runner's account and Docker's disagree, the more specific finding wins.

This module grades the run as a whole: the case it stopped in, each case in turn
(:mod:`judge.case_grading`), a benchmark case's timed runs (:mod:`judge.timed_grading`), a memory
kill no case owns, and the submission's verdict. How a failure reads is
:mod:`judge.failure_messages`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from judge.case_grading import CaseResult, Suite, grade_case, unfinished
from judge.challenges import Case
from judge.failure_messages import load_error
from judge.result_channel import Report
from judge.sandbox import SandboxRun
from judge.timed_grading import grade_timed
from judge.timing import OUTSIDE_CLOCK, CaseTiming, median_run_ms
from judge.verdicts import Verdict, most_severe, submission_verdict

# Two clocks read by two machines' worth of processes: the worker's and the sandbox's.
WALL_SLACK_S = 0.05
NOT_TIMED = "not run: the benchmark runs once every other case has passed"


@dataclasses.dataclass
class Judgement:
    verdict: Verdict
    message: str
    cases: list[CaseResult]
    log: str = ""
    score: float | None = None
    run_ms: float | None = None  # the sandbox's run, as the worker timed it
    #: Why the submission's timing is not believed (it is then never ranked); empty if it is.
    flag_reason: str = ""
    #: The reference's time on the same inputs (the sum of its benchmark medians, ms), and the
    #: machine both were timed on: what stands behind the score.
    reference_ms: float | None = None
    scored_on: str = ""
    #: The clock the score, the medians and the reference's time are on
    #: (:func:`judge.timing.scoring_clock`); the outside time before a score is made.
    clock: str = OUTSIDE_CLOCK
    #: Where the judging's milliseconds went, by step (:func:`judge.conversation.costs`): not
    #: stored; the final event carries it, for the operator's benchmark.
    costs_ms: dict[str, float] = dataclasses.field(default_factory=dict)
    #: The host's CPUs' busy share while the benchmark was timed, from the go-ahead to the run's
    #: end (:class:`judge.machine.HostLoad`); ``None`` when not timed, or unknown.
    host_load: float | None = None
    #: By benchmark case name and input set, the hash of each timed run's output that was not
    #: an error (:meth:`judge.timed_sets.Pool.learn_outputs` keeps the reference's): not stored.
    output_digests: dict[str, dict[int, str]] = dataclasses.field(default_factory=dict)

    def timings(self) -> dict[str, CaseTiming]:
        """Each timed benchmark case's figures, by case name."""
        return {c.name: c.timing for c in self.cases if c.timing is not None}

    def medians_ms(self) -> dict[str, float]:
        """The median time of each timed benchmark case on the score's clock, by case name."""
        return {name: median_run_ms(t, self.clock) for name, t in self.timings().items()}


def grade(
    challenge: Suite,
    cases: list[Case],
    expected: list[Any],
    report: Report,
    run: SandboxRun,
    timed_expected: Mapping[int, list[tuple[Case, Any]]] | None = None,
    timed_known: Mapping[int, Mapping[int, str]] | None = None,
) -> Judgement:
    """Per-case verdicts from what the runner reported and what Docker saw; ``timed_expected``
    holds, by benchmark case, its further input sets (1, 2, ...): each as a case, with its
    expected results; ``timed_known``, by case and set, the hash of the reference's output on
    the set, as the worker sent it with the set."""
    if report.load_error:
        verdict, message = load_error(report.load_error, run)
        return whole(cases, verdict, message)
    results: list[CaseResult] = []
    stopped_in = _stopped_in(cases, report)
    for index, case in enumerate(cases):
        event = report.cases.get(index)
        if event is None and index == stopped_in:
            result = unfinished(case, report, run)
        elif event is None:
            not_timed = case.benchmark and report.checkpoint and report.finished
            message = NOT_TIMED if not_timed else "not run"
            result = CaseResult(case.name, Verdict.SKIPPED, message, public=case.public)
        else:
            result = grade_case(challenge, case, expected[index], event)
            timed = report.timed.get(index)
            if timed is not None and result.verdict is Verdict.ACCEPTED:
                sets = [(case, expected[index]), *(timed_expected or {}).get(index, [])]
                known = (timed_known or {}).get(index, {})
                grade_timed(challenge, case, sets, timed, result, report, run, known)
            if index == stopped_in and result.verdict is Verdict.ACCEPTED:
                # Its run was right (and its timed runs, if any, complete), yet the run stopped
                # in this case: in its timed runs before the first reported, or on its way out.
                stopped_by = unfinished(case, report, run)
                where = "in a timed run: " if report.need and report.need[0] == index else ""
                result.verdict, result.message = stopped_by.verdict, where + stopped_by.message
        results.append(result)
    if run.oom_killed and report.finished:
        _blame_the_memory_limit(results)
    verdict = submission_verdict(r.verdict for r in results)
    first = next((r for r in results if r.verdict is verdict), None)
    message = (
        "" if verdict is Verdict.ACCEPTED or first is None else f"{first.name}: {first.message}"
    )
    flags = (f"{r.name}: {r.timing.flag}" for r in results if r.timing and r.timing.flag)
    return Judgement(verdict, message, results, flag_reason=next(flags, ""))


def _stopped_in(cases: list[Case], report: Report) -> int | None:
    """The case the run stopped in, where it did not finish (``None`` where it did): the one
    the runner's parent named in its failure; else the one it had started and not measured;
    else the one whose timed runs were under way; else the next case to run, in the order
    cases run (benchmark cases last, and only if the benchmark was to run); else the last one
    that ran. Never simply the first or the last by index: benchmark cases run after the
    others, wherever they are in the suite."""
    if report.finished or not cases:
        return None
    named = (report.failure or {}).get("case")
    if type(named) is int and 0 <= named < len(cases):
        return named
    if report.started is not None:
        return report.started
    if report.need is not None:
        timed = report.timed.get(report.need[0])
        if timed is None or timed.observed is None:
            return report.need[0]
    order = sorted(range(len(cases)), key=lambda i: cases[i].benchmark)  # stable: by index
    waiting = [
        i for i in order if i not in report.cases and not (cases[i].benchmark and report.checkpoint)
    ]
    ran = [i for i in order if i in report.cases]
    return waiting[0] if waiting else (ran[-1] if ran else order[0])


def _blame_the_memory_limit(results: list[CaseResult]) -> None:
    """Docker saw a process killed by the memory limit, yet no case ended by it: a helper process
    the submission forked, say, while its main process went on to answer. The limit was exceeded
    all the same. When is not known, so the first case that ran carries it."""
    ran = [r for r in results if r.verdict is not Verdict.SKIPPED]
    if not ran or any(r.verdict is Verdict.MEMORY_LIMIT_EXCEEDED for r in ran):
        return
    first = ran[0]
    if most_severe([first.verdict, Verdict.MEMORY_LIMIT_EXCEEDED]) is first.verdict:
        return  # an invalid submission or the judge's own failure says more
    first.verdict = Verdict.MEMORY_LIMIT_EXCEEDED
    first.message = "a process of the submission was killed by the memory limit during the run"


def whole(cases: list[Case], verdict: Verdict, message: str, log_text: str = "") -> Judgement:
    """A verdict for the submission as a whole: the first case carries it, the rest are skipped."""
    results = [
        CaseResult(
            c.name,
            verdict if i == 0 else Verdict.SKIPPED,
            message if i == 0 else "",
            public=c.public,
        )
        for i, c in enumerate(cases)
    ]
    return Judgement(verdict, message, results, log_text)
