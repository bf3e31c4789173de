"""One submission judged: static checks, one sandbox run, and a verdict for every case.

User mistakes become verdicts here. Infrastructure faults (:class:`JudgeError`) propagate to the
caller, which records them as ``internal_error``.
"""

from __future__ import annotations

import ast
import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from judge.challenges import Case, Challenge
from judge.checking import Check
from judge.config import Settings
from judge.errors import OutputTooLarge, ProtocolError, SandboxError
from judge.protocol import (
    GO,
    STOP,
    CaseEvent,
    Event,
    Job,
    Report,
    ResultReader,
    TimedRuns,
    build_request,
    new_nonce,
)
from judge.runner import wire
from judge.runner.messages import CHECKPOINT_S, GAP_S, WALL_BACKSTOP
from judge.sandbox import Limits, Sandbox, SandboxRun
from judge.timing import CaseTiming, summarize
from judge.verdicts import Verdict, most_severe, submission_verdict

log = logging.getLogger(__name__)

# Head-room for the container's start and stop around the runner's own time limits.
SANDBOX_OVERHEAD_S = 15.0
PROTOCOL_OVERHEAD_BYTES = 1 << 20
# A run that the sandbox cut short without the runner's last word (the Docker engine restarted,
# say) is the judge's trouble, not the submission's: it is tried again this many times more.
ENGINE_RETRIES = 2
ENGINE_RETRY_WAIT_S = 2.0

# Two clocks read by two machines' worth of processes: the worker's and the sandbox's.
WALL_SLACK_S = 0.05
NOT_TIMED = "not run: the benchmark runs once every other case has passed"

Progress = Callable[[dict[str, Any]], None]


class Suite(Protocol):
    """What grading needs of a challenge: a :class:`Challenge`, or the public examples alone
    (:class:`judge.local.Kit`)."""

    slug: str
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


@dataclasses.dataclass
class Judgement:
    verdict: Verdict
    message: str
    cases: list[CaseResult]
    log: str = ""
    score: float | None = None
    run_ms: float | None = None  # the sandbox's run, as the worker timed it
    #: Why the submission's timing is not believed (it is then never ranked); empty if it is.
    flagged: str = ""

    def medians_ms(self) -> dict[str, float]:
        """The median time of each timed benchmark case, by case name."""
        return {c.name: c.timing.median_ms for c in self.cases if c.timing is not None}


def judge(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    settings: Settings,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
    seed: int = 0,
    timed: bool = True,
) -> Judgement:
    """Judge ``source`` against every case of ``challenge``; ``seed`` picks the hidden cases.

    With ``timed``, the benchmark cases are timed once every other case has passed; without,
    they are run once, as ordinary cases.
    """
    cases = challenge.cases(seed, settings.secret_key)
    problem = static_problem(source, challenge)
    if problem:
        return whole(cases, Verdict.INVALID_SUBMISSION, problem)
    expected = [challenge.expected(case) for case in cases]
    job, limits = plan(challenge, source, cases, settings, timed)
    return run_job(challenge, cases, expected, job, limits, sandbox, progress, labels)


def run_job(
    suite: Suite,
    cases: list[Case],
    expected: list[Any],
    job: Job,
    limits: Limits,
    sandbox: Sandbox,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
) -> Judgement:
    """The one pipeline of the worker and of ``judge test``: run ``job`` in ``sandbox``, read
    the result channel as it streams, grade every case. A run the sandbox could not carry out
    (the Docker engine lost mid-run, say) is tried again, a few times, before the
    :class:`SandboxError` goes to the caller: it is never the submission's fault."""
    for attempt in range(ENGINE_RETRIES + 1):
        if progress:
            progress({"status": Verdict.RUNNING.value, "cases_total": len(cases)})
        conversation = Conversation(suite, cases, expected, progress, bool(job.benchmarks))
        try:
            request = build_request(job, conversation.nonce)
            run = sandbox.run(request, limits, labels, conversation.feed)
            return conversation.judgement(run)
        except SandboxError as exc:
            if attempt == ENGINE_RETRIES:
                raise
            log.warning("the sandbox failed (%s); running it again", exc)
            time.sleep(ENGINE_RETRY_WAIT_S)
    raise AssertionError("unreachable")


class Conversation:
    """The worker's side of a run while it streams: one reading of the result channel, progress
    for each case, and the answer at the checkpoint, where the benchmark is timed only if every
    case so far was right."""

    def __init__(
        self,
        suite: Suite,
        cases: list[Case],
        expected: list[Any],
        progress: Progress | None,
        gated: bool = True,
    ) -> None:
        self.nonce = new_nonce()
        self.suite, self.cases, self.expected = suite, cases, expected
        self.progress = progress
        self.gated = gated  # the runner holds benchmark cases back and will ask at the checkpoint
        self.answer: bytes | None = None
        self.answered = False
        self.reader = ResultReader(self.nonce, len(cases), self._on_event)

    def feed(self, data: bytes) -> bytes | None:
        self.reader.feed(data)
        if self.reader.error is not None and self.gated and not self.answered:
            # The channel is broken: nothing more will be read, so the checkpoint will not be
            # seen. STOP now, rather than leave the runner waiting for an answer.
            self.answer = STOP
        answer, self.answer = self.answer, None
        self.answered = self.answered or answer is not None
        return answer

    def judgement(self, run: SandboxRun) -> Judgement:
        """Every case's verdict, once the run is over."""
        report = self.reader.report
        if self.reader.error is not None:
            log.warning("result channel rejected: %s", self.reader.error)
            report.failure, report.finished = _channel_failure(self.reader.error), False
        elif not report.ended and not (run.timed_out or run.stdout_overflow or run.oom_killed):
            # The runner's parent always has the last word, unless something outside the
            # sandbox stopped it: not the submission, which cannot kill or stop PID 1.
            raise SandboxError(
                f"the sandbox stopped without the runner's last word (exit code {run.exit_code})"
            )
        judgement = grade(self.suite, self.cases, self.expected, report, run)
        judgement.log = run.stderr.decode("utf-8", "replace")
        judgement.run_ms = run.wall_s * 1000
        return judgement

    def _on_event(self, event: Event, index: int) -> None:
        if event is Event.CHECKPOINT:
            if not self.gated:
                return  # nothing held back: the runner asks nothing
            self.answer = GO if self._all_right_so_far() else STOP
            if self.answer == GO and self.progress:
                self.progress({"status": Verdict.RUNNING.value, "phase": "benchmark"})
        elif self.progress and 0 <= index < len(self.cases):
            phase = "started" if event is Event.START else "finished"
            if phase == "finished" and self.gated and self.cases[index].benchmark:
                phase = "timing"  # its first run was the warm-up: the timed runs follow
            self.progress(
                {
                    "status": Verdict.RUNNING.value,
                    "case": index + 1,
                    "cases_total": len(self.cases),
                    "case_name": self.cases[index].name,
                    "phase": phase,
                }
            )

    def _all_right_so_far(self) -> bool:
        try:
            return self._every_case_right()
        except Exception:  # grading must not stop the reading: no benchmark, and the final
            log.exception("grading at the checkpoint failed")  # grading says what went wrong
            return False

    def _every_case_right(self) -> bool:
        report = self.reader.report
        for index, case in enumerate(self.cases):
            if case.benchmark:
                continue
            event = report.cases.get(index)
            if event is None:
                return False
            result = _graded(self.suite, case, self.expected[index], event)
            if result.verdict is not Verdict.ACCEPTED:
                return False
        return True


def _channel_failure(error: ProtocolError) -> dict[str, Any]:
    """A result channel that could not be read, as the failure that stopped the run."""
    if isinstance(error, OutputTooLarge):
        return {"event": Event.OUTPUT_LIMIT, "reason": str(error)}
    return {"event": Event.GARBAGE, "reason": str(error)}


def static_problem(source: str, challenge: Suite) -> str:
    """Why ``source`` cannot be run at all, or ``""``; checked on the worker, before any sandbox."""
    try:
        tree = ast.parse(source, filename="solution.py")
    except SyntaxError as exc:
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"the source cannot be parsed: {str(exc)[:200]}"
    banned = set(challenge.banned_imports)
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            if module.split(".")[0] in banned:
                where = _at_line(getattr(node, "lineno", None))
                # The same words as the runner's run-time guard (judge/runner/child.py).
                return f"importing {module!r} is not allowed in this challenge{where}"
    return ""


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    return []


def plan(
    challenge: Challenge, source: str, cases: list[Case], settings: Settings, timed: bool = True
) -> tuple[Job, Limits]:
    """The runner's job and the sandbox's limits, clamped to the operator's maximums."""
    case_time = min(challenge.limits.time_s, settings.max_case_time_s)
    output_bytes = min(challenge.limits.output_mb, settings.max_output_mb) * 1024 * 1024
    benchmarks = frozenset(i for i, case in enumerate(cases) if case.benchmark and timed)
    bench_plan = {
        "budget_s": settings.benchmark_budget_s,
        "min_runs": settings.benchmark_min_runs,
        "max_runs": settings.benchmark_max_runs,
        "rse": settings.benchmark_rse,
        "checked_runs": settings.benchmark_checked_runs,
    }
    job = Job(
        source=source,
        entry=challenge.entry,
        cases=[list(case.steps) for case in cases],
        case_time_limits_s=[case_time] * len(cases),
        output_limit_bytes=output_bytes,
        log_bytes=settings.log_cap_bytes,
        banned_imports=tuple(challenge.banned_imports),
        benchmarks=benchmarks,
        bench_plan=bench_plan,
    )
    limits = dataclasses.replace(
        base_limits(settings),
        memory_mb=min(challenge.limits.memory_mb, settings.max_memory_mb),
        wall_s=run_wall_s(job),
        stdout_bytes=output_bytes + PROTOCOL_OVERHEAD_BYTES,
        gpus=1 if challenge.device == "gpu" else 0,
    )
    return job, limits


def run_wall_s(job: Job) -> float:
    """The worker's own deadline for a whole run: every clock of the runner at its wall-clock
    backstop, so that the runner, which knows which case is to blame, always speaks first."""
    clocks = job.load_timeout_s + sum(job.case_time_limits_s) + GAP_S
    total = clocks * WALL_BACKSTOP
    if job.benchmarks:
        # Each benchmark case: its budget, or its minimum number of runs at the case's time
        # limit, then the outputs checked; and the worker's answer at the checkpoint.
        bench = job.bench_plan
        for case in job.benchmarks:
            limit = job.case_time_limits_s[case]
            timing = max(bench.get("budget_s", 2.0), bench.get("min_runs", 5) * limit)
            checks = GAP_S * bench.get("checked_runs", 2)
            total += (timing + limit + checks) * WALL_BACKSTOP
        total += CHECKPOINT_S
    return total + SANDBOX_OVERHEAD_S


def base_limits(settings: Settings) -> Limits:
    """The limits every sandbox has, whatever it runs; a warm sandbox is started with these."""
    return Limits(
        memory_mb=settings.max_memory_mb,
        wall_s=SANDBOX_OVERHEAD_S,
        stdout_bytes=PROTOCOL_OVERHEAD_BYTES,
        log_bytes=settings.log_cap_bytes,
        cpus=settings.sandbox_cpus,
        pids=settings.sandbox_pids,
        tmpfs_mb=settings.sandbox_tmpfs_mb,
    )


def grade(
    challenge: Suite, cases: list[Case], expected: list[Any], report: Report, run: SandboxRun
) -> Judgement:
    """Per-case verdicts from what the runner reported and what Docker saw."""
    if report.load_error:
        verdict, message = _load_error(report.load_error, run)
        return whole(cases, verdict, message)
    results: list[CaseResult] = []
    stopped = False
    for index, case in enumerate(cases):
        if stopped:
            results.append(CaseResult(case.name, Verdict.SKIPPED, "not run", public=case.public))
            continue
        event = report.cases.get(index)
        if event is None and case.benchmark and report.checkpoint and report.finished:
            result = CaseResult(case.name, Verdict.SKIPPED, NOT_TIMED, public=case.public)
        elif event is not None:
            result = _graded(challenge, case, expected[index], event)
            timed = report.timed.get(index)
            if timed is not None and result.verdict is Verdict.ACCEPTED:
                stopped = _grade_timed(challenge, case, expected[index], timed, result, report, run)
        else:
            result = _unfinished(case, report, run)
            stopped = True
        results.append(result)
    if run.oom_killed:
        _blame_the_memory_limit(results)
    verdict = submission_verdict(r.verdict for r in results)
    if verdict is Verdict.ACCEPTED and not report.finished:
        # Every case looked right, yet the run did not end as it should: whatever stopped it.
        last = next(r for r in reversed(results) if r.verdict is not Verdict.SKIPPED)
        stopped_by = _unfinished(cases[results.index(last)], report, run)
        last.verdict, last.message = stopped_by.verdict, stopped_by.message
        verdict = submission_verdict(r.verdict for r in results)
    first = next((r for r in results if r.verdict is verdict), None)
    message = (
        "" if verdict is Verdict.ACCEPTED or first is None else f"{first.name}: {first.message}"
    )
    flags = (f"{r.name}: {r.timing.flag}" for r in results if r.timing and r.timing.flag)
    return Judgement(
        verdict, message, results, flagged=next(flags, "") or _beyond_the_run(report, run)
    )


def _beyond_the_run(report: Report, run: SandboxRun) -> str:
    """The worker's own evidence: the submission cannot have spent more time in its calls than
    the whole run took, as the worker timed it from outside the sandbox."""
    claimed_ns = sum(e.time_ns or 0 for e in report.cases.values())
    claimed_ns += sum(sum(t.claimed_ns) for t in report.timed.values())
    if claimed_ns / 1e9 <= run.wall_s + WALL_SLACK_S:
        return ""
    return (
        f"the submission's own clock counts {claimed_ns / 1e9:.3f} s in its calls, "
        f"but the whole run took {run.wall_s:.3f} s"
    )


def _grade_timed(
    challenge: Suite,
    case: Case,
    expected: Any,
    timed: TimedRuns,
    result: CaseResult,
    report: Report,
    run: SandboxRun,
) -> bool:
    """A benchmark case whose first run was right: its timed runs must be right too, and finish.
    Returns whether the run stopped here."""
    verdict, message = None, ""
    if timed.errors:
        verdict, message = _case_error(timed.errors[0])
    checked = timed.observed["checked"] if timed.observed else [None] * len(timed.outputs)
    for number, output in zip(checked, timed.outputs, strict=False):
        if verdict is not None:
            break
        verdict, message = _case_error(output.error) if output.error else (None, "")
        if verdict is None and number is not None and not _as_committed(timed, number, output):
            verdict, message = Verdict.WRONG_ANSWER, NOT_AS_COMMITTED
        if verdict is None:
            verdict, message = _checked(challenge, case, expected, output)
    if verdict is None and timed.observed is None:
        stopped_by = _unfinished(case, report, run)
        verdict, message = stopped_by.verdict, stopped_by.message
    if verdict is not None:
        result.verdict, result.message = verdict, f"in a timed run: {message}"
        return timed.observed is None
    assert timed.observed is not None
    result.timing = summarize(timed.claimed_ns, timed.observed)
    return False


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


NOT_AS_COMMITTED = "the output sent to be checked is not the one the run reported"


def _as_committed(timed: TimedRuns, run: int, output: CaseEvent) -> bool:
    """Whether an output asked for after its run is the one the run's fingerprint stands for."""
    if not 0 <= run < len(timed.fingerprints):
        return False
    try:
        return wire.fingerprint(output.results) == timed.fingerprints[run]
    except (wire.UnsupportedValue, ValueError):
        return False


def _graded(challenge: Suite, case: Case, expected: Any, event: CaseEvent) -> CaseResult:
    result = CaseResult(case.name, Verdict.ACCEPTED, "", _time_ms(event), case.public)
    if event.measured is not None and event.measured.peak_bytes is not None:
        result.memory_kb = event.measured.peak_bytes // 1024
    # What the completed steps returned is judged first: a wrong parameter shape, not the crash
    # it caused one step later, is what the candidate needs to hear about.
    verdict, message = _modified_input(case, event) if challenge.inputs_unchanged else (None, "")
    if verdict is None:
        verdict, message = _checked(challenge, case, expected, event)
    if verdict is None:
        verdict, message = _step_outcome(case, event)
    if verdict is None and event.measured is not None and event.measured.oom_kills:
        verdict = Verdict.MEMORY_LIMIT_EXCEEDED
        message = "a process of the submission was killed by the memory limit during the case"
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
    try:
        check = challenge.check(case, expected[:done], event.results[:done])
    except Exception as exc:  # a checker must not crash the worker on a strange output
        log.warning("checker failed on %s/%s: %r", challenge.slug, case.name, exc)
        check = Check(False, "the output could not be checked")
    return (None, "") if check.ok else (Verdict.WRONG_ANSWER, check.message)


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
    if step is None or not step.raises or event.error.get("kind") != "exception":
        return _case_error(event.error)
    types = event.error.get("types")
    if isinstance(types, list) and step.raises in types:
        return None, ""
    raised = _clip(event.error.get("message", ""), 300)
    return Verdict.WRONG_ANSWER, f"expected {step.raises} to be raised, got {raised}"


def _modified_input(case: Case, event: CaseEvent) -> tuple[Verdict | None, str]:
    for index, (step, after) in enumerate(zip(case.steps, event.digests, strict=False)):
        before = [wire.digest(arg) for arg in step.args]
        for position, (sent, seen) in enumerate(zip(before, after, strict=False)):
            if sent is not None and sent != seen:
                where = f"step {index + 1} ({step.describe()})" if len(case.steps) > 1 else "it"
                return (
                    Verdict.WRONG_ANSWER,
                    f"{where} modified its input argument {position + 1} in place; "
                    "inputs must be left unchanged",
                )
    return None, ""


# The kinds of error the child reports for a step, as verdicts, with how the message reads
# ("{message}" and "{where}", the line of the submission's own code). Anything else is an
# exception of the submission's: a runtime error.
CASE_ERRORS: dict[str, tuple[Verdict, str]] = {
    "memory": (Verdict.MEMORY_LIMIT_EXCEEDED, "{message}{where}"),
    "banned": (Verdict.INVALID_SUBMISSION, "{message}{where}"),
    "output_limit": (Verdict.OUTPUT_LIMIT_EXCEEDED, "the output is too large: {message}"),
    "unsupported_output": (Verdict.WRONG_ANSWER, "the output cannot be checked: it is {message}"),
}
EXCEPTION = (Verdict.RUNTIME_ERROR, "{message}{where}")


def _case_error(error: dict[str, Any]) -> tuple[Verdict, str]:
    verdict, text = CASE_ERRORS.get(str(error.get("kind")), EXCEPTION)
    message, where = _clip(error.get("message", "")), _at_line(error.get("line"))
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
    return CaseResult(case.name, verdict, message, public=case.public)


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
    if failure.get("clock") == "wall":
        return Verdict.TIME_LIMIT_EXCEEDED, (
            f"exceeded the time limit of {limit} s: {WALL_BACKSTOP:g} times that in wall-clock "
            "time passed (waiting or sleeping counts there)"
        )
    return Verdict.TIME_LIMIT_EXCEEDED, f"exceeded the time limit of {limit} s of CPU time"


def _load_error(error: dict[str, Any], run: SandboxRun) -> tuple[Verdict, str]:
    kind, message = error.get("kind"), _clip(error.get("message", ""))
    where = _at_line(error.get("line"))
    if kind in ("syntax", "entry_missing", "entry_not_callable", "banned"):
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


def _at_line(line: Any) -> str:
    return f" (line {line})" if isinstance(line, int) else ""


def _clip(text: Any, limit: int = 1000) -> str:
    return str(text)[:limit]
