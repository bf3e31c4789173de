"""The runner's parent: PID 1 of the sandbox, and the only writer of the result channel.

Reads the worker's request on stdin::

    JUDGE-REQUEST-1 <nonce>\\n
    <control JSON>\\n          case time limits and the output budget, for this process
    <wire message>            the job for the child: source, entry point, the inputs of the
                              cases that are not benchmarks
    (u32 length, wire message)*   the benchmark cases' inputs, held here until they are timed
    GO\\n                     (later, at the checkpoint) the worker's go-ahead for the benchmark

then runs the submission in a *fresh* interpreter (``child``), which never sees the nonce or this
process's stdout, and writes the result channel on stdout::

    JUDGE-RESULT-1 <nonce>\\n
    (u32 length, wire message)*   one event each: the child's, checked and forwarded, and its own
                                  (``observed``: a benchmark case's times as seen from here)

The child's stdout and stderr both go to the container's stderr, which the worker keeps only as a
capped log. This process makes itself non-dumpable, so the child cannot open its file descriptors
through ``/proc`` or ptrace it; as PID 1 of its namespace it cannot be killed from inside either.
The worker trusts none of this and checks every event again: this layer exists so that honest
failures (a crash, a timeout, a flood of prints) are reported precisely rather than guessed.

Standard library only: this process never imports NumPy.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import queue
import random
import select
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from . import wire
from .wire import REQUEST_MAGIC, RESULT_MAGIC

# Time allowed between cases (decoding the next case's inputs) and for loading the submission.
GAP_TIMEOUT_S = 10.0
DEFAULT_LOAD_TIMEOUT_S = 10.0
FRAME_HEADER = 4
# How long a child that closed its result channel has to exit before that counts against it.
CLOSE_GRACE_S = 1.0
# How long the worker may take to check the outputs before answering at the checkpoint.
GATE_TIMEOUT_S = 60.0
# The events pipe's capacity (Linux's F_SETPIPE_SZ; an unprivileged process may ask for 1 MiB).
F_SETPIPE_SZ = 1031
PIPE_BYTES = 1 << 20
# Room kept in the output budget for the events that end a run.
RESERVE_BYTES = 64 * 1024
# The chance that a timed run's output (after the first's, always checked) goes to the worker.
CHECK_SHARE = 0.25


def main() -> int:
    # As PID 1 this process only receives the signals it handles, and Python handles SIGINT: a
    # submission's os.kill(1, SIGINT) would end the run with a KeyboardInterrupt. Ignored, the
    # worker's SIGKILL from outside is the only way to stop it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _make_undumpable()
    # The result channel keeps the real stdout; anything else printed here goes to stderr.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    # Started before the request arrives: in a warm sandbox, the child has imported NumPy and
    # waits for its job by the time the submission comes.
    child = Child.spawn()
    stdin = Input(0)
    first = stdin.readline(200)
    if not first.startswith(REQUEST_MAGIC):
        print("runner: not a judge request", file=sys.stderr)
        return 2
    nonce = first[len(REQUEST_MAGIC) :].strip()
    control = json.loads(stdin.readline(1 << 20))
    payload = stdin.read_exactly(int(control["job_bytes"]))
    benchmarks = FrameReader().feed(stdin.read_exactly(int(control.get("bench_bytes", 0))))
    channel = ResultChannel(result_fd, nonce)
    Supervisor(control, channel, stdin, benchmarks).run(child, payload)
    channel.send({"event": "end"})
    return 0


class Input:
    """The worker's side of stdin: the request, then its answer at the checkpoint."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.closed = False

    def _fill(self) -> bool:
        data = os.read(self.fd, 1 << 20)
        if not data:
            self.closed = True
        self.buffer += data
        return bool(data)

    def readline(self, limit: int) -> bytes:
        while b"\n" not in self.buffer and len(self.buffer) < limit and self._fill():
            pass
        end = self.buffer.find(b"\n")
        end = min(limit, len(self.buffer)) if end < 0 else end + 1
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        return line

    def read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            if not self._fill():
                raise SystemExit("runner: the request ended early")
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def answer(self) -> bytes | None:
        """A whole line if one is there or arrives now, ``None`` if not yet; ``b""`` at EOF."""
        if b"\n" not in self.buffer and not self.closed:
            self._fill()
        if b"\n" in self.buffer:
            return self.readline(64).strip()
        return b"" if self.closed else None


def _make_undumpable() -> None:
    """PR_SET_DUMPABLE 0: /proc/1/fd and ptrace become root's alone, even for our own uid."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)
    except Exception as exc:  # never fatal: the worker's own checks do not depend on it
        print(f"runner: could not set non-dumpable: {exc}", file=sys.stderr)


class ResultChannel:
    """Length-prefixed wire messages on the dedicated descriptor, after the nonce line."""

    def __init__(self, fd: int, nonce: bytes) -> None:
        self.fd = fd
        self._write(RESULT_MAGIC + nonce + b"\n")

    def send(self, event: dict[str, Any]) -> None:
        self.forward(wire.encode(event))

    def forward(self, message: bytes | memoryview) -> None:
        self._write(wire.frame(bytes(message)))

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]


class Child:
    """The submission's interpreter, the pipe of its events, and a writer for its commands.

    Commands (one per line): ``J`` and the job (``<size>``, then the bytes), ``B`` and a benchmark
    case's inputs (likewise), ``r`` (one timed run), ``o`` (that run's output), ``e`` (end of
    the case), ``q``. Those with a payload are written from a thread, so that a child that stops
    reading cannot stall this process; the one-line ones at once.
    """

    def __init__(self, process: subprocess.Popen, events_fd: int) -> None:
        self.process = process
        self.events_fd = events_fd
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        threading.Thread(target=self._write_commands, daemon=True).start()

    @classmethod
    def spawn(cls) -> Child:
        read_fd, write_fd = os.pipe()
        with contextlib.suppress(OSError):  # fewer wake-ups for large outputs, where allowed
            fcntl.fcntl(read_fd, F_SETPIPE_SZ, PIPE_BYTES)
        env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV}
        env["HOME"] = "/tmp"
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", f"{__package__}.child", str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=2,
            stderr=2,
            pass_fds=(write_fd,),
            env=env,
            cwd=os.environ.get("JUDGE_RUNNER_WORKDIR", "/tmp"),
            start_new_session=True,
        )
        os.close(write_fd)
        return cls(process, read_fd)

    def send(self, command: bytes, payload: bytes | None = None) -> None:
        if payload is None:
            self._direct(command + b"\n")
            return
        self._outbox.put(command + b"\n")
        self._outbox.put(b"%d\n" % len(payload))
        self._outbox.put(payload)

    def _direct(self, line: bytes) -> None:
        """A one-line command, written at once: the timed runs' clock starts here. Safe from
        this thread, because the child has read every payload before any such command."""
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(OSError):  # the child is gone; its exit is reported
            os.write(stdin.fileno(), line)

    def _write_commands(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (data := self._outbox.get()) is not None:
                stdin.write(data)
                stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the child died or closed its stdin; its exit or silence is reported


class Supervisor:
    """Runs the child through its cases, enforces per-case time and the output budget, and
    times the benchmark cases from outside the child: it reports what happened.

    Benchmark cases are held here until every other case has run and the worker, which checks
    the outputs, answers ``GO`` at the checkpoint. Then each is run once as an ordinary case (the
    warm-up, checked like the others), and timed run by run: this process sends ``r``, and takes
    the time until the child's ``run`` event as the run's outside time. The event carries the
    fingerprint of the run's output; only then does this process choose, at random, whether to
    ask for the output itself (``o``), which goes to the worker to be checked against the
    fingerprint and the expected output. A child cannot know which runs may skip the work.
    """

    def __init__(
        self,
        control: dict[str, Any],
        channel: ResultChannel,
        stdin: Input,
        benchmarks: list[bytes],
    ) -> None:
        self.case_limits: list[float] = [float(t) for t in control["case_time_limits_s"]]
        self.output_limit = self.output_budget = int(control["output_limit_bytes"])
        self.load_timeout = float(control.get("load_timeout_s", DEFAULT_LOAD_TIMEOUT_S))
        self.plan = BenchmarkPlan(control.get("bench") or {})
        self.channel = channel
        self.stdin = stdin
        self.benchmarks = {_case_of(message): message for message in benchmarks}
        self.todo = [i for i in range(len(self.case_limits)) if i not in self.benchmarks]
        self.bench_todo = sorted(self.benchmarks)
        self.child: Child | None = None
        self.case: int | None = None
        self.expect: set[tuple[str, int | None]] = {("loaded", None), ("load_error", None)}
        self.at_gate = False
        self.timing: Timing | None = None
        self.deadline = time.monotonic() + self.load_timeout
        self.limit_s = self.load_timeout
        self.over = False

    def run(self, child: Child, payload: bytes) -> None:
        self.child = child
        wake_r, wake_w = os.pipe()
        threading.Thread(target=_wait_then_wake, args=(child.process, wake_w), daemon=True).start()
        child.send(b"J", payload)
        try:
            self._supervise(child.process, child.events_fd, wake_r)
        finally:
            _kill_group(child.process)
        if not self.over:
            self._report_exit(child.process)

    def _supervise(self, child: subprocess.Popen, read_fd: int, wake_r: int) -> None:
        frames = FrameReader()
        exited = False
        while not self.over:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self._on_deadline()
                continue
            watched = [read_fd, wake_r] + ([self.stdin.fd] if self.at_gate else [])
            ready, _, _ = select.select(watched, [], [], remaining)
            if self.stdin.fd in ready and self.at_gate:
                self._on_answer(self.stdin.answer())
            if wake_r in ready:
                exited = True
                os.set_blocking(read_fd, False)  # descendants may hold the pipe open
            if read_fd in ready or exited:
                data = _read_some(read_fd)
                if data is None and exited:
                    return
                if data == b"":
                    self._on_channel_closed(child, exited)
                    return
                for message in frames.feed(data or b""):
                    self._on_message(message)
                    if self.over:
                        return
                if frames.pending > self.output_limit:
                    self._fail("output_limit")
                    return

    def _on_deadline(self) -> None:
        if self.at_gate:  # the worker did not answer: no benchmark
            self._on_answer(b"")
        else:
            self._fail("timeout", limit_s=self.limit_s)

    def _on_channel_closed(self, child: subprocess.Popen, exited: bool) -> None:
        """The channel's end of file: the child exited (its exit is reported), or it closed the
        descriptor and lives on, which an honest child never does."""
        if exited:
            return
        try:
            child.wait(timeout=CLOSE_GRACE_S)
        except subprocess.TimeoutExpired:
            self._fail("garbage", reason="the result channel was closed")

    def _on_message(self, message: bytes) -> None:
        if len(message) > self.output_limit:
            self._fail("output_limit")
            return
        try:
            tree, _ = wire.split(message)
            body = tree["$map"]
            event, case = body["event"], body.get("case")
        except (wire.WireError, KeyError, TypeError, AttributeError):
            self._fail("garbage", reason="a malformed message on the runner's channel")
            return
        if type(event) is not str or type(case) not in (int, type(None)):
            self._fail("garbage", reason="a malformed event")
            return
        if (event, case) not in self.expect:
            self._fail("garbage", reason=f"an unexpected {event[:20]!r} event")
            return
        if event == "run":
            if self._spend(message):
                self.channel.forward(message)
                self._on_run(body)
        elif event == "output":
            self._on_output(message)
        elif self._spend(message):
            self.channel.forward(message)
            self._advance(event, case, body)

    def _spend(self, message: bytes) -> bool:
        """Take the message's size from the budget of the whole channel; fail when it is out."""
        self.output_budget -= len(message)
        if self.output_budget < 0:
            self._fail("output_limit")
        return not self.over

    def _advance(self, event: str, case: int | None, body: dict[str, Any]) -> None:
        now = time.monotonic()
        self.limit_s, self.deadline = GAP_TIMEOUT_S, now + GAP_TIMEOUT_S
        if event == "start":
            assert case is not None
            self.case = case
            self.limit_s = self.case_limits[case]
            self.deadline = now + self.limit_s
            self.expect = {("done", case)}
        elif event == "done":
            self.case = None
            if case in self.benchmarks:
                self._warmed_up(case, failed=body.get("error") is not None)
            else:
                self._next_case()
        elif event == "loaded":
            self._next_case()
        elif event == "checkpoint":
            self._at_checkpoint()
        else:  # load_error, finished: the child has nothing more to say
            self.over = True

    def _next_case(self) -> None:
        if self.todo:
            self.expect = {("start", self.todo.pop(0))}
        else:
            self.expect = {("checkpoint", None)}

    def _at_checkpoint(self) -> None:
        """Every other case has run: the worker says whether the benchmark is worth running."""
        self.expect = set()
        if not self.bench_todo:
            self._quit()
            return
        self.at_gate = True
        self.limit_s, self.deadline = GATE_TIMEOUT_S, time.monotonic() + GATE_TIMEOUT_S
        if b"\n" in self.stdin.buffer or self.stdin.closed:
            self._on_answer(self.stdin.answer())

    def _on_answer(self, answer: bytes | None) -> None:
        if answer is None:
            return
        self.at_gate = False
        self.limit_s, self.deadline = GAP_TIMEOUT_S, time.monotonic() + GAP_TIMEOUT_S
        if answer == b"GO":
            self._next_benchmark()
        else:
            self._quit()

    def _quit(self) -> None:
        assert self.child is not None
        self.bench_todo = []
        self.child.send(b"q")
        self.expect = {("finished", None)}

    def _next_benchmark(self) -> None:
        if not self.bench_todo:
            self._quit()
            return
        assert self.child is not None
        index = self.bench_todo.pop(0)
        self.child.send(b"B", self.benchmarks[index])
        self.expect = {("start", index)}

    def _warmed_up(self, case: int, failed: bool) -> None:
        """The benchmark case ran once and was reported like any case; now its timed runs."""
        assert self.child is not None
        if failed:
            self.child.send(b"e")
            self._next_benchmark()
            return
        self.case = case
        self.timing = Timing(case, _cpu_ns())
        self._next_run()

    def _next_run(self) -> None:
        assert self.child is not None and self.timing is not None
        case = self.timing.case
        self.limit_s = self.case_limits[case]
        self.deadline = time.monotonic() + self.limit_s
        self.timing.sent_ns = time.monotonic_ns()
        self.expect = {("run", case)}
        self.child.send(b"r")

    def _on_run(self, body: dict[str, Any]) -> None:
        timing = self.timing
        assert timing is not None and self.child is not None
        timing.outside_ns.append(time.monotonic_ns() - timing.sent_ns)
        claimed = body.get("time_ns")
        if type(claimed) is not int or claimed < 0:
            self._fail("garbage", reason="a timed run without its time")
            return
        timing.claimed_ns.append(claimed)
        timing.failed = body.get("error") is not None
        run = len(timing.claimed_ns) - 1
        # Chosen only now, after the run committed to its output's fingerprint: the child
        # cannot tell which runs will be checked. A failed run's error is in its event already.
        if not timing.failed and self.plan.check_this(run, timing.checked):
            timing.checked.append(run)
            self.limit_s, self.deadline = GAP_TIMEOUT_S, time.monotonic() + GAP_TIMEOUT_S
            self.expect = {("output", timing.case)}
            self.child.send(b"o")
        else:
            self._after_run()

    def _on_output(self, message: bytes) -> None:
        # The outputs of timed runs are checked as far as the channel's budget allows.
        if len(message) + RESERVE_BYTES <= self.output_budget:
            self._spend(message)
            self.channel.forward(message)
        else:
            assert self.timing is not None
            self.timing.checked.pop()
        self._after_run()

    def _after_run(self) -> None:
        timing = self.timing
        assert timing is not None and self.child is not None
        if timing.failed or self.plan.enough(timing):
            self.child.send(b"e")
            self.channel.send(timing.report(_cpu_ns()))
            self.timing = None
            self.case = None
            self.limit_s, self.deadline = GAP_TIMEOUT_S, time.monotonic() + GAP_TIMEOUT_S
            self._next_benchmark()
        else:
            self._next_run()

    def _fail(self, event: str, **details: Any) -> None:
        self.over = True
        self.channel.send({"event": event, "case": self.case, **details})

    def _report_exit(self, child: subprocess.Popen) -> None:
        code = child.wait()
        details: dict[str, Any] = {"exit_code": code}
        if code < 0:
            details["signal"] = signal.Signals(-code).name if -code in _SIGNALS else str(-code)
        self._fail("crashed", **details)


class BenchmarkPlan:
    """How long a benchmark case is timed: at least ``min_runs`` runs, then until the relative
    standard error of the mean outside time is under ``rse`` or ``budget_s`` is spent."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.budget_s = float(settings.get("budget_s", 2.0))
        self.min_runs = int(settings.get("min_runs", 5))
        self.max_runs = int(settings.get("max_runs", 1000))
        self.rse = float(settings.get("rse", 0.01))
        self.checked_runs = int(settings.get("checked_runs", 2))
        self._random = random.SystemRandom()

    def check_this(self, run: int, checked: list[int]) -> bool:
        if run == 0:
            return True
        return len(checked) < self.checked_runs and self._random.random() < CHECK_SHARE

    def enough(self, timing: Timing) -> bool:
        runs = len(timing.outside_ns)
        if runs < self.min_runs:
            return False
        if runs >= self.max_runs:
            return True
        spent = (time.monotonic_ns() - timing.started_ns) / 1e9
        # The child's own times decide when there are enough, as they are what is reported; a
        # child that lies about them gains nothing here: the budget bounds the runs, and the
        # worker compares the claims with the outside times.
        return spent >= self.budget_s or relative_standard_error(timing.claimed_ns) < self.rse


class Timing:
    """One benchmark case's timed runs as seen from here, and as the child claims them."""

    def __init__(self, case: int, cpu_ns: int | None) -> None:
        self.case = case
        self.started_ns = self.sent_ns = time.monotonic_ns()
        self.cpu_start_ns = cpu_ns
        self.outside_ns: list[int] = []
        self.claimed_ns: list[int] = []
        self.checked: list[int] = []
        self.failed = False

    def report(self, cpu_ns: int | None) -> dict[str, Any]:
        used = None
        if cpu_ns is not None and self.cpu_start_ns is not None:
            used = cpu_ns - self.cpu_start_ns
        return {
            "event": "observed",
            "case": self.case,
            "outside_ns": self.outside_ns,
            "claimed_ns": self.claimed_ns,
            "checked": self.checked,
            "wall_ns": time.monotonic_ns() - self.started_ns,
            "cpu_ns": used,
        }


def relative_standard_error(samples: list[int]) -> float:
    """The standard error of the mean over the mean (infinite when it cannot be known)."""
    n = len(samples)
    mean = sum(samples) / n if n else 0
    if n < 2 or mean <= 0:
        return math.inf
    variance = sum((x - mean) ** 2 for x in samples) / (n - 1)
    return math.sqrt(variance / n) / mean


def _cpu_ns() -> int | None:
    """CPU time used by the whole sandbox so far, from its cgroup (v2, else v1)."""
    for path, scale, key in _CPU_FILES:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        for line in text.splitlines():
            parts = line.split()
            if key is None and len(parts) == 1:
                return int(parts[0]) * scale
            if key is not None and len(parts) == 2 and parts[0] == key:
                return int(parts[1]) * scale
    return None


_CPU_FILES = (
    ("/sys/fs/cgroup/cpu.stat", 1000, "usage_usec"),
    ("/sys/fs/cgroup/cpuacct/cpuacct.usage", 1, None),
    ("/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage", 1, None),
)


def _case_of(message: bytes) -> int:
    tree, _ = wire.split(message)
    case = tree["$map"]["case"]
    if type(case) is not int:
        raise SystemExit("runner: a benchmark case without its index")
    return case


_SIGNALS = {s.value for s in signal.Signals}
_PASSED_ENV = {
    "PATH",
    "LANG",
    "LC_ALL",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
}


class FrameReader:
    """Splits a byte stream into length-prefixed frames."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    @property
    def pending(self) -> int:
        if len(self.buffer) < FRAME_HEADER:
            return 0
        return int.from_bytes(self.buffer[:FRAME_HEADER], "big")

    def feed(self, data: bytes) -> list[bytes]:
        self.buffer += data
        messages = []
        while len(self.buffer) >= FRAME_HEADER:
            size = int.from_bytes(self.buffer[:FRAME_HEADER], "big")
            if len(self.buffer) < FRAME_HEADER + size:
                break
            messages.append(bytes(self.buffer[FRAME_HEADER : FRAME_HEADER + size]))
            del self.buffer[: FRAME_HEADER + size]
        return messages


def _read_some(fd: int) -> bytes | None:
    """Up to 1 MiB; ``None`` when nothing is there right now (non-blocking)."""
    try:
        return os.read(fd, 1 << 20)
    except BlockingIOError:
        return None


def _wait_then_wake(child: subprocess.Popen, wake_w: int) -> None:
    child.wait()
    os.write(wake_w, b"x")


def _kill_group(child: subprocess.Popen) -> None:
    """The child and whatever it forked; as PID 1 our exit ends the rest of the namespace."""
    for target in (lambda: os.killpg(child.pid, signal.SIGKILL), child.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            target()


if __name__ == "__main__":
    sys.exit(main())
