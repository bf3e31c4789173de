"""A sandbox's run as the worker holds it: the request sent, the result channel read as it
streams, progress told for each case, the answers given to the runner (the go-ahead at the
checkpoint, each timed run's input set when it is asked for), and every case graded once the
run is over (:mod:`judge.grading`). A run the sandbox could not carry out is tried again.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from judge.case_grading import Suite, grade_case
from judge.challenges import Case
from judge.errors import (
    ChallengeError,
    OutputTooLarge,
    ProtocolError,
    SandboxError,
    SandboxUnavailable,
)
from judge.grading import Judgement, grade
from judge.lockstep import Partner, Side, Turnstile
from judge.machine import HostLoad
from judge.protocol import (
    NO_MORE_SETS,
    STOP,
    Job,
    build_request,
    go_ahead,
    input_set,
    new_nonce,
)
from judge.result_channel import Report, ResultReader
from judge.runner.messages import Event
from judge.sandbox import Limits, Sandbox, SandboxRun
from judge.timed_sets import TimedInputs
from judge.verdicts import Phase, Verdict

log = logging.getLogger(__name__)

# A run that the sandbox cut short without the runner's last word (the Docker engine restarted,
# say) is the judge's trouble, not the submission's: it is tried again this many times more.
ENGINE_RETRIES = 2
ENGINE_RETRY_WAIT_S = 2.0

#: Told each step of a judging as it happens: the status, and where the run is.
Progress = Callable[[dict[str, Any]], None]


@dataclasses.dataclass(frozen=True)
class PlannedRun:
    """What one sandbox run judges: the suite's ``cases`` and their ``expected`` results, the
    runner's ``job`` and the sandbox's ``limits`` (:func:`judge.planning.plan`), and where a
    timed run's ``inputs`` come from at the go-ahead (``None``: none are sent).

    Timed in turn with another run (:mod:`judge.lockstep`): a submission's has the reference's
    ``partner``, started at its go-ahead; the reference's has the ``turnstile`` they share."""

    suite: Suite
    cases: list[Case]
    expected: list[Any]
    job: Job
    limits: Limits
    inputs: Callable[[], TimedInputs] | None = None
    partner: Partner | None = None
    turnstile: Turnstile | None = None


def run_job(
    planned: PlannedRun,
    sandbox: Sandbox,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
) -> Judgement:
    """The one pipeline of the worker and of ``judge test``: run the planned job in
    ``sandbox``, read the result channel as it streams, grade every case. A run the sandbox
    could not carry out (the Docker engine lost mid-run, say) is tried again, a few times,
    before the :class:`SandboxError` goes to the caller: it is never the submission's fault.
    An engine that is gone (:class:`SandboxUnavailable`) goes to the caller at once: the
    submission waits for it.
    """
    cases, job = planned.cases, planned.job
    for attempt in range(ENGINE_RETRIES + 1):
        if progress:
            progress({"status": Verdict.RUNNING.value, "cases_total": len(cases)})
        conversation = Conversation(
            planned.suite, cases, planned.expected, progress, bool(job.benchmarks)
        )
        conversation.timed_inputs = planned.inputs or TimedInputs
        conversation.partner, conversation.turnstile = planned.partner, planned.turnstile
        conversation.wall_s = planned.limits.wall_s
        try:
            request = build_request(job, conversation.nonce)
            run = sandbox.run(request, planned.limits, labels, conversation.feed)
            return conversation.judgement(run)
        except SandboxUnavailable as exc:
            exc.cut_short = exc.cut_short or attempt > 0  # an earlier run was under way
            raise
        except SandboxError as exc:
            if attempt == ENGINE_RETRIES:
                raise
            log.warning("the sandbox failed (%s); running it again", exc)
            time.sleep(ENGINE_RETRY_WAIT_S)
        finally:
            conversation.over()
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
        #: Makes, at the go-ahead, the timed runs' input sets, each one's expected results and
        #: the reference's output hashes (``timed``; none before).
        self.timed_inputs: Callable[[], TimedInputs] = TimedInputs
        self.timed = TimedInputs()
        self.broken = ""  # why the judge itself failed during the run
        self.timed_from: HostLoad | None = None  # the host's CPU counters at the go-ahead
        self.reader = ResultReader(self.nonce, len(cases), self._on_event)
        #: The reference's run to start at the go-ahead, for the timed runs to take turns with
        #: (a submission's); the turnstile they share, once started (or given: a reference's).
        self.partner: Partner | None = None
        self.turnstile: Turnstile | None = None
        self.wall_s = 0.0  # how long the run may take, by the sandbox's backstop

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
        judgement = grade(
            self.suite,
            self.cases,
            self.expected,
            report,
            run,
            self.timed.expected,
            self.timed.known,
        )
        judgement.log = run.stderr.decode("utf-8", "replace")
        judgement.run_ms = run.wall_s * 1000
        judgement.costs_ms = costs(report, run)
        judgement.costs_ms["grading"] = (time.monotonic() - graded) * 1000
        now = HostLoad.now() if self.timed_from is not None else None
        judgement.host_load = now.busy_since(self.timed_from) if now is not None else None
        judgement.output_digests = self._output_digests()
        return judgement

    def _output_digests(self) -> dict[str, dict[int, str]]:
        """By benchmark case name and set, the hash of each timed run's output that was not an
        error (a reference's, for the pool to know: :meth:`Pool.learn_outputs`)."""
        digests: dict[str, dict[int, str]] = {}
        for index, timed in self.reader.report.timed.items():
            observed = timed.observed or {}
            pairs = zip(observed.get("variants", []), observed.get("digests", []), strict=False)
            digests[self.cases[index].name] = {variant: d for variant, d in pairs if d}
        return digests

    def over(self) -> None:
        """The run is over, however it ended: a run taking turns with it goes on alone."""
        if self.turnstile is not None:
            self.turnstile.over(self.side)

    @property
    def side(self) -> Side:
        return Side.SUBMISSION if self.partner is not None else Side.REFERENCE

    def _on_event(self, event: Event, index: int) -> None:
        if event is Event.NEED:
            self.answer = self._input_set()
            return
        if event is Event.OBSERVED:
            if self.turnstile is not None and self.side is Side.SUBMISSION:
                self.turnstile.ended(self.cases[index].name)
            return
        if event is Event.CHECKPOINT:
            if not self.gated:
                return  # nothing held back: the runner asks nothing
            self.answer = self._go_ahead() if self._all_right_so_far() else STOP
            if self.answer != STOP and self.progress:
                self.progress({"status": Verdict.RUNNING.value, "phase": Phase.BENCHMARK.value})
        elif self.progress and 0 <= index < len(self.cases):
            phase = Phase.STARTED if event is Event.START else Phase.FINISHED
            if phase is Phase.FINISHED and self.gated and self.cases[index].benchmark:
                phase = Phase.TIMING  # its first run was the warm-up: the timed runs follow
            self.progress(
                {
                    "status": Verdict.RUNNING.value,
                    "case": index + 1,
                    "cases_total": len(self.cases),
                    "case_name": self.cases[index].name,
                    "phase": phase.value,
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
        if self.partner is not None:
            inputs = self._with_partner(inputs)
        self.timed = inputs
        self.timed_from = HostLoad.now()
        return go_ahead(inputs.sets, inputs.orders)

    def _with_partner(self, inputs: TimedInputs) -> TimedInputs:
        """The reference's run started beside this one, on the same sets in the same order: the
        order drawn here (where the runner would draw it), and, like the runner's, never told to
        the child."""
        assert self.partner is not None
        draw = random.SystemRandom()
        orders = {}
        for index in inputs.steps:
            orders[index] = inputs.orders.get(index) or draw.sample(
                range(1, inputs.sets + 1), inputs.sets
            )
        named = {self.cases[index].name: order for index, order in orders.items()}
        try:
            self.turnstile = self.partner.start(named, self.wall_s)
        except Exception:  # the submission's runs go alone; the reference is timed after it
            log.exception("the reference's run beside the submission's could not start")
        return dataclasses.replace(inputs, orders=orders)

    def _input_set(self) -> bytes:
        """The input set the runner asked for, or ``END``: none such (it then ends the case)."""
        case, variant = self.reader.report.need or (-1, 0)
        sets = self.timed.steps.get(case, [])
        if not 0 < variant <= len(sets):
            return NO_MORE_SETS
        if self.turnstile is not None and not self.turnstile.need(self.side, self.cases[case].name):
            return NO_MORE_SETS  # the reference has matched every run of the submission's
        known = self.timed.known.get(case, {}).get(variant, "")
        return input_set(case, variant, sets[variant - 1], known)

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
