"""The benchmark's timed runs, as the runner's parent drives them: the part of the
:class:`~.supervisor.Supervisor` that begins once a benchmark case's warm-up ran (see its
docstring for the whole story). Each run's inputs are asked of the worker (``need``, answered
``SET``), sent to the child to prepare (``p``), run (``r``), and its output hashed, matched with
the reference's or drawn for checking, while every moment of the submission's CPU time is counted
in one run's part or another.

Standard library only.
"""

from __future__ import annotations

import time
from typing import Any

from . import heap, wire
from .benchmark import BenchmarkPlan, Timing
from .clock import Clock, Meter, process_cpu_clock
from .messages import CHECKPOINT_S, GAP_S, Answer, Command, Event, sha256_hex, whole_number


class TimedRuns:
    """The timed runs' states, mixed into the supervisor: what they need of it is declared here."""

    child: Any  # supervisor.ChildProcess
    channel: Any
    stdin: Any
    meter: Meter
    plan: BenchmarkPlan
    clock: Clock
    case: int | None
    case_limits: list[float]
    output_limit: int
    expect: set[tuple[str, int | None]]
    awaiting_set: bool
    sets: int
    orders: dict[int, list[int]]
    largest: int
    timing: Timing | None

    def _next_benchmark(self) -> None:
        raise NotImplementedError

    def _fail(self, event: Event, **details: Any) -> None:
        raise NotImplementedError

    def _memory_events(self) -> dict[str, int]:
        raise NotImplementedError

    def _warmed_up(self, case: int, failed: bool) -> None:
        """The benchmark case ran once and was reported like any case; now its timed runs."""
        assert self.child is not None
        if failed:
            self.child.send(Command.END)
            self._next_benchmark()
            return
        self.case = case
        order = list(self.orders.get(case, []))
        if not order:
            order = list(range(1, self.sets + 1))
            self.plan.shuffle(order)
        # The checks have a budget of their own, as large as the output limit, per case.
        self.timing = Timing(case, self.meter.cpu_ns(), order, self.output_limit)
        # From here every moment of the submission's CPU time is in one run's part or another.
        self.timing.cpu_mark = self._sandbox_cpu_ns()
        # Each run's set and output in pages used before, not new ones (``heap``): until the
        # case's end, when they are given back.
        heap.keep_freed()
        self._prepare_next()

    def _prepare_next(self) -> None:
        """Ask the worker for the next timed run's inputs, or end the case."""
        timing = self.timing
        assert timing is not None and self.child is not None
        if (
            timing.failed
            or not timing.order
            or self.plan.enough(timing)
            or not self.plan.can_hold_to_account(timing, self.largest)
        ):
            self._end_timing()
            return
        variant = timing.order.pop(0)
        timing.variants.append(variant)
        self.expect = set()
        self.awaiting_set = True
        self.clock = Clock(self.meter, CHECKPOINT_S, cpu=False)
        timing.asked_ns = time.monotonic_ns()
        self.channel.send({"event": Event.NEED.value, "case": timing.case, "variant": variant})
        if b"\n" in self.stdin.buffer:
            self._on_set(self.stdin.answer())

    def _on_set(self, answer: bytes | None) -> None:
        """The worker's input set: to the child, whose preparation of it is timed."""
        timing = self.timing
        if answer is None or timing is None or self.child is None:
            return
        self.awaiting_set = False
        timing.waited_ns += time.monotonic_ns() - timing.asked_ns
        word, words = Answer.of(answer)
        if word is not Answer.SET or len(words) not in (1, 2):
            self._end_timing()  # END: the worker has no more; the runs so far will do
            return
        timing.known = sha256_hex(words[1]) if len(words) == 2 else ""
        message = self.stdin.read_exactly(whole_number(words[0]))
        tree, _ = wire.split(memoryview(message), limits=wire.REQUEST)
        if (tree["$map"].get("case"), tree["$map"].get("variant")) != (
            timing.case,
            timing.variants[-1],
        ):
            raise SystemExit("runner: the worker sent another input set than the one asked for")
        self.clock = Clock(self.meter, self.case_limits[timing.case])
        timing.sent_ns = time.monotonic_ns()
        self.expect = {(Event.READY, timing.case)}
        self.child.send(Command.PREPARE, message)

    def _end_timing(self) -> None:
        timing = self.timing
        assert timing is not None and self.child is not None
        if len(timing.variants) > len(timing.claimed_ns):
            timing.variants.pop()  # asked for, never run
        self.child.send(Command.END)
        # With the memory events since the case began: a helper process killed by the limit
        # while the child went on is this case's, not the run's at large.
        self.channel.send({**timing.report(self.meter.cpu_ns()), **self._memory_events()})
        heap.give_back()
        self.timing = None
        self.case = None
        self._next_benchmark()

    def _on_ready(self, received_ns: int, cpu: tuple[int, int] | None) -> None:
        timing = self.timing
        assert timing is not None and self.child is not None
        timing.prepare_ns.append(received_ns - timing.sent_ns)
        # One reading ends the preparation and starts the run: no CPU time between them goes
        # uncounted.
        timing.count_cpu(timing.cpu_prepare_ns, cpu)
        self.clock = Clock(self.meter, self.case_limits[timing.case])
        timing.sent_ns = time.monotonic_ns()
        self.expect = {(Event.RUN, timing.case)}
        self.child.send(Command.RUN)

    def _on_run(self, body: dict[str, Any], received_ns: int, cpu: tuple[int, int] | None) -> None:
        timing = self.timing
        assert timing is not None and self.child is not None
        timing.outside_ns.append(received_ns - timing.sent_ns)
        timing.count_cpu(timing.cpu_run_ns, cpu)
        claimed = body.get("time_ns")
        if type(claimed) is not int or claimed < 0:
            self._fail(Event.GARBAGE, reason="a timed run without its time")
            return
        timing.claimed_ns.append(claimed)
        timing.failed = body.get("error") is not None
        if timing.failed:  # its error is in its event: there is no output
            timing.digests.append("")
            timing.output_ns.append(0)
            timing.count_cpu(timing.cpu_output_ns, cpu)
            self._prepare_next()
            return
        # The output comes next, unasked: until it is here, the run is not over.
        timing.output_from_ns = received_ns
        self.clock = Clock(self.meter, GAP_S)
        self.expect = {(Event.OUTPUT, timing.case)}

    def _sandbox_cpu_ns(self) -> tuple[int, int] | None:
        """The CPU time the submission's processes have used so far, where the sandbox has a
        cgroup of its own: what a busy host does not change, where it stretches outside times.

        Two figures: the child's own (all its threads, to the nanosecond, including the turn it
        may be having now), and what the sandbox's cgroup counted for any other process: neither
        the child nor this one (whose writing of inputs into the child's pipe is not the
        submission's work), but a helper the child started. The cgroup's count lags by the turn
        this process is having, so that remainder is, if anything, short by that much."""
        if not getattr(self.meter, "precise", False) or self.child is None:
            return None
        try:
            child = time.clock_gettime_ns(process_cpu_clock(self.child.process.pid))
        except OSError:
            return None  # the child is gone
        parent = time.process_time_ns()
        sandbox = self.meter.cpu_ns()
        return None if sandbox is None else (child, sandbox - parent - child)

    def _on_output(
        self,
        message: bytes,
        digest: str,
        error: bool,
        received_ns: int,
        cpu: tuple[int, int] | None,
    ) -> None:
        """A timed run's output, in this process's hands: committed to (its hash, for the
        worker), matched with the reference's where its hash is known, and otherwise chosen,
        only now and at random, to be checked or not. The child cannot
        tell which runs are checked, nor change an output once sent. An output that could not
        be sent (its error) always goes to the worker: it is the run's verdict."""
        timing = self.timing
        assert timing is not None
        timing.output_ns.append(received_ns - timing.output_from_ns)
        timing.count_cpu(timing.cpu_output_ns, cpu)
        self.largest = max(self.largest, len(message))
        timing.digests.append(digest)
        timing.failed = error
        if not error and digest == timing.known:
            # The very output the reference gave on these inputs: right, with nothing to send.
            timing.matched.append(len(timing.digests) - 1)
        elif error or self.plan.check_this(timing, len(message)):
            if len(message) > timing.check_left:
                # Larger than the case's earlier outputs, which left room for it: not checked,
                # so not accepted.
                self._fail(Event.OUTPUT_LIMIT, what="timed outputs")
                return
            timing.check_left -= len(message)
            timing.checked.append(len(timing.digests) - 1)
            self.channel.forward(message)
        self._prepare_next()
