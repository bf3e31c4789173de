"""The clocks of the runner's parent: a limit on the sandbox's CPU time, read from its cgroup,
with a wall-clock backstop for a run that uses no CPU (it sleeps, or the host gives it none);
or a limit on wall time alone, where the parent waits for the child's word. A busy host slows a
run down; it does not change what its clock says.

Standard library only.
"""

from __future__ import annotations

import os
import time
from typing import Any, Protocol

from . import cgroup
from .messages import WALL_BACKSTOP

# The longest the parent sleeps between two readings of a running clock.
POLL_S = 0.25


class Meter(Protocol):
    precise: bool  # whether cpu_ns() can time one run

    def cpu_ns(self) -> int | None: ...

    def kernel_ns(self) -> int | None: ...

    def memory(self) -> cgroup.MemoryRecord: ...


class Clock:
    """A limit on CPU time, with a wall-clock backstop; or on wall time alone (``cpu=False``)."""

    def __init__(self, meter: Meter, limit_s: float, cpu: bool = True) -> None:
        self.meter, self.limit_s = meter, limit_s
        self.cpu_start = meter.cpu_ns() if cpu else None
        self.kernel_start = meter.kernel_ns() if cpu else None
        self.wall_start = time.monotonic()
        self.backstop_s = limit_s * WALL_BACKSTOP if self.cpu_start is not None else limit_s
        # CPU time cannot pass faster than this many seconds a second.
        self.cpus = _usable_cpus()

    def cpu_s(self) -> float | None:
        if self.cpu_start is None:
            return None
        now = self.meter.cpu_ns()
        return None if now is None else (now - self.cpu_start) / 1e9

    def wall_s(self) -> float:
        return time.monotonic() - self.wall_start

    def expired(self) -> str:
        """Which limit ran out (``"cpu"`` or ``"wall"``), or ``""``."""
        cpu = self.cpu_s()
        if cpu is not None and cpu >= self.limit_s:
            return "cpu"
        return "wall" if self.wall_s() >= self.backstop_s else ""

    def wait_s(self) -> float:
        """How long the supervisor may wait before this clock must be read again."""
        wall_left = self.backstop_s - self.wall_s()
        cpu = self.cpu_s()
        if cpu is None:
            return max(0.0, wall_left)
        cpu_left = (self.limit_s - cpu) / self.cpus
        return max(0.001, min(wall_left, cpu_left, POLL_S))

    def account(self) -> dict[str, Any]:
        cpu = self.cpu_s()
        return {
            "limit_s": self.limit_s,
            "cpu_ns": None if cpu is None else int(cpu * 1e9),
            "wall_ns": int(self.wall_s() * 1e9),
        }

    def kernel_ns(self) -> int | None:
        """The kernel's part of the CPU time since the clock started (system time)."""
        if self.kernel_start is None:
            return None
        now = self.meter.kernel_ns()
        return None if now is None else max(0, now - self.kernel_start)


def _usable_cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)  # Linux only
    return max(1, len(affinity(0)) if affinity is not None else (os.cpu_count() or 1))


def process_cpu_clock(pid: int) -> int:
    """The clock of process ``pid``'s CPU time, all its threads together, as the kernel numbers
    it (``clock_getcpuclockid(3)``: a negative id made from the process, scheduler-precise)."""
    return ((~pid) << 3) | 2
