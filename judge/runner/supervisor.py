"""The runner's parent at work: drives the child through its cases, one at a time, on clocks the
child cannot stop, and reports what happened on the result channel.

Every case's inputs stay here until its clock starts: the parent sends them (``C``) and starts
the clock in one step, so no case can be worked on before its time counts. Limits are on the
sandbox's CPU time, read from its cgroup: a busy host slows a run down, it does not change its
verdict. A case that uses no CPU (it sleeps, or the host gives it none) is stopped after
``WALL_BACKSTOP`` times its limit of wall time. Whatever the child prints counts against the same
output budget as its results; the parent keeps only the first ``log_bytes`` of it for the log.
The outputs of timed runs sent to be checked have a budget of their own, per benchmark case.

Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import threading
import time
from typing import Any, Protocol

from . import cgroup, frames, wire
from .benchmark import BenchmarkPlan, Timing, results_digest
from .clock import Clock, Meter
from .messages import (
    CHECKPOINT_S,
    CLOSE_GRACE_S,
    GAP_S,
    LOAD_TIMEOUT_S,
    Answer,
    Command,
    Event,
    whole_number,
)
from .timed_runs import TimedRuns

# Said in the log where the benchmark begins: its prints are counted, never kept.
BENCHMARK_UNLOGGED = b"\n[judge: the benchmark's runs began here; what they print is not kept]\n"
# Room kept in the output budget for the events that end a run.
RESERVE_BYTES = 64 * 1024
READ_BYTES = 1 << 20


class ChildProcess(Protocol):
    """What the supervisor needs of the child (see ``Child`` in ``__main__``)."""

    process: subprocess.Popen
    events_fd: int
    printed_fd: int

    def send(self, command: Command, payload: bytes | bytearray | None = None) -> None: ...


class Supervisor(TimedRuns):
    """Runs the child through its cases, enforces the clocks and the output budget, times the
    benchmark cases from outside the child, and reports what happened.

    Benchmark cases are held until every other case has run and the worker, which checks the
    outputs, answers ``GO`` at the checkpoint. Then each is run once as an ordinary case (the
    warm-up, checked like the others), and timed run by run, each timed run on a set of inputs
    the child has never seen, in an order drawn here: this process asks the worker for the set
    (a ``need`` event; the worker answers ``SET``), sends it to the child (``p``) and, once the
    child says it is ready, ``r``, and takes the time until the child's ``run`` event as the
    run's outside time (and the CPU time used in between, as its time on the CPU). A child
    cannot keep an earlier result, or work ahead on inputs it does not have. The run's output
    follows its event, unasked; once it is here this process hashes its results (SHA-256,
    ``results_digest``: the worker gets every run's hash). An output whose hash is the
    reference's on the same inputs (the worker sends it with the set, where it knows it) is the
    reference's very output: right, so not sent. Of the others this process chooses, only now
    and at random, whether the worker gets the output itself to check against the expected
    output of its inputs: together with the matched ones, at least a quarter of the runs', the
    first among them, and half of the others (``BenchmarkPlan.check_this``), on a budget of
    their own that prints cannot spend. Each run's preparation and output are timed too, and
    the CPU time of every moment from the warm-up's end to the last output is in one run's part
    or another (the wait for the worker's set in the next preparation's): the worker compares
    each run's preparation and output with the reference's, so that work done off the run's
    clock is charged to that very run.
    """

    def __init__(
        self,
        control: dict[str, Any],
        channel: Any,
        stdin: Any,
        cases: dict[int, bytes],
        meter: Meter,
    ) -> None:
        self.case_limits: list[float] = [float(t) for t in control["case_time_limits_s"]]
        self.output_limit = self.output_budget = int(control["output_limit_bytes"])
        self.log_room = int(control.get("log_bytes", 64 * 1024))
        self.load_timeout = float(control.get("load_timeout_s", LOAD_TIMEOUT_S))
        self.plan = BenchmarkPlan(control.get("bench") or {})
        self.channel, self.stdin, self.cases, self.meter = channel, stdin, cases, meter
        benchmarks = {int(i) for i in control.get("benchmarks", [])}
        self.todo = [i for i in sorted(cases) if i not in benchmarks]
        self.bench_todo = sorted(i for i in cases if i in benchmarks)
        self.benchmarks = benchmarks
        self.child: ChildProcess | None = None
        self.case: int | None = None
        self.expect: set[tuple[str, int | None]] = {(Event.LOADED, None), (Event.LOAD_ERROR, None)}
        self.at_gate = False  # waiting for the worker's answer at the checkpoint
        self.awaiting_set = False  # waiting for the worker's input set of the next timed run
        self.sets = 0  # input sets per benchmark case, as the go-ahead said
        self.orders: dict[int, list[int]] = {}  # the sets' order per case, where it said one
        self.largest = 0  # the largest result of the current benchmark case so far, in bytes
        self.timing: Timing | None = None
        self.clock = Clock(meter, self.load_timeout)
        self.memory_start = meter.memory()
        self.over = False

    # ------------------------------------------------------------ the loop

    def run(self, child: ChildProcess, job: bytes | bytearray) -> None:
        """Send the job, then follow the child until it is done; its load is on the clock."""
        self.child = child
        wake_r, wake_w = os.pipe()
        # Started before the job is sent: a submission that exhausts the pids limit at import
        # time must not leave this process unable to start its threads.
        threading.Thread(target=_wait_then_wake, args=(child.process, wake_w), daemon=True).start()
        self.clock = Clock(self.meter, self.load_timeout)
        child.send(Command.JOB, job)
        try:
            self._supervise(child, wake_r)
        finally:
            kill_group(child.process)
        self._drain_printed(child.printed_fd)
        if not self.over:
            self._report_exit(child.process)

    def _supervise(self, child: ChildProcess, wake_r: int) -> None:
        reader = frames.FrameReader()
        exited = False
        printed_open = True
        while not self.over:
            expired = self.clock.expired()
            if expired:
                self._on_deadline(expired)
                continue
            watched = [child.events_fd, wake_r] + ([child.printed_fd] if printed_open else [])
            waiting = self.at_gate or self.awaiting_set
            watched += [self.stdin.fd] if waiting else []
            ready, _, _ = select.select(watched, [], [], self.clock.wait_s())
            if self.stdin.fd in ready and self.at_gate:
                self._on_answer(self.stdin.answer())
            elif self.stdin.fd in ready and self.awaiting_set:
                self._on_set(self.stdin.answer())
            if child.printed_fd in ready:
                printed = _read_some(child.printed_fd)
                printed_open = printed != b""
                self._on_printed(printed)
                if self.over:
                    return
            if wake_r in ready and not exited:
                exited = True
                os.set_blocking(child.events_fd, False)  # descendants may hold the pipe open
                os.set_blocking(child.printed_fd, False)
            if child.events_fd in ready or exited:
                data = _read_some(child.events_fd)
                if data is None and exited:
                    return
                if data == b"":
                    self._on_channel_closed(child.process, exited)
                    return
                for message in reader.feed(data or b""):
                    self._on_message(message)
                    if self.over:
                        return
                if reader.pending > self.output_limit:
                    self._fail(Event.OUTPUT_LIMIT)
                    return

    def _on_deadline(self, which: str) -> None:
        if self.at_gate:  # the worker did not answer: no benchmark
            self._on_answer(b"")
        elif self.awaiting_set:  # nor here: no more timed runs
            self.awaiting_set = False
            self._end_timing()
        else:
            self._fail(Event.TIMEOUT, clock=which, **self.clock.account(), **self._taking_memory())

    def _on_printed(self, data: bytes | None) -> None:
        """What the submission printed: kept for the log up to its cap, counted in full."""
        if not data:
            return
        self._keep_for_log(data)
        self.output_budget -= len(data)
        if self.output_budget < RESERVE_BYTES:
            self._fail(Event.OUTPUT_LIMIT, what="printed")

    def _drain_printed(self, fd: int) -> None:
        """What is left in the pipe once the child is gone (its last prints), within the cap."""
        os.set_blocking(fd, False)
        while self.log_room > 0 and (data := _read_some(fd)):
            self._keep_for_log(data)

    def _keep_for_log(self, data: bytes) -> None:
        """As much of ``data`` as the log has room for, on this process's stderr (the log)."""
        kept = data[: max(0, self.log_room)]
        self.log_room -= len(kept)
        _write_all(2, kept)

    def _on_channel_closed(self, child: subprocess.Popen, exited: bool) -> None:
        """The channel's end of file: the child exited (its exit is reported), or it closed the
        descriptor and lives on, which an honest child never does."""
        if exited:
            return
        try:
            child.wait(timeout=CLOSE_GRACE_S)
        except subprocess.TimeoutExpired:
            self._fail(Event.GARBAGE, reason="the result channel was closed")

    def _on_message(self, message: bytes) -> None:
        if len(message) > self.output_limit:
            self._fail(Event.OUTPUT_LIMIT)
            return
        try:
            tree, blobs = wire.split(message)
            body = tree["$map"]
            event, case = body["event"], body.get("case")
        except wire.TooLargeToDecode as exc:
            self._fail(Event.OUTPUT_LIMIT, reason=str(exc))
            return
        except (wire.WireError, KeyError, TypeError, AttributeError):
            self._fail(Event.GARBAGE, reason="a malformed message on the runner's channel")
            return
        if type(event) is not str or type(case) not in (int, type(None)):
            self._fail(Event.GARBAGE, reason="a malformed event")
            return
        if (event, case) not in self.expect:
            self._fail(Event.GARBAGE, reason=f"an unexpected {event[:20]!r} event")
            return
        if event == Event.DONE:
            self.largest = max(self.largest, len(message))  # a benchmark's warm-up: its size
        if event == Event.RUN:
            # Read before forwarding: how fast the worker reads is not the run's time, and the
            # child, which may run again while this process writes, is past its run.
            received_ns, cpu = time.monotonic_ns(), self._sandbox_cpu_ns()
            if self._spend(message):
                self.channel.forward(message)
                self._on_run(body, received_ns, cpu)
        elif event == Event.OUTPUT:
            received_ns, cpu = time.monotonic_ns(), self._sandbox_cpu_ns()
            digest = results_digest(body.get("results"), blobs)
            self._on_output(message, digest, body.get("error") is not None, received_ns, cpu)
        elif event == Event.READY:
            self._on_ready(time.monotonic_ns(), self._sandbox_cpu_ns())
        elif self._spend(message):
            self.channel.forward(message)
            self._advance(Event(event), case, body)

    def _spend(self, message: bytes) -> bool:
        """Take the message's size from the budget of the whole channel; fail when it is out."""
        self.output_budget -= len(message)
        if self.output_budget < 0:
            self._fail(Event.OUTPUT_LIMIT)
        return not self.over

    # ------------------------------------------------------------ the cases

    def _advance(self, event: Event, case: int | None, body: dict[str, Any]) -> None:
        if event is Event.DONE:
            assert case is not None
            self._measured(case)
            self.case = None
            if case in self.benchmarks:
                self._warmed_up(case, failed=body.get("error") is not None)
            else:
                self._next_case()
        elif event is Event.LOADED:
            self._next_case()
        else:  # load_error, finished: the child has nothing more to say
            self.over = True

    def _start(self, case: int, command: Command) -> None:
        """Send a case's inputs and start its clock at once: the child has nothing of the case
        before its time counts."""
        assert self.child is not None
        if self.child.process.pid:
            cgroup.reset_peak_rss(self.child.process.pid)
        self.case = case
        self.memory_start = self.meter.memory()
        self.channel.send({"event": Event.START.value, "case": case})
        self.clock = Clock(self.meter, self.case_limits[case])
        # Not kept once sent: what this process holds counts against the submission's memory.
        self.child.send(command, self.cases.pop(case))
        self.expect = {(Event.DONE, case)}

    def _measured(self, case: int) -> None:
        """The case's own account, from outside the child: CPU and wall time, peak memory."""
        assert self.child is not None
        peak = cgroup.peak_rss_bytes(self.child.process.pid)
        self.channel.send(
            {
                "event": Event.MEASURED.value,
                "case": case,
                **self.clock.account(),
                "peak_bytes": peak,
                **self._memory_events(),
            }
        )

    def _next_case(self) -> None:
        if self.todo:
            self._start(self.todo.pop(0), Command.CASE)
        else:
            self._at_checkpoint()

    def _at_checkpoint(self) -> None:
        """Every other case has run: the worker says whether the benchmark is worth running."""
        self.channel.send({"event": Event.CHECKPOINT.value, "case": None})
        self.expect = set()
        if not self.bench_todo:
            self._quit()
            return
        self.at_gate = True
        self.clock = Clock(self.meter, CHECKPOINT_S, cpu=False)
        if b"\n" in self.stdin.buffer or self.stdin.closed:
            self._on_answer(self.stdin.answer())

    def _on_answer(self, answer: bytes | None) -> None:
        if answer is None:
            return
        self.at_gate = False
        word, words = Answer.of(answer)
        if word is Answer.GO:
            # The timed runs' input sets are shared by the submissions timed on the worker's
            # pool: nothing printed from here on is kept where the submitter could read it.
            self._keep_for_log(BENCHMARK_UNLOGGED)
            self.log_room = 0
            # With how many input sets each benchmark case has for its timed runs: the worker
            # sends each when it is needed, so the sandbox holds one at a time.
            self.sets = whole_number(words[0] if words else b"0")
            self.orders = {case: order for case, order in map(self._order, words[1:])}
            self._next_benchmark()
        else:
            self._quit()

    def _order(self, word: bytes) -> tuple[int, list[int]]:
        """``<case>:<set>,<set>,...`` from the go-ahead: the order the worker wants a case's
        sets run in (the reference's, to run the submission's sets first, as it did)."""
        case, _, listed = word.partition(b":")
        order = [whole_number(v) for v in listed.split(b",")]
        if not all(0 < v <= self.sets for v in order) or len(set(order)) != len(order):
            raise SystemExit("runner: a malformed answer from the worker")
        return whole_number(case), order

    def _quit(self) -> None:
        assert self.child is not None
        self.bench_todo = []
        self.clock = Clock(self.meter, GAP_S)
        self.child.send(Command.QUIT)
        self.expect = {(Event.FINISHED, None)}

    def _next_benchmark(self) -> None:
        if not self.bench_todo:
            self._quit()
            return
        self._start(self.bench_todo.pop(0), Command.BENCHMARK)

    # ------------------------------------------------------------ the end

    def _memory_events(self) -> dict[str, int]:
        """The memory controller's events since the current case (or the load) began."""
        used = self.meter.memory().since(self.memory_start)
        return {"memory_failures": used.failures, "oom_kills": used.oom_kills}

    def _taking_memory(self) -> dict[str, int]:
        """For a clock that ran out: how much of its CPU time the kernel spent, and how much
        memory the sandbox took meanwhile, of its limit. Where the host gives a virtual machine
        its memory only when first touched, taking memory costs so much CPU time that a memory
        bomb runs out of time long before it reaches its limit: with these, the worker can tell
        it from a slow computation."""
        now = self.meter.memory()
        figures = {
            "kernel_ns": self.clock.kernel_ns(),
            "memory_grown_bytes": now.grown_since(self.memory_start),
            "memory_limit_bytes": now.limit_bytes,
        }
        return {name: value for name, value in figures.items() if value is not None}

    def _fail(self, event: Event, **details: Any) -> None:
        self.over = True
        report = {"event": event.value, "case": self.case, **details, **self._memory_events()}
        self.channel.send(report)

    def _report_exit(self, child: subprocess.Popen) -> None:
        code = child.wait()
        details: dict[str, Any] = {"exit_code": code}
        if code < 0:
            details["signal"] = signal.Signals(-code).name if -code in _SIGNALS else str(-code)
        self._fail(Event.CRASHED, **details)


_SIGNALS = {s.value for s in signal.Signals}


def _read_some(fd: int) -> bytes | None:
    """Up to 1 MiB; ``None`` when nothing is there right now (non-blocking)."""
    try:
        return os.read(fd, READ_BYTES)
    except BlockingIOError:
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _wait_then_wake(child: subprocess.Popen, wake_w: int) -> None:
    child.wait()
    os.write(wake_w, b"x")


def kill_group(child: subprocess.Popen) -> None:
    """The child and whatever it forked; as PID 1 our exit ends the rest of the namespace."""
    for target in (lambda: os.killpg(child.pid, signal.SIGKILL), child.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            target()
