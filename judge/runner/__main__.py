"""The runner's parent: PID 1 of the sandbox, and the only writer of the result channel.

Reads the worker's request on stdin::

    JUDGE-REQUEST-1 <nonce>\\n
    <control JSON>\\n          case time limits and the output budget, for this process
    <wire message>            the job for the child: source, entry point, case inputs

then runs the submission in a *fresh* interpreter (``child``), which never sees the nonce or this
process's stdout, and writes the result channel on stdout::

    JUDGE-RESULT-1 <nonce>\\n
    (u32 length, wire message)*   one event each: the child's, checked and forwarded, and its own

The child's stdout and stderr both go to the container's stderr, which the worker keeps only as a
capped log. This process makes itself non-dumpable, so the child cannot open its file descriptors
through ``/proc`` or ptrace it; as PID 1 of its namespace it cannot be killed from inside either.
The worker trusts none of this and checks every event again: this layer exists so that honest
failures (a crash, a timeout, a flood of prints) are reported precisely rather than guessed.

Standard library only: this process never imports NumPy.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from . import wire
from .wire import CHILD_EVENTS, REQUEST_MAGIC, RESULT_MAGIC

# Time allowed between cases (decoding the next case's inputs) and for loading the submission.
GAP_TIMEOUT_S = 10.0
DEFAULT_LOAD_TIMEOUT_S = 10.0
FRAME_HEADER = 4
# How long a child that closed its result channel has to exit before that counts against it.
CLOSE_GRACE_S = 1.0


def main() -> int:
    # As PID 1 this process only receives the signals it handles, and Python handles SIGINT: a
    # submission's os.kill(1, SIGINT) would end the run with a KeyboardInterrupt. Ignored, the
    # worker's SIGKILL from outside is the only way to stop it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin = sys.stdin.buffer
    first = stdin.readline(200)
    if not first.startswith(REQUEST_MAGIC):
        print("runner: not a judge request", file=sys.stderr)
        return 2
    nonce = first[len(REQUEST_MAGIC) :].strip()
    control = json.loads(stdin.readline(1 << 20))
    payload = _read_exactly(stdin, int(control["job_bytes"]))
    _make_undumpable()
    # The result channel keeps the real stdout; anything else printed here goes to stderr.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    channel = ResultChannel(result_fd, nonce)
    Supervisor(control, channel).run(payload)
    channel.send({"event": "end"})
    return 0


def _read_exactly(stream: Any, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise SystemExit("runner: the request ended early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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


class Supervisor:
    """Runs the child, enforces per-case time and the output budget, reports what happened."""

    def __init__(self, control: dict[str, Any], channel: ResultChannel) -> None:
        self.case_limits: list[float] = [float(t) for t in control["case_time_limits_s"]]
        self.output_budget = int(control["output_limit_bytes"])
        self.load_timeout = float(control.get("load_timeout_s", DEFAULT_LOAD_TIMEOUT_S))
        self.channel = channel
        self.case: int | None = None
        self.expected_case = 0
        self.deadline = time.monotonic() + self.load_timeout
        self.limit_s = self.load_timeout
        self.over = False

    def run(self, payload: bytes) -> None:
        read_fd, write_fd = os.pipe()
        child = self._spawn(write_fd)
        os.close(write_fd)
        threading.Thread(target=_feed, args=(child, payload), daemon=True).start()
        wake_r, wake_w = os.pipe()
        threading.Thread(target=_wait_then_wake, args=(child, wake_w), daemon=True).start()
        try:
            self._supervise(child, read_fd, wake_r)
        finally:
            _kill_group(child)
        if not self.over:
            self._report_exit(child)

    def _spawn(self, write_fd: int) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV}
        env["HOME"] = "/tmp"
        module = f"{__package__}.child"
        return subprocess.Popen(
            [sys.executable, "-I", "-m", module, str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=2,
            stderr=2,
            pass_fds=(write_fd,),
            env=env,
            cwd=os.environ.get("JUDGE_RUNNER_WORKDIR", "/tmp"),
            start_new_session=True,
        )

    def _supervise(self, child: subprocess.Popen, read_fd: int, wake_r: int) -> None:
        frames = FrameReader()
        exited = False
        while not self.over:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self._fail("timeout", limit_s=self.limit_s)
                return
            ready, _, _ = select.select([read_fd, wake_r], [], [], remaining)
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
                if frames.pending > self.output_budget:
                    self._fail("output_limit")
                    return

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
        self.output_budget -= len(message)
        if self.output_budget < 0:
            self._fail("output_limit")
            return
        try:
            tree, _ = wire.split(message)
            event = tree["$map"]["event"]
            case = tree["$map"].get("case")
        except (wire.WireError, KeyError, TypeError, AttributeError):
            self._fail("garbage", reason="a malformed message on the runner's channel")
            return
        if type(event) is not str or event not in CHILD_EVENTS or not self._in_order(event, case):
            self._fail("garbage", reason=f"an unexpected {str(event)[:20]!r} event")
            return
        self.channel.forward(message)
        self._advance(event, case)

    def _in_order(self, event: str, case: Any) -> bool:
        if case is not None and type(case) is not int:
            return False
        if event == "start":
            return case == self.expected_case and case < len(self.case_limits)
        if event == "done":
            return case == self.case
        return case is None

    def _advance(self, event: str, case: int | None) -> None:
        now = time.monotonic()
        if event == "start":
            assert case is not None
            self.case = case
            self.limit_s = self.case_limits[case]
            self.deadline = now + self.limit_s
        elif event in ("done", "loaded"):
            if event == "done":
                self.case, self.expected_case = None, self.expected_case + 1
            self.limit_s, self.deadline = GAP_TIMEOUT_S, now + GAP_TIMEOUT_S
        else:  # load_error, finished: the child has nothing more to say
            self.over = True

    def _fail(self, event: str, **details: Any) -> None:
        self.over = True
        self.channel.send({"event": event, "case": self.case, **details})

    def _report_exit(self, child: subprocess.Popen) -> None:
        code = child.wait()
        details: dict[str, Any] = {"exit_code": code}
        if code < 0:
            details["signal"] = signal.Signals(-code).name if -code in _SIGNALS else str(-code)
        self._fail("crashed", **details)


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


def _feed(child: subprocess.Popen, payload: bytes) -> None:
    try:
        assert child.stdin is not None
        child.stdin.write(b"%d\n" % len(payload))
        child.stdin.write(payload)
        child.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the child died before reading its job; its exit is reported


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
