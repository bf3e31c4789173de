"""One run in one attached container (:class:`AttachedRun`): the request written to its runner's
inbox (:mod:`judge.sandbox_inbox`), or else its stdin; its stdout and stderr read from Docker's
attach stream under the run's deadline, each stdout frame told to the worker's listener as it
comes (its answers written back the way the request went), the caps on both streams kept, and
the container's final state read. Only
:mod:`judge.docker_sandbox`, which makes the containers, imports it.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import time
from typing import Any

import docker.errors

from judge.sandbox import Limits, Listener, SandboxRun
from judge.sandbox_inbox import Inbox

log = logging.getLogger(__name__)

STREAM_STDOUT, STREAM_STDERR = 1, 2
# How long the inbox is read once the runner has exited: it holds the inbox's only other end,
# so it ends with it; the wait is a bound, not a pause.
DRAIN_S = 2.0


class AttachedRun:
    """One attached container: feed the request, read both streams under the deadline."""

    def __init__(
        self,
        container: Any,
        api: Any,
        limits: Limits,
        on_stdout: Listener | None = None,
        inbox: Inbox | None = None,
    ) -> None:
        self.container, self.api, self.limits = container, api, limits
        self.on_stdout = on_stdout
        self.inbox = inbox  # where its runner connects to, or has connected to (a warm one's)
        #: The runner's inbox, once connected: where the request and the answers go (``None``:
        #: its stdin, through the attach stream).
        self.writer: socket.socket | None = None
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.stderr_seen = 0
        self.timed_out = self.overflow = False
        self.sock: socket.socket | None = None
        self.ready_at: float | None = None  # when the container was started and attached

    def run(self, request: bytes, attached: Any = None) -> SandboxRun:
        """Start the container and run; or, given the socket of a started one, just run."""
        warm = attached is not None
        if not warm:
            attached = attach(self.api, self.container.id)
        sock: socket.socket = attached._sock
        self.sock = sock
        started = time.monotonic()
        try:
            if not warm:
                self.container.start()
            if self.inbox is not None:
                self.writer = self.inbox.accept(sock)
            self.ready_at = time.monotonic()
            deadline = started + self.limits.wall_s
            self._send(self.writer or sock, request, deadline)
            self._read(sock, deadline)
        finally:
            attached.close()
            sock.close()
            if self.writer is not None:
                self.writer.close()
        if self.timed_out or self.overflow:
            _kill(self.container)
        state = self._final_state()
        return SandboxRun(
            stdout=bytes(self.stdout),
            stderr=bytes(self.stderr),
            exit_code=state.get("ExitCode"),
            oom_killed=bool(state.get("OOMKilled")),
            timed_out=self.timed_out,
            stdout_overflow=self.overflow,
            wall_s=time.monotonic() - started,
        )

    def _send(self, sock: socket.socket, data: bytes, deadline: float) -> None:
        # Written while reading would be cleaner, but the runner reads its whole request before
        # producing anything, so a blocking send under the deadline cannot deadlock.
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            sock.sendall(data)
        except TimeoutError:
            self.timed_out = True
        except OSError:
            pass  # the container died before reading it all; its state says why

    def _read(self, sock: socket.socket, deadline: float) -> None:
        """Both streams until they end: Docker's (the log; and the result channel where the
        runner has no inbox) and the inbox (the result channel), which ends with the runner."""
        sock.setblocking(False)
        buffer = bytearray()
        streams = [sock] + ([self.writer] if self.writer is not None else [])
        while streams and not (self.timed_out or self.overflow):
            remaining = deadline - time.monotonic()
            if sock not in streams:  # the runner is gone: what it wrote is in the inbox
                remaining = min(remaining, DRAIN_S)
            if remaining <= 0:
                self.timed_out = sock in streams
                return
            ready, _, _ = select.select(streams, [], [], remaining)
            for stream in ready:
                try:
                    chunk = stream.recv(1 << 20)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    streams.remove(stream)
                elif stream is sock:
                    buffer += chunk
                    self._demux(buffer)
                else:
                    self._on_channel(chunk)

    def _demux(self, buffer: bytearray) -> None:
        """Docker's attach stream: 8-byte headers (stream, 0, 0, 0, u32 size) then the bytes."""
        at = 0
        with memoryview(buffer) as view:
            while len(buffer) - at >= 8:
                size = int.from_bytes(view[at + 4 : at + 8], "big")
                if len(buffer) - at < 8 + size:
                    break
                stream, data = view[at], bytes(view[at + 8 : at + 8 + size])
                at += 8 + size
                if stream == STREAM_STDOUT and self.writer is None:
                    self._on_channel(data)
                elif stream in (STREAM_STDOUT, STREAM_STDERR):
                    # (With an inbox, nothing writes to stdout: the runner's own prints go to
                    # stderr, the child's to its parent's pipe.)
                    room = self.limits.log_bytes - len(self.stderr)
                    self.stderr += data[: max(0, room)]
                    # The runner keeps what the submission prints to the log's cap: a flood
                    # here would be its parent's doing, and is not read on for ever either.
                    self.stderr_seen += len(data)
                    self.overflow = self.overflow or self.stderr_seen > self.limits.log_bytes * 2
        del buffer[:at]  # once per read, not once per frame: the rest is moved only once

    def _on_channel(self, data: bytes) -> None:
        """The result channel's bytes, as they come: told to the listener, its answer sent."""
        self.stdout += data
        self._answer(self._tell(data))
        self.overflow = len(self.stdout) > self.limits.stdout_bytes

    def _tell(self, data: bytes) -> bytes | None:
        if self.on_stdout is None:
            return None
        try:
            return self.on_stdout(data)
        except Exception:  # the runner goes on without answers, and skips the benchmark
            log.exception("result listener failed; no more progress for this run")
            self.on_stdout = None
            return None

    def _answer(self, reply: bytes | None) -> None:
        if not reply or self.sock is None:
            return
        to = self.writer or self.sock
        to.settimeout(5.0)
        try:
            to.sendall(reply)
        except OSError:
            pass  # the container is gone; its state says why
        finally:
            self.sock.setblocking(False)  # the attach stream is read without blocking

    def _final_state(self) -> dict[str, Any]:
        try:
            self.container.wait(timeout=10)
        except Exception:  # still running after the kill: its removal follows in any case
            log.warning("sandbox %s did not stop in time", self.container.id[:12])
        self.container.reload()
        return self.container.attrs.get("State", {})


def attach(api: Any, container_id: str) -> Any:
    """The container's stdin, stdout and stderr as one socket, before it starts."""
    return api.attach_socket(
        container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
    )


def _kill(container: Any) -> None:
    with contextlib.suppress(docker.errors.APIError):  # already stopped
        container.kill()
