"""The runner's parent: PID 1 of the sandbox, and the only writer of the result channel.

Reads the worker's request from its inbox, a Unix socket the worker names in ``JUDGE_INBOX``
(``judge/sandbox_inbox.py``), or else on stdin::

    JUDGE-REQUEST-1 <nonce>\\n
    <control JSON>\\n          the limits (every case's time limit, the output budget, the log's
                              cap, the load timeout), the benchmark plan, and the sizes below
    <wire message>            the job for the child: source, entry point, banned imports
    (u32 length, wire message)*   every case's inputs, held here until its clock starts
    GO <sets>[ <case>:<set>,...]*\\n  (later, at the checkpoint) the worker's go-ahead for the
                              benchmark, with how many input sets each benchmark case has for
                              its timed runs, and the order to run a case's sets in where the
                              worker chooses it (the reference's; else this process draws one)
                              (or ``STOP\\n``: no benchmark); then, for each ``need`` event
    SET <size>\\n<wire message>  this process writes, that input set: held here until its run
                              (or ``END\\n``: the worker has no such set; the case's runs end)

The answers' words are ``messages.Answer``; the worker builds them in ``judge/protocol.py``.

then runs the submission in a *fresh* interpreter (``child``), which never sees the nonce, the
inbox or this process's stdout, and writes the result channel back on the inbox, or else on
stdout::

    JUDGE-RESULT-1 <nonce>\\n
    (u32 length, wire message)*   one event each (``messages.Event``): the child's, checked and
                                  forwarded, and this process's own (a case's start, its
                                  measured CPU time and memory, the checkpoint, a failure, the end)

The child's stdout and stderr go to a pipe of this process's, which counts them against the
output budget and keeps the first ``log_bytes`` on the container's stderr, the worker's capped
log. This process makes itself non-dumpable, so the child cannot open its file descriptors
through ``/proc`` or ptrace it; as PID 1 of its namespace it cannot be killed from inside either.
The worker trusts none of this and checks every event again: this layer exists so that honest
failures (a crash, a timeout, a flood of prints) are reported precisely rather than guessed.

Standard library only: this process never imports NumPy.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
from typing import Any

from . import cgroup, frames, heap, wire
from .messages import Command, Event
from .supervisor import Supervisor
from .wire import INBOX_ENV, NO_INBOX, REQUEST_MAGIC, RESULT_MAGIC

# The events pipe's capacity (Linux's F_SETPIPE_SZ; an unprivileged process may ask for 1 MiB).
F_SETPIPE_SZ = 1031
PIPE_BYTES = 1 << 20
# The longest answer line: a go-ahead lists each benchmark case's order of sets.
ANSWER_BYTES = 1 << 16


def main() -> int:
    # As PID 1 this process only receives the signals it handles, and Python handles SIGINT: a
    # submission's os.kill(1, SIGINT) would end the run with a KeyboardInterrupt. Ignored, the
    # worker's SIGKILL from outside is the only way to stop it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _make_undumpable()
    heap.return_freed()
    # The result channel keeps the real stdout; anything else printed here goes to stderr.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    # Connected before anything of the submission's is here: its source comes this way.
    stdin = Input.inbox()
    # Started before the request arrives: in a warm sandbox, the child has imported NumPy and
    # waits for its job by the time the submission comes.
    child = Child.spawn()
    first = stdin.readline(200)
    if not first and stdin.fd != 0:  # the worker gave up waiting for us: it writes to stdin
        stdin = Input(0)
        first = stdin.readline(200)
    if not first.startswith(REQUEST_MAGIC):
        print("runner: not a judge request", file=sys.stderr)
        return 2
    nonce = first[len(REQUEST_MAGIC) :].strip()
    control = json.loads(stdin.readline(1 << 20))
    payload = stdin.read_exactly(int(control["job_bytes"]))
    cases = held_cases(stdin.read_exactly(int(control["cases_bytes"])))
    # The result channel goes back the way the request came: the inbox is both ways, faster.
    channel = ResultChannel(result_fd if stdin.fd == 0 else stdin.fd, nonce)
    meter: Any = cgroup.CgroupMeter() if cgroup.CgroupMeter.available() else None
    meter = meter or cgroup.ProcessMeter(child.process.pid)
    Supervisor(control, channel, stdin, cases, meter).run(child, payload)
    channel.send({"event": Event.END.value})
    return 0


class Input:
    """The worker's side of stdin: the request, then its answer at the checkpoint."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.closed = False

    @classmethod
    def inbox(cls) -> Input:
        """The worker's socket, where it made one (``judge/sandbox_inbox.py``: Docker's stream
        into stdin is nine times slower); else, or if it cannot be reached, stdin."""
        path = os.environ.pop(INBOX_ENV, "")  # nothing of it for the child to see
        if not path:
            return cls(0)
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # not inherited by the child
        try:
            inbox.settimeout(10)
            inbox.connect(path)
            inbox.settimeout(None)
        except OSError as exc:
            inbox.close()
            sys.stderr.buffer.write(NO_INBOX + f" at {path} ({exc}): reading stdin\n".encode())
            sys.stderr.flush()
            return cls(0)
        return cls(inbox.detach())

    def _fill(self) -> bool:
        try:
            data = os.read(self.fd, 1 << 20)
        except ConnectionResetError:  # an inbox the worker closed without accepting us
            data = b""
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

    def read_exactly(self, size: int) -> bytearray:
        """``size`` bytes, read straight into the buffer returned: an input set of tens of
        megabytes is held once here, not copied on its way (this process's memory counts
        against the submission's limit)."""
        data = bytearray(size)
        with memoryview(data) as into:
            have = min(size, len(self.buffer))
            with memoryview(self.buffer) as buffered:
                into[:have] = buffered[:have]
            del self.buffer[:have]
            while have < size:
                got = os.readv(self.fd, [into[have:]])
                if not got:
                    self.closed = True
                    raise SystemExit("runner: the request ended early")
                have += got
        return data

    def answer(self) -> bytes | None:
        """A whole line if one is there or arrives now, ``None`` if not yet; ``b""`` at EOF."""
        if b"\n" not in self.buffer and not self.closed:
            self._fill()
        if b"\n" in self.buffer:
            return self.readline(ANSWER_BYTES).strip()
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
        frames.write_frame(self.fd, wire.encode_parts(event))

    def forward(self, message: bytes | memoryview) -> None:
        frames.write_frame(self.fd, [message])

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]


class Child:
    """The submission's interpreter, the pipes of its events and of what it prints, and a writer
    for its commands (``messages.Command``). Those with a payload are written from a thread, so
    that a child that stops reading cannot stall this process."""

    def __init__(self, process: subprocess.Popen, events_fd: int, printed_fd: int) -> None:
        self.process = process
        self.events_fd = events_fd
        self.printed_fd = printed_fd
        self._outbox: queue.SimpleQueue[tuple[bytes, bytes | bytearray] | None] = (
            queue.SimpleQueue()
        )
        self._unsent = 0  # commands queued for the writer thread and not yet written
        self._lock = threading.Lock()
        threading.Thread(target=self._write_commands, daemon=True).start()

    @classmethod
    def spawn(cls) -> Child:
        events_r, events_w = os.pipe()
        printed_r, printed_w = os.pipe()
        for fd in (events_r, printed_r):
            with contextlib.suppress(OSError):  # fewer wake-ups for large outputs, where allowed
                fcntl.fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES)
        env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV}
        env["HOME"] = "/tmp"
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", f"{__package__}.child", str(events_w)],
            stdin=subprocess.PIPE,
            stdout=printed_w,
            stderr=printed_w,
            pass_fds=(events_w,),
            env=env,
            cwd=os.environ.get("JUDGE_RUNNER_WORKDIR", "/tmp"),
            start_new_session=True,
        )
        os.close(events_w)
        os.close(printed_w)
        if process.stdin is not None:  # a case's inputs, megabytes, in fewer wake-ups too
            with contextlib.suppress(OSError):
                fcntl.fcntl(process.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        return cls(process, events_r, printed_r)

    def send(self, command: Command, payload: bytes | bytearray | None = None) -> None:
        line = command.value + b"\n"
        with self._lock:
            # A one-line command goes straight to the pipe (a timed run's clock starts as it is
            # sent), unless a payload is still being written: then after it, in order. A child
            # that does not read its case then stalls only the writer thread, never this one,
            # and its case's clock runs out.
            if payload is None and not self._unsent and self._room():
                self._direct(line)
                return
            self._unsent += 1
            # The payload goes as it is, never joined to its header: no copy of it is made.
            head = line if payload is None else line + b"%d\n" % len(payload)
            self._outbox.put((head, payload or b""))

    def _room(self) -> bool:
        """Whether a short line can be written without waiting (a pipe is writable while it
        has room for PIPE_BUF bytes)."""
        stdin = self.process.stdin
        assert stdin is not None
        try:
            return bool(select.select([], [stdin.fileno()], [], 0)[1])
        except (OSError, ValueError):
            return True  # the child is gone: the write fails harmlessly

    def _direct(self, line: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(OSError):  # the child is gone; its exit is reported
            os.write(stdin.fileno(), line)

    def _write_commands(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (command := self._outbox.get()) is not None:
                for part in command:
                    stdin.write(part)
                stdin.flush()
                # Let go of the payload before waiting for the next: a case's inputs are not
                # held here while the child works on them.
                del command, part
                with self._lock:
                    self._unsent -= 1
        except (BrokenPipeError, OSError):
            pass  # the child died or closed its stdin; its exit or silence is reported


_PASSED_ENV = {
    "PATH",
    "LANG",
    "LC_ALL",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "RUNNER_FRAMEWORK",
}


def held_cases(sent: bytes | bytearray) -> dict[int, bytes]:
    """The worker's frames of case inputs, as this process holds them, by case: each copied
    once, out of the request (which is then let go)."""
    cases: dict[int, bytes] = {}
    with memoryview(sent) as view:
        start = 0
        while start < len(view):
            begin = start + frames.FRAME_HEADER
            size = int.from_bytes(view[start:begin], "big")
            if begin + size > len(view):
                raise SystemExit("runner: a case's frame cut short")
            message = bytes(view[begin : begin + size])
            tree, _ = wire.split(message, limits=wire.REQUEST)
            case = tree["$map"]["case"]
            if type(case) is not int:
                raise SystemExit("runner: a case without its index")
            cases[case] = message
            start = begin + size
    return cases


def _exit_now(status: int) -> None:
    """Once the worker has the runner's last word, the interpreter's teardown (some 20 ms, at the
    end of every run, on the judging's path) is not waited for: nothing of it is anyone's."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    _exit_now(main())
