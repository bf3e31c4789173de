"""The runner in a plain subprocess: the sandbox of ``judge test``.

:class:`SubprocessSandbox` implements :class:`judge.sandbox.Sandbox` with the very runner the
real sandbox starts (``python -I -m judge.runner``), in a temporary folder on the candidate's
own machine (no Docker: it is the candidate's own code there), under the run's wall time and the
caps on what comes back; :class:`_Streams` reads its output as it streams. The tests use it too,
to judge without Docker.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import tempfile
import threading
import time

from judge.errors import SandboxError
from judge.sandbox import Limits, Listener, SandboxRun

#: The thread pools' sizes the sandbox sets (see ``DockerSandbox._config``).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class SubprocessSandbox:
    """The runner (``python -I -m judge.runner``) in a subprocess, in a temporary folder, killed
    after the run's wall time. Not a sandbox: no memory limit and no isolation, only the clock
    and the caps on what comes back. For the candidate's own code on the candidate's machine."""

    def __init__(self, python: str = sys.executable) -> None:
        self.python = python

    def run(
        self,
        request: bytes,
        limits: Limits,
        labels: dict[str, str] | None = None,
        on_stdout: Listener | None = None,
    ) -> SandboxRun:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="judge-test-") as workdir:
            # One thread for BLAS and PyTorch, as the sandbox's one CPU has (unless set here):
            # the limit counts CPU time, and a pool of a thread per core spinning on a laptop
            # counts many times over.
            threads = dict.fromkeys(THREAD_VARIABLES, "1")
            env = {**threads, **os.environ, "JUDGE_RUNNER_WORKDIR": workdir}
            try:
                process = subprocess.Popen(
                    [self.python, "-I", "-m", "judge.runner"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env=env,
                    cwd=workdir,
                )
            except OSError as exc:
                raise SandboxError(f"cannot start {self.python}: {exc}") from exc
            with process:  # its pipes closed, and waited for, however the run ends
                streams = _Streams(process, limits, on_stdout)
                threading.Thread(target=streams.send, args=(request,), daemon=True).start()
                try:
                    streams.follow(started + limits.wall_s)
                except BaseException:
                    process.kill()
                    raise
                if streams.timed_out or streams.overflow:
                    process.kill()
        return SandboxRun(
            stdout=bytes(streams.stdout),
            stderr=bytes(streams.stderr),
            exit_code=process.returncode,
            oom_killed=False,
            timed_out=streams.timed_out,
            stdout_overflow=streams.overflow,
            wall_s=time.monotonic() - started,
        )


class _Streams:
    """A subprocess's stdout and stderr, read under a deadline and within their caps."""

    def __init__(self, process: subprocess.Popen, limits: Limits, on_stdout: Listener | None):
        self.process, self.limits, self.on_stdout = process, limits, on_stdout
        self.stdout, self.stderr = bytearray(), bytearray()
        self.timed_out = self.overflow = False
        self.lock = threading.Lock()  # the request and the answers share stdin

    def send(self, data: bytes) -> None:
        assert self.process.stdin is not None
        with self.lock, contextlib.suppress(OSError):
            self.process.stdin.write(data)
            self.process.stdin.flush()

    def follow(self, deadline: float) -> None:
        assert self.process.stdout is not None and self.process.stderr is not None
        open_fds = {self.process.stdout.fileno(), self.process.stderr.fileno()}
        while open_fds and not self.overflow:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.timed_out = True
                return
            ready, _, _ = select.select(list(open_fds), [], [], remaining)
            for fd in ready:
                data = os.read(fd, 1 << 20)
                if not data:
                    open_fds.discard(fd)
                elif fd == self.process.stdout.fileno():
                    self._on_stdout(data)
                else:
                    self.stderr += data[: max(0, self.limits.log_bytes - len(self.stderr))]

    def _on_stdout(self, data: bytes) -> None:
        self.stdout += data
        self.overflow = len(self.stdout) > self.limits.stdout_bytes
        answer = self.on_stdout(data) if self.on_stdout is not None else None
        if answer:
            threading.Thread(target=self.send, args=(answer,), daemon=True).start()
