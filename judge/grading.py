"""Grading: a verdict for every case of a run, from what the runner reported and what the
sandbox saw. User mistakes become verdicts here; what the sandbox reports is read as claims,
and where the runner's account and Docker's disagree, the more specific finding wins.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from judge.challenges import Case
from judge.checking import Check
from judge.protocol import CaseEvent, Event, Report, TimedRuns
from judge.runner import wire
from judge.runner.benchmark import checks_required
from judge.runner.messages import WALL_BACKSTOP, ErrorKind
from judge.sandbox import SandboxRun
from judge.timing import OUTSIDE_CLOCK, CaseTiming, median_run_ms, summarize
from judge.verdicts import Verdict, most_severe, submission_verdict

log = logging.getLogger(__name__)

# Two clocks read by two machines' worth of processes: the worker's and the sandbox's.
WALL_SLACK_S = 0.05
NOT_TIMED = "not run: the benchmark runs once every other case has passed"


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
) -> Judgement:
    """Per-case verdicts from what the runner reported and what Docker saw; ``timed_expected``
    holds, by benchmark case, its further input sets (1, 2, ...): each as a case, with its
    expected results."""
    if report.load_error:
        verdict, message = _load_error(report.load_error, run)
        return whole(cases, verdict, message)
    results: list[CaseResult] = []
    stopped_in = _stopped_in(cases, report)
    for index, case in enumerate(cases):
        event = report.cases.get(index)
        if event is None and index == stopped_in:
            result = _unfinished(case, report, run)
        elif event is None:
            not_timed = case.benchmark and report.checkpoint and report.finished
            message = NOT_TIMED if not_timed else "not run"
            result = CaseResult(case.name, Verdict.SKIPPED, message, public=case.public)
        else:
            result = grade_case(challenge, case, expected[index], event)
            timed = report.timed.get(index)
            if timed is not None and result.verdict is Verdict.ACCEPTED:
                sets = [(case, expected[index]), *(timed_expected or {}).get(index, [])]
                _grade_timed(challenge, case, sets, timed, result, report, run)
            if index == stopped_in and result.verdict is Verdict.ACCEPTED:
                # Its run was right (and its timed runs, if any, complete), yet the run stopped
                # in this case: in its timed runs before the first reported, or on its way out.
                stopped_by = _unfinished(case, report, run)
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


def _grade_timed(
    challenge: Suite,
    case: Case,
    expected: list[tuple[Case, Any]],
    timed: TimedRuns,
    result: CaseResult,
    report: Report,
    run: SandboxRun,
) -> None:
    """A benchmark case whose first run was right: its timed runs must be right too, each on its
    own inputs (``expected`` holds each input set, as a case, and its expected results), and
    finish."""
    verdict, message = None, ""
    if timed.errors:
        verdict, message = _secret(_case_error(timed.errors[0]))
    observed = timed.observed or {}
    checked = observed.get("checked", [None] * len(timed.outputs))
    variants = observed.get("variants", [])
    for number, output in zip(checked, timed.outputs, strict=False):
        if verdict is not None:
            break
        verdict, message = _secret(_case_error(output.error)) if output.error else (None, "")
        if verdict is None and number is not None:  # else the run was cut off: see below
            inputs = variants[number] if number < len(variants) else -1
            if not 0 <= inputs < len(expected):
                verdict, message = Verdict.INTERNAL_ERROR, "a timed run on inputs never sent"
            else:
                verdict, message = _secret(_checked(challenge, *expected[inputs], output))
    if verdict is None and timed.observed is None:
        stopped_by = _unfinished(case, report, run)
        verdict, message = stopped_by.verdict, stopped_by.message
    if verdict is None and observed.get("oom_kills"):
        verdict, message = Verdict.MEMORY_LIMIT_EXCEEDED, KILLED_IN_THE_CASE
    if verdict is None and timed.observed is not None:
        verdict, message = _too_few_checked(observed)
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


def _too_few_checked(observed: Mapping[str, Any]) -> tuple[Verdict | None, str]:
    """A benchmark case whose timed runs had fewer outputs checked than the runner must check
    (the first run's among them) is not accepted: its times would stand for work nobody saw.
    The runner ends the timing before that can happen, so this is the judge's own failure."""
    runs, checked = len(observed["outside_ns"]), observed["checked"]
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
        return wire.fingerprint(expected[first][1]) != wire.fingerprint(expected[second][1])
    except (wire.UnsupportedValue, ValueError):
        return False


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


KILLED_IN_THE_CASE = "a process of the submission was killed by the memory limit during the case"


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
        verdict, message = _checked(challenge, case, expected, event)
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


def _checked(
    challenge: Suite, case: Case, expected: list[Any], event: CaseEvent
) -> tuple[Verdict | None, str]:
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
        return _case_error(event.error)
    types = event.error.get("types")
    if isinstance(types, list) and step.raises in types:
        return None, ""
    raised = _clip(event.error.get("message", ""), 300)
    return Verdict.WRONG_ANSWER, f"expected {step.raises} to be raised, got {raised}"


def _modified_input(case: Case, event: CaseEvent) -> tuple[Verdict | None, str]:
    for index, (step, after) in enumerate(zip(case.steps, event.digests, strict=False)):
        before = [wire.digest(value) for value in step.inputs()]
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


# The kinds of error the child reports for a step, as verdicts, with how the message reads
# ("{message}" and "{where}", the line of the submission's own code). Anything else is an
# exception of the submission's: a runtime error.
CASE_ERRORS: dict[str, tuple[Verdict, str]] = {
    ErrorKind.MEMORY: (Verdict.MEMORY_LIMIT_EXCEEDED, "{message}{where}"),
    ErrorKind.BANNED: (Verdict.INVALID_SUBMISSION, "{message}{where}"),
    ErrorKind.OUTPUT_LIMIT: (Verdict.OUTPUT_LIMIT_EXCEEDED, "the output is too large: {message}"),
    ErrorKind.UNSUPPORTED_OUTPUT: (
        Verdict.WRONG_ANSWER,
        "the output cannot be checked: it is {message}",
    ),
}
EXCEPTION = (Verdict.RUNTIME_ERROR, "{message}{where}")
#: Load errors that make the source no submission at all.
NOT_LOADABLE = frozenset(
    {ErrorKind.SYNTAX, ErrorKind.ENTRY_MISSING, ErrorKind.ENTRY_NOT_CALLABLE, ErrorKind.BANNED}
)


def _case_error(error: dict[str, Any]) -> tuple[Verdict, str]:
    verdict, text = CASE_ERRORS.get(str(error.get("kind")), EXCEPTION)
    message, where = _clip(error.get("message", "")), at_line(error.get("line"))
    return verdict, text.format(message=message, where=where)


def _unfinished(case: Case, report: Report, run: SandboxRun) -> CaseResult:
    """The case the run stopped in: the runner's account, overruled by what Docker saw."""
    findings: list[tuple[Verdict, str]] = []
    failure = report.failure
    if failure is not None:
        findings.append(_failure(failure))
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


def _failure(failure: dict[str, Any]) -> tuple[Verdict, str]:
    kind = failure.get("event")
    if failure.get("oom_kills"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, "killed by the memory limit"
    if kind == Event.TIMEOUT:
        return _timeout(failure)
    if kind == Event.OUTPUT_LIMIT:
        if failure.get("what") == "printed":
            return Verdict.OUTPUT_LIMIT_EXCEEDED, PRINTED_TOO_MUCH
        reason = failure.get("reason")
        detail = f": {_clip(reason, 300)}" if isinstance(reason, str) else ""
        return Verdict.OUTPUT_LIMIT_EXCEEDED, f"the output is too large{detail}"
    if kind == Event.CRASHED:
        signal_name, code = failure.get("signal"), failure.get("exit_code")
        if isinstance(signal_name, str):
            return Verdict.RUNTIME_ERROR, f"the process was killed by {signal_name[:20]}"
        return Verdict.RUNTIME_ERROR, f"the process exited (code {code}) before returning"
    reason = failure.get("reason")
    detail = f" ({_clip(reason, 300)})" if isinstance(reason, str) else ""
    return (
        Verdict.RUNTIME_ERROR,
        f"the submission interfered with the judge's result channel{detail}",
    )


PRINTED_TOO_MUCH = "printed more than the output limit allows (stdout and stderr count against it)"


def _timeout(failure: dict[str, Any]) -> tuple[Verdict, str]:
    """A clock ran out: on CPU time, or at the wall-clock backstop. A case that hit its memory
    limit meanwhile was slowed by it (the kernel reclaiming what it could): that is the cause."""
    limit = failure.get("limit_s")
    if failure.get("memory_failures"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, (
            f"reached the memory limit and did not finish within the time limit of {limit} s"
        )
    taking = _taking_memory(failure)
    if taking:
        return Verdict.MEMORY_LIMIT_EXCEEDED, (
            f"{taking}, and did not finish within the time limit of {limit} s"
        )
    if failure.get("clock") == "wall":
        return Verdict.TIME_LIMIT_EXCEEDED, (
            f"exceeded the time limit of {limit} s: {WALL_BACKSTOP:g} times that in wall-clock "
            "time passed (waiting or sleeping counts there)"
        )
    return Verdict.TIME_LIMIT_EXCEEDED, f"exceeded the time limit of {limit} s of CPU time"


FIGURES = ("memory_grown_bytes", "memory_limit_bytes", "kernel_ns", "cpu_ns")


def _taking_memory(failure: dict[str, Any]) -> str:
    """Why a case that ran out of time is a memory verdict, or ``""``: it took a quarter of its
    memory limit or more, and most of its CPU time was the kernel's, giving it that memory. On a
    virtual machine whose host hands it memory only when first touched, that can cost ten
    seconds a gigabyte, and a memory bomb runs out of time long before it reaches the limit it
    would have reached on bare metal; a slow computation spends its time in its own code."""
    figures = [failure.get(name) for name in FIGURES]
    # Only where the CPU clock ran out: a case stopped by the wall clock was waiting, and its
    # little CPU time says nothing of memory.
    if failure.get("clock") != "cpu" or not all(type(v) is int for v in figures):
        return ""  # (a bool is no figure)
    grown, limit, kernel, cpu = (v for v in figures if isinstance(v, int))
    if not limit or not cpu or grown * 4 < limit or kernel * 2 < cpu:
        return ""
    return (
        f"took {grown / 2**20:.0f} MB of its {limit / 2**20:.0f} MB memory limit, the kernel "
        f"spending {kernel / 1e9:.1f} of its {cpu / 1e9:.1f} s of CPU time giving it memory"
    )


def _load_error(error: dict[str, Any], run: SandboxRun) -> tuple[Verdict, str]:
    kind, message = error.get("kind"), _clip(error.get("message", ""))
    where = at_line(error.get("line"))
    if kind in NOT_LOADABLE:
        return Verdict.INVALID_SUBMISSION, f"{message}{where}"
    if run.oom_killed or message.startswith("MemoryError"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, f"while loading the submission: {message}"
    return Verdict.RUNTIME_ERROR, f"while loading the submission: {message}{where}"


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


def at_line(line: Any) -> str:
    return f" (line {line})" if isinstance(line, int) else ""


def _clip(text: Any, limit: int = 1000) -> str:
    return str(text)[:limit]
