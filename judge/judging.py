"""One submission judged: static checks, the plan, the sandbox's run read as it streams (with
the answer at the checkpoint), and the grading (:mod:`judge.grading`).

User mistakes become verdicts. Infrastructure faults (:class:`JudgeError`) propagate to the
caller, which records them as ``internal_error``.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from judge.challenges import Case, Challenge, ChallengeLimits
from judge.config import Settings
from judge.errors import (
    ChallengeError,
    OutputTooLarge,
    ProtocolError,
    SandboxError,
    SandboxUnavailable,
)
from judge.grading import Judgement, Suite, at_line, grade, grade_case, whole
from judge.protocol import (
    STOP,
    Event,
    Job,
    Report,
    ResultReader,
    Step,
    build_request,
    go_ahead,
    input_set,
    new_nonce,
)
from judge.runner.messages import CHECKPOINT_S, GAP_S, LOAD_TIMEOUT_S, WALL_BACKSTOP
from judge.sandbox import Limits, Sandbox, SandboxRun
from judge.verdicts import Verdict

log = logging.getLogger(__name__)

# Head-room for the container's start and stop around the runner's own time limits.
SANDBOX_OVERHEAD_S = 15.0
PROTOCOL_OVERHEAD_BYTES = 1 << 20
# A run that the sandbox cut short without the runner's last word (the Docker engine restarted,
# say) is the judge's trouble, not the submission's: it is tried again this many times more.
ENGINE_RETRIES = 2
ENGINE_RETRY_WAIT_S = 2.0

Progress = Callable[[dict[str, Any]], None]


def judge(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    settings: Settings,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
    seed: int = 0,
    timed: bool = True,
    prepared: Prepared | None = None,
) -> Judgement:
    """Judge ``source`` against every case of ``challenge``; ``seed`` picks the hidden cases.

    With ``timed``, the benchmark cases are timed once every other case has passed; without,
    they are run once, as ordinary cases. ``prepared``: the cases of ``seed`` and their
    expected results, made once by a caller that judges many sources on them (``judge
    challenges check``), instead of once a source.
    """
    began = time.monotonic()
    cases = prepared.cases if prepared else challenge.cases(seed, settings.secret_key)
    problem = static_problem(source, challenge)
    if problem:
        return whole(cases, Verdict.INVALID_SUBMISSION, problem)
    expected = prepared.expected if prepared else [challenge.expected(c) for c in cases]
    job, limits = plan(challenge, source, cases, settings, timed)
    planned = time.monotonic()
    inputs = lambda: timed_inputs(challenge, cases, seed, settings)  # noqa: E731  at GO only
    judgement = run_job(challenge, cases, expected, job, limits, sandbox, progress, labels, inputs)
    judgement.costs_ms["cases and expected results"] = (planned - began) * 1000
    return judgement


@dataclasses.dataclass(frozen=True)
class Prepared:
    """The cases a seed picks, and the reference's results on them."""

    cases: list[Case]
    expected: list[list[Any]]

    @classmethod
    def of(cls, challenge: Challenge, seed: int, settings: Settings) -> Prepared:
        cases = challenge.cases(seed, settings.secret_key)
        return cls(cases, [challenge.expected(case) for case in cases])


def judge_examples(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    settings: Settings,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
) -> Judgement:
    """Judge ``source`` on ``challenge``'s public examples only, as :func:`judge` judges a
    submission (the same plan, limits, sandbox and grading), untimed: the workspace's Run
    examples (:mod:`judge.example_runs`)."""
    cases = challenge.examples()
    problem = static_problem(source, challenge)
    if problem:
        return whole(cases, Verdict.INVALID_SUBMISSION, problem)
    expected = [challenge.expected(case) for case in cases]
    job, limits = plan(challenge, source, cases, settings, timed=False)
    return run_job(challenge, cases, expected, job, limits, sandbox, progress, labels)


def judge_reference(
    challenge: Challenge,
    sandbox: Sandbox,
    settings: Settings,
    seed: int,
    labels: dict[str, str] | None = None,
    ran: dict[str, list[int]] | None = None,
) -> Judgement:
    """The reference timed on a submission's benchmark inputs (those of ``seed``), in a sandbox
    of its own: its benchmark cases alone, each timed on the same input sets as the submission's,
    for the submission's times to be paired with. ``ran``: the sets the submission ran, by case
    name, in its order; the reference runs those first, in that order (its runs and the
    submission's then pair up as far as the fewer of them go, and the first runs, which are
    slower on both sides, pair with each other)."""
    cases = [case for case in challenge.cases(seed, settings.secret_key) if case.benchmark]
    expected = [challenge.expected(case) for case in cases]
    job, limits = plan(challenge, challenge.reference_source, cases, settings, True)

    def inputs() -> TimedInputs:
        made = timed_inputs(challenge, cases, seed, settings)
        given = ran or {}
        orders = {
            i: _submissions_first(given.get(c.name, []), made.sets) for i, c in enumerate(cases)
        }
        return dataclasses.replace(made, orders=orders)

    return run_job(challenge, cases, expected, job, limits, sandbox, None, labels, inputs)


def _submissions_first(ran: list[int], sets: int) -> list[int]:
    """Every set, ``ran``'s first (in its order), then the others."""
    first = [v for v in dict.fromkeys(ran) if 0 < v <= sets]
    return first + [v for v in range(1, sets + 1) if v not in first]


@dataclasses.dataclass
class TimedInputs:
    """The further input sets of each benchmark case (by its index in the suite), one per timed
    run, and their expected results; drawn from the deployment's secret and the submission's
    seed, so that no submission can know them, and the reference is timed on the very same."""

    steps: dict[int, list[list[Step]]] = dataclasses.field(default_factory=dict)
    #: Each set as a case (for checkers that look at the inputs) with its expected results.
    expected: dict[int, list[tuple[Case, list[Any]]]] = dataclasses.field(default_factory=dict)
    #: The order to run a case's sets in, where the worker chooses it (the reference's); else
    #: the runner draws one.
    orders: dict[int, list[int]] = dataclasses.field(default_factory=dict)

    @property
    def sets(self) -> int:
        """How many sets every benchmark case has: what the go-ahead says."""
        return min((len(steps) for steps in self.steps.values()), default=0)


def timed_inputs(
    challenge: Challenge, cases: list[Case], seed: int, settings: Settings
) -> TimedInputs:
    """As many input sets per benchmark case as ``settings.benchmark_max_runs``, fewer where
    they would not fit in ``settings.benchmark_inputs_mb`` (never fewer than ``min_runs``).

    The last few are kept: an accepted submission's reference, timed right after it, is timed
    on the very same sets, which are then neither drawn nor solved again."""
    wanted = [i for i, case in enumerate(cases) if case.benchmark]
    if not wanted:
        return TimedInputs()
    key = (
        challenge.slug,
        challenge.version,
        str(challenge.path),
        seed,
        settings.secret_key,
        settings.benchmark_max_runs,
        settings.benchmark_min_runs,
        settings.benchmark_inputs_mb,
    )
    with _RECENT_LOCK:
        sets = _RECENT.pop(key, None)
    if sets is None:
        sets = _input_sets(challenge, seed, settings)
    with _RECENT_LOCK:
        _RECENT[key] = sets
        while len(_RECENT) > RECENT_INPUT_SETS:
            _RECENT.popitem(last=False)
    inputs = TimedInputs()
    for index in wanted:
        name = cases[index].name
        if name not in sets:
            raise ChallengeError(f"{challenge.slug}: the input sets have no {name}")
        inputs.steps[index] = [list(case.steps) for case, _ in sets[name]]
        inputs.expected[index] = list(sets[name])
    return inputs


#: How many submissions' input sets are kept (each set's inputs and expected results).
RECENT_INPUT_SETS = 2
_RECENT: collections.OrderedDict[tuple[Any, ...], dict[str, list[tuple[Case, Any]]]] = (
    collections.OrderedDict()
)
_RECENT_LOCK = threading.Lock()


def _input_sets(
    challenge: Challenge, seed: int, settings: Settings
) -> dict[str, list[tuple[Case, Any]]]:
    """By benchmark case name: each input set, as a case, and its expected results."""
    sets: dict[str, list[tuple[Case, Any]]] = {}
    count = settings.benchmark_max_runs
    for variant in range(1, count + 1):
        for case in challenge.benchmark_variant(seed, settings.secret_key, variant):
            sets.setdefault(case.name, []).append((case, challenge.expected(case)))
        if variant == 1:  # the first set's size says how many fit
            size = sum(_nbytes(step) for drawn in sets.values() for step in drawn[0][0].steps)
            room = settings.benchmark_inputs_mb * 1024 * 1024 // max(size, 1)
            count = max(settings.benchmark_min_runs, min(count, room))
        if variant >= count:
            break
    return sets


def _nbytes(step: Step) -> int:
    values = [*step.args, *(value for _, value in step.kwargs)]
    return sum(getattr(value, "nbytes", 64) for value in values)


def run_job(
    suite: Suite,
    cases: list[Case],
    expected: list[Any],
    job: Job,
    limits: Limits,
    sandbox: Sandbox,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
    inputs: Callable[[], TimedInputs] | None = None,
) -> Judgement:
    """The one pipeline of the worker and of ``judge test``: run ``job`` in ``sandbox``, read
    the result channel as it streams, grade every case. A run the sandbox could not carry out
    (the Docker engine lost mid-run, say) is tried again, a few times, before the
    :class:`SandboxError` goes to the caller: it is never the submission's fault. An engine that
    is gone (:class:`SandboxUnavailable`) goes to the caller at once: the submission waits for it.
    """
    for attempt in range(ENGINE_RETRIES + 1):
        if progress:
            progress({"status": Verdict.RUNNING.value, "cases_total": len(cases)})
        conversation = Conversation(suite, cases, expected, progress, bool(job.benchmarks))
        conversation.timed_inputs = inputs or TimedInputs
        try:
            request = build_request(job, conversation.nonce)
            run = sandbox.run(request, limits, labels, conversation.feed)
            return conversation.judgement(run)
        except SandboxUnavailable as exc:
            exc.cut_short = exc.cut_short or attempt > 0  # an earlier run was under way
            raise
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
        #: Made at the go-ahead: the timed runs' input sets, and each one's expected results.
        self.timed_inputs: Callable[[], TimedInputs] = TimedInputs
        self.timed_expected: dict[int, list[tuple[Case, Any]]] = {}
        self.timed_steps: dict[int, list[list[Step]]] = {}
        self.broken = ""  # why the judge itself failed during the run
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
        if self.broken:
            raise ChallengeError(self.broken)
        if self.reader.error is not None:
            log.warning("result channel rejected: %s", self.reader.error)
            report.failure, report.finished = _channel_failure(self.reader.error), False
        elif not report.ended and not (run.timed_out or run.stdout_overflow or run.oom_killed):
            # The runner's parent always has the last word, unless something outside the
            # sandbox stopped it: not the submission, which cannot kill or stop PID 1.
            raise SandboxError(
                f"the sandbox stopped without the runner's last word (exit code {run.exit_code})"
            )
        graded = time.monotonic()
        judgement = grade(self.suite, self.cases, self.expected, report, run, self.timed_expected)
        judgement.log = run.stderr.decode("utf-8", "replace")
        judgement.run_ms = run.wall_s * 1000
        judgement.costs_ms = costs(report, run)
        judgement.costs_ms["grading"] = (time.monotonic() - graded) * 1000
        return judgement

    def _on_event(self, event: Event, index: int) -> None:
        if event is Event.NEED:
            self.answer = self._input_set()
            return
        if event is Event.CHECKPOINT:
            if not self.gated:
                return  # nothing held back: the runner asks nothing
            self.answer = self._go_ahead() if self._all_right_so_far() else STOP
            if self.answer != STOP and self.progress:
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

    def _go_ahead(self) -> bytes:
        """``GO``, with the timed runs' input sets; ``STOP`` if they cannot be made (a broken
        package: the benchmark is then skipped, and the verdict says so)."""
        try:
            inputs = self.timed_inputs()
        except Exception as exc:  # the judgement says so: an internal error, not a skipped case
            log.exception("the timed runs' input sets could not be made")
            self.broken = f"the timed runs' input sets could not be made: {exc!r}"[:500]
            return STOP
        self.timed_expected, self.timed_steps = inputs.expected, inputs.steps
        return go_ahead(inputs.sets, inputs.orders)

    def _input_set(self) -> bytes:
        """The input set the runner asked for, or ``END``: none such (it then ends the case)."""
        case, variant = self.reader.report.need or (-1, 0)
        sets = self.timed_steps.get(case, [])
        if not 0 < variant <= len(sets):
            return b"END\n"
        return input_set(case, variant, sets[variant - 1])

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
            result = grade_case(self.suite, case, self.expected[index], event)
            if result.verdict is not Verdict.ACCEPTED:
                return False
        return True


def costs(report: Report, run: SandboxRun) -> dict[str, float]:
    """Where a sandbox run's milliseconds went, from the worker's clock and the runner's parent's
    accounts: the sandbox's start, the submission's cases (each on its clock), the benchmark's
    timed runs, their preparations and the rest of the timing (outputs sent and checked), and
    what is left: the runner's start, the request's transfer, the result channel."""
    start = (run.start_s or 0.0) * 1000
    cases = sum(e.measured.wall_ns for e in report.cases.values() if e.measured) / 1e6
    observed = [t.observed for t in report.timed.values() if t.observed]
    timed = sum(sum(o["outside_ns"]) for o in observed) / 1e6
    prepared = sum(sum(o.get("prepare_ns", [])) for o in observed) / 1e6
    timing = sum(o["wall_ns"] for o in observed) / 1e6
    spent = {
        "sandbox start": start,
        "cases": cases,
        "timed runs": timed,
        "preparing timed runs": prepared,
        "timed outputs": max(0.0, timing - timed - prepared),
    }
    spent["runner and transfer"] = max(0.0, run.wall_s * 1000 - start - cases - timing)
    return spent


def _channel_failure(error: ProtocolError) -> dict[str, Any]:
    """A result channel that could not be read, as the failure that stopped the run."""
    if isinstance(error, OutputTooLarge):
        return {"event": Event.OUTPUT_LIMIT, "reason": str(error)}
    return {"event": Event.GARBAGE, "reason": str(error)}


def static_problem(source: str, challenge: Suite) -> str:
    """Why ``source`` cannot be run at all, or ``""``; checked on the worker, before any sandbox."""
    try:
        tree = _parse(source)
    except SyntaxError as exc:
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"the source cannot be parsed: {str(exc)[:200]}"
    banned = set(challenge.banned_imports)
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            if module.split(".")[0] in banned:
                where = at_line(getattr(node, "lineno", None))
                # The same words as the runner's run-time guard (judge/runner/child.py).
                return f"importing {module!r} is not allowed in this challenge{where}"
    return ""


def _parse(source: str) -> ast.Module:
    """The source's tree. CPython 3.11's AST constructor keeps its depth in the interpreter, not the
    thread, and fails with "AST constructor recursion depth mismatch" when two threads build trees
    at once (judge challenges check proves in threads). Parses here take turns; a parse elsewhere
    (the traceback module's, in 3.11) can still collide, so that failure is tried once more."""
    try:
        with _PARSING:
            return ast.parse(source, filename="solution.py")
    except SystemError as exc:
        if "recursion depth mismatch" not in str(exc):
            raise
    with _PARSING:
        return ast.parse(source, filename="solution.py")


_PARSING = threading.Lock()


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    return []


def load_timeout_s(runtime: str) -> float:
    """The load's limit in a runtime (:attr:`Challenge.runtime`, or a kit's framework): a PyTorch
    one's (a GPU one's too) includes importing PyTorch in a cold sandbox, 1.2 s of CPU here and
    more when the host is busy, where NumPy takes 0.1."""
    return LOAD_TIMEOUT_S if runtime == "numpy" else 3 * LOAD_TIMEOUT_S


def plan(
    challenge: Challenge,
    source: str,
    cases: list[Case],
    settings: Settings,
    timed: bool = True,
) -> tuple[Job, Limits]:
    """The runner's job and the sandbox's limits, clamped to the operator's maximums."""
    applied = applied_limits(challenge, settings)
    case_time = applied.time_s
    output_bytes = applied.output_mb * 1024 * 1024
    benchmarks = frozenset(i for i, case in enumerate(cases) if case.benchmark and timed)
    bench_plan = {
        "budget_s": settings.benchmark_budget_s,
        "min_runs": settings.benchmark_min_runs,
        "max_runs": settings.benchmark_max_runs,
        "rse": settings.benchmark_rse,
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
        harness=challenge.harness,
        load_timeout_s=load_timeout_s(challenge.runtime),
    )
    limits = dataclasses.replace(
        base_limits(settings),
        memory_mb=applied.memory_mb,
        wall_s=run_wall_s(job),
        # The output budget, and one as large per benchmark case for its timed runs' outputs
        # sent to be checked (the runner keeps the two apart: prints cannot spend the second).
        stdout_bytes=output_bytes * (1 + len(benchmarks)) + PROTOCOL_OVERHEAD_BYTES,
        gpus=1 if challenge.device == "gpu" else 0,
    )
    return job, limits


def applied_limits(challenge: Challenge, settings: Settings) -> ChallengeLimits:
    """The challenge's limits under the operator's maximums: what the worker applies, and what
    ``judge test`` is given in its kit (:func:`judge.local.make_kit`), so that a case runs under
    the same limits on both."""
    return ChallengeLimits(
        time_s=min(challenge.limits.time_s, settings.max_case_time_s),
        memory_mb=min(challenge.limits.memory_mb, settings.max_memory_mb),
        output_mb=min(challenge.limits.output_mb, settings.max_output_mb),
    )


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
            # The runs (one per input set, at most), their preparations, and their outputs.
            runs = bench.get("max_runs", 12)
            timing = max(bench.get("budget_s", 2.0), bench.get("min_runs", 5) * limit)
            total += (timing + limit + runs * (GAP_S + limit)) * WALL_BACKSTOP
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
