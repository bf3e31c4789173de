"""The sandbox: one interface, and the pure helpers every implementation shares.

A sandbox takes the runner's request as bytes and gives back what came out, bounded: the result
channel (stdout) up to a cap, a capped excerpt of the submission's stderr, and the run's fate as
its engine saw it (exit code, killed by the memory limit, killed by our wall clock).

The implementations: :class:`~judge.docker_sandbox.DockerSandbox` (a container per run, the
judge's) and :class:`~judge.subprocess_sandbox.SubprocessSandbox` (``judge test``, on one's own
machine). This module imports no Docker.
"""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

Listener = Callable[[bytes], bytes | None]


@dataclasses.dataclass(frozen=True)
class Limits:
    """The resources of one sandbox run, already clamped to the operator's maximums."""

    memory_mb: int
    wall_s: float
    stdout_bytes: int
    log_bytes: int = 64 * 1024
    cpus: float = 1.0
    pids: int = 64
    tmpfs_mb: int = 64
    file_size_mb: int = 16
    open_files: int = 256
    stack_mb: int = 8
    gpus: int = 0  # a GPU challenge: the slot's GPU is passed through

    def container_shape(self) -> tuple[Any, ...]:
        """What the container is made with, but for the memory limit (which can be changed on a
        running container): a warm container fits a run when its shape is the run's."""
        return (
            self.cpus,
            self.pids,
            self.tmpfs_mb,
            self.file_size_mb,
            self.open_files,
            self.stack_mb,
            self.gpus,
        )


@dataclasses.dataclass
class SandboxRun:
    """What came out of one run."""

    stdout: bytes
    stderr: bytes
    exit_code: int | None
    oom_killed: bool
    timed_out: bool  # killed by the worker's wall clock
    stdout_overflow: bool  # the result channel went past its cap and the run was killed
    wall_s: float
    #: How long the sandbox took to be ready for the request (a warm one: to be taken), when
    #: known: the start of ``wall_s``.
    start_s: float | None = None


class Sandbox(Protocol):
    """Runs the runner in isolation: request bytes in, a bounded :class:`SandboxRun` out."""

    def run(
        self,
        request: bytes,
        limits: Limits,
        labels: dict[str, str] | None = None,
        on_stdout: Listener | None = None,
    ) -> SandboxRun:
        """Raises :class:`~judge.errors.SandboxError` when the sandbox itself cannot be made to
        work.

        ``on_stdout`` sees the result channel's bytes as they arrive; what it returns, if
        anything, is written to the runner's stdin (the answer at the checkpoint).
        """
        ...


def wait_idle(sandbox: Sandbox) -> None:
    """Wait for ``sandbox``'s background work after its last run, where it has any (a warm
    :class:`~judge.docker_sandbox.DockerSandbox` starts the next container and removes the used
    one): a timed run started meanwhile shares the host's CPUs with it."""
    wait = getattr(sandbox, "wait_idle", None)
    if wait is not None:
        wait()


def parse_cpuset(text: str) -> list[int]:
    """``"0-2,5"`` as ``[0, 1, 2, 5]``."""
    cpus: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        cpus.extend(range(int(low), int(high or low) + 1))
    return cpus


def slot_cpuset(slot: int, cpus: int, configured: str = "") -> str:
    """The CPUs of worker slot ``slot``: the operator's list (``"0-1;2-3"``, one set per slot,
    used round-robin), or else ``cpus`` consecutive CPUs of those this process may use, slot
    after slot, starting over when there are more slots than CPUs."""
    if configured.strip():
        sets = [part.strip() for part in configured.split(";") if part.strip()]
        return sets[slot % len(sets)]
    available = sorted(os.sched_getaffinity(0))
    chosen = [available[(slot * cpus + i) % len(available)] for i in range(cpus)]
    return ",".join(str(cpu) for cpu in sorted(set(chosen)))


def slot_gpu(slot: int | None, configured: str) -> str:
    """The GPU of worker slot ``slot`` from the operator's list (``"0,1"``); empty: any one."""
    devices = [d.strip() for d in configured.split(",") if d.strip()]
    return devices[(slot or 0) % len(devices)] if devices else ""


def owner_id(host: str = "") -> str:
    """``"<host>:<pid>"`` of this process, the owner of the sandboxes it makes: a stray is one
    whose owner is gone. ``host``: this worker host's name (default: the machine's)."""
    return f"{host or socket.gethostname()}:{os.getpid()}"


def is_stray(owner: str, host: str = "") -> bool:
    """No owner, or an owner process on this host (``host``, default: the machine's name) that
    no longer exists."""
    owner_host, _, pid = owner.rpartition(":")
    if not owner_host or not pid.isdigit():
        return True  # unowned or malformed: nothing else would ever remove it
    if owner_host != (host or socket.gethostname()):
        return False  # another host's: its own workers remove it when they start
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a live process of another user
    return False


S = TypeVar("S", bound=Sandbox)


class Sandboxes(Generic[S]):
    """One worker slot's sandboxes, one per runtime (the runner image a challenge's submissions
    run in: ``numpy``, ``torch``, ``gpu``, see :attr:`~judge.challenges.Challenge.runtime`),
    each made when first needed: a slot that never judges a PyTorch package never starts a
    container of that image. ``make`` builds the sandbox of a runtime."""

    def __init__(self, make: Callable[[str], S]) -> None:
        self.make = make
        self.made: dict[str, S] = {}

    @classmethod
    def single(cls, sandbox: S) -> Sandboxes[S]:
        """The same sandbox for every runtime (``judge test``'s subprocess, a test's fake)."""
        return cls(lambda runtime: sandbox)

    def get(self, runtime: str) -> S:
        if runtime not in self.made:
            self.made[runtime] = self.make(runtime)
        return self.made[runtime]

    def close(self) -> None:
        for sandbox in {id(s): s for s in self.made.values()}.values():
            close = getattr(sandbox, "close", None)
            if close is not None:
                close()
        self.made.clear()

    def __enter__(self) -> Sandboxes[S]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
