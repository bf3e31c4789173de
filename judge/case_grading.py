"""One case graded: what its completed steps returned, by the challenge's checker; its inputs,
checked unchanged; its steps' outcome, against what the case requires. And the case a run stopped
in, from the runner's account, overruled by what Docker saw.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Protocol

from judge.challenges import Case
from judge.checking import Check
from judge.failure_messages import KILLED_IN_THE_CASE, case_error, clip, runner_failure
from judge.result_channel import CaseEvent, Report
from judge.runner.digests import digest
from judge.runner.messages import ErrorKind, Event
from judge.sandbox import SandboxRun
from judge.timing import CaseTiming
from judge.verdicts import Verdict, most_severe

log = logging.getLogger(__name__)


class Suite(Protocol):
    """What grading needs of a challenge: a :class:`Challenge`, or the public examples alone
    (:class:`judge.local.Kit`)."""

    slug: str
    device: str  # "cpu" or "gpu": on a GPU the runs' CPU time is not their work
    inputs_unchanged: bool
    banned_imports: list[str]

    def check(self, case: Case, expected: list[Any], actual: list[Any]) -> Check: ...


@dataclasses.dataclass
class CaseResult:
    name: str
    verdict: Verdict
    message: str = ""
    time_ms: float | None = None
    public: bool = False
    timing: CaseTiming | None = None  # benchmark cases that were timed
    memory_kb: int | None = None  # the peak memory of the submission's process in the case
    #: The sandbox's CPU time in the case, as the runner's parent measured it: what the time
    #: limit counts (not stored; proving a package compares the reference's with the limit).
    cpu_ms: float | None = None


def grade_case(challenge: Suite, case: Case, expected: Any, event: CaseEvent) -> CaseResult:
    """One case that ran to its end: its outputs checked, its inputs checked unchanged."""
    result = CaseResult(case.name, Verdict.ACCEPTED, "", _time_ms(event), case.public)
    if event.measured is not None and event.measured.peak_bytes is not None:
        result.memory_kb = event.measured.peak_bytes // 1024
    if event.measured is not None and event.measured.cpu_ns is not None:
        result.cpu_ms = event.measured.cpu_ns / 1e6
    # What the completed steps returned is judged first: a wrong parameter shape, not the crash
    # it caused one step later, is what the candidate needs to hear about.
    verdict, message = _modified_input(case, event) if challenge.inputs_unchanged else (None, "")
    if verdict is None:
        verdict, message = checked_results(challenge, case, expected, event)
    if verdict is None:
        verdict, message = _step_outcome(case, event)
    if verdict is None and event.measured is not None and event.measured.oom_kills:
        verdict, message = Verdict.MEMORY_LIMIT_EXCEEDED, KILLED_IN_THE_CASE
    if verdict is not None:
        result.verdict, result.message = verdict, message
    return result


def _time_ms(event: CaseEvent) -> float | None:
    """The time of the case's calls as the child measured them, but never more than the wall
    time its case took as the parent saw it: a claim past that is not believed."""
    if event.time_ns is None:
        return None
    claimed = event.time_ns
    if event.measured is not None:
        claimed = min(claimed, event.measured.wall_ns)
    return claimed / 1e6


def checked_results(
    challenge: Suite, case: Case, expected: list[Any], event: CaseEvent
) -> tuple[Verdict | None, str]:
    """A wrong answer when what the completed steps returned fails :func:`checked`; ``None``
    when it passes, or when no step has a result to check."""
    done = min(len(event.results), len(expected))  # a step that had to raise has no result
    if done == 0:
        return None, ""
    check = checked(challenge, case, expected[:done], event.results[:done])
    return (None, "") if check.ok else (Verdict.WRONG_ANSWER, check.message)


def checked(challenge: Suite, case: Case, expected: list[Any], results: list[Any]) -> Check:
    """The results of a case's completed steps, by the challenge's checker: the one check of an
    output, on the worker and (through the API, :func:`judge.local.check_example`) for
    ``judge test``, so that one mistake reads the same wherever it is found."""
    try:
        return challenge.check(case, expected, results)
    except Exception as exc:  # a checker must not crash the worker on a strange output
        log.warning("checker failed on %s/%s: %r", challenge.slug, case.name, exc)
        return Check(False, UNCHECKABLE)


UNCHECKABLE = "the output could not be checked"


def _step_outcome(case: Case, event: CaseEvent) -> tuple[Verdict | None, str]:
    """A verdict when the steps did not run as the case requires; ``None`` when they did."""
    done = len(event.results)
    if event.error is None:
        if done != len(case.steps):
            return Verdict.RUNTIME_ERROR, "the runner reported a result for only some steps"
        raises = case.steps[-1].raises
        if raises:
            return Verdict.WRONG_ANSWER, f"expected {raises} to be raised, but a value was returned"
        return None, ""
    step = case.steps[done] if done < len(case.steps) else None
    if step is None or not step.raises or event.error.get("kind") != ErrorKind.EXCEPTION:
        return case_error(event.error)
    types = event.error.get("types")
    if isinstance(types, list) and step.raises in types:
        return None, ""
    raised = clip(event.error.get("message", ""), 300)
    return Verdict.WRONG_ANSWER, f"expected {step.raises} to be raised, got {raised}"


def _modified_input(case: Case, event: CaseEvent) -> tuple[Verdict | None, str]:
    for index, (step, after) in enumerate(zip(case.steps, event.digests, strict=False)):
        before = [digest(value) for value in step.inputs()]
        names = step.input_names()
        for position, (sent, seen) in enumerate(zip(before, after, strict=False)):
            if position == step.in_place:
                continue  # updated in place by design, and checked as the step's result
            if sent is not None and sent != seen:
                where = f"step {index + 1} ({step.describe()})" if len(case.steps) > 1 else "it"
                return (
                    Verdict.WRONG_ANSWER,
                    f"{where} modified its input {names[position]} in place; "
                    "inputs must be left unchanged",
                )
    return None, ""


def unfinished(case: Case, report: Report, run: SandboxRun) -> CaseResult:
    """The case the run stopped in: the runner's account, overruled by what Docker saw."""
    findings: list[tuple[Verdict, str]] = []
    failure = report.failure
    if failure is not None:
        findings.append(runner_failure(failure))
    if run.oom_killed:
        findings.append((Verdict.MEMORY_LIMIT_EXCEEDED, "killed by the memory limit"))
    if run.timed_out:
        findings.append((Verdict.TIME_LIMIT_EXCEEDED, "the run exceeded its total time limit"))
    if run.stdout_overflow:
        findings.append((Verdict.OUTPUT_LIMIT_EXCEEDED, "the output is too large"))
    if not findings:
        findings.append(
            (Verdict.RUNTIME_ERROR, f"the sandbox stopped unexpectedly (exit code {run.exit_code})")
        )
    verdict = most_severe(v for v, _ in findings)
    message = next(m for v, m in findings if v is verdict)
    return CaseResult(case.name, verdict, message, public=case.public, cpu_ms=_cpu_ms(failure))


def _cpu_ms(failure: dict[str, Any] | None) -> float | None:
    """The CPU time the case had used when a clock stopped it: how far past its limit a slow
    solution went (``judge challenges check`` proves margins with it)."""
    if failure is None or failure.get("event") != Event.TIMEOUT:
        return None
    cpu_ns = failure.get("cpu_ns")
    if type(cpu_ns) is not int or not 0 <= cpu_ns < 10**15:  # a bool is not a time
        return None
    return cpu_ns / 1e6
