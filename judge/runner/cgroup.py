"""The sandbox's own record of its CPU time and memory, read from its cgroup (v2, else v1).

Read by the runner's parent, PID 1 of the container, where Docker mounts the container's own
cgroup read-only at ``/sys/fs/cgroup``: what the kernel counted for every process of the sandbox,
whatever the submission does to its own clocks, and however busy the host is. Outside a
container of its own (``judge test`` on a candidate's machine) the parent measures its child's
process instead (:class:`ProcessMeter`).

Standard library only.
"""

from __future__ import annotations

import dataclasses
import os

ROOT = "/sys/fs/cgroup"
# cgroup v1's cpuacct.stat and /proc/<pid>/stat count in clock ticks (USER_HZ).
TICK_NS = 1_000_000_000 // os.sysconf("SC_CLK_TCK")
# cgroup v1 says "no limit" with a number near 2**63.
UNLIMITED = 1 << 50


@dataclasses.dataclass(frozen=True)
class MemoryRecord:
    """The memory controller's counters: how often the limit was hit (reclaim was needed), how
    many processes it killed, the highest usage so far, the usage now and the limit, in bytes
    (``None`` when unknown)."""

    failures: int = 0
    oom_kills: int = 0
    peak_bytes: int | None = None
    usage_bytes: int | None = None
    limit_bytes: int | None = None

    def since(self, before: MemoryRecord) -> MemoryRecord:
        return dataclasses.replace(
            self,
            failures=self.failures - before.failures,
            oom_kills=self.oom_kills - before.oom_kills,
        )

    def grown_since(self, before: MemoryRecord) -> int | None:
        """How much more memory the sandbox holds now than then, in bytes."""
        if self.usage_bytes is None or before.usage_bytes is None:
            return None
        return max(0, self.usage_bytes - before.usage_bytes)


class CgroupMeter:
    """The whole sandbox's CPU time and memory record, from its cgroup."""

    #: Counted to the microsecond (v2) or nanosecond (v1), and brought up to date whenever a
    #: process of the sandbox stops running: precise enough to time one run of a few ms.
    precise = True

    def __init__(self, root: str = ROOT) -> None:
        self.root = root
        self.v2 = os.path.exists(os.path.join(root, "cgroup.controllers"))

    @classmethod
    def available(cls, root: str = ROOT) -> bool:
        """Whether this process is PID 1 of a container whose cgroup it can read."""
        return os.getpid() == 1 and cls(root).cpu_ns() is not None

    def cpu_ns(self) -> int | None:
        if self.v2:
            usec = _keyed(self._read("cpu.stat"), "usage_usec")
            return None if usec is None else usec * 1000
        for folder in ("cpuacct", "cpu,cpuacct"):
            value = _number(self._read(f"{folder}/cpuacct.usage"))
            if value is not None:
                return value
        return None

    def kernel_ns(self) -> int | None:
        """The part of :meth:`cpu_ns` the kernel spent on the sandbox's behalf (system time):
        page faults above all, which on a virtual machine whose host gives it memory only when
        first touched cost up to fifty times what they do on bare metal."""
        if self.v2:
            usec = _keyed(self._read("cpu.stat"), "system_usec")
            return None if usec is None else usec * 1000
        for folder in ("cpuacct", "cpu,cpuacct"):
            ticks = _keyed(self._read(f"{folder}/cpuacct.stat"), "system")
            if ticks is not None:
                return ticks * TICK_NS
        return None

    def memory(self) -> MemoryRecord:
        if self.v2:
            events = self._read("memory.events")
            return MemoryRecord(
                _keyed(events, "max") or 0,
                _keyed(events, "oom_kill") or 0,
                _number(self._read("memory.peak")),
                _number(self._read("memory.current")),
                _limit(_number(self._read("memory.max"))),  # "max" when unlimited: None
            )
        failures = _number(self._read("memory/memory.failcnt")) or 0
        peak = _number(self._read("memory/memory.max_usage_in_bytes"))
        limit = _number(self._read("memory/memory.limit_in_bytes"))
        if not failures and peak is not None and limit is not None and peak >= limit:
            # Recent kernels keep v1's failcnt at 0 (seen on 6.18): a peak at the limit says
            # that it was reached. Counted once: a later case that reaches it again is not seen.
            failures = 1
        return MemoryRecord(
            failures,
            _keyed(self._read("memory/memory.oom_control"), "oom_kill") or 0,
            peak,
            _number(self._read("memory/memory.usage_in_bytes")),
            _limit(limit),
        )

    def _read(self, name: str) -> str:
        try:
            with open(os.path.join(self.root, name)) as f:
                return f.read(4096)
        except OSError:
            return ""


class ProcessMeter:
    """One process's CPU time (its threads and the children it waited for), where the sandbox
    has no cgroup of its own; it knows nothing of memory kills."""

    precise = False  # counted in clock ticks (10 ms): too coarse for one run

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.last = (0, 0)  # CPU time, and the kernel's part of it

    def cpu_ns(self) -> int | None:
        return self._read()[0]

    def kernel_ns(self) -> int | None:
        return self._read()[1]

    def _read(self) -> tuple[int, int]:
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            # utime, stime, cutime, cstime: the 14th to 17th fields, the 12th to 15th after ")".
            ticks = [int(v) for v in fields[11:15]]
            self.last = (sum(ticks) * TICK_NS, (ticks[1] + ticks[3]) * TICK_NS)
        except (OSError, ValueError, IndexError):
            pass  # the process is gone: its last reading stands
        return self.last

    def memory(self) -> MemoryRecord:
        return MemoryRecord()


def peak_rss_bytes(pid: int) -> int | None:
    """The process's peak resident memory (``VmHWM``) since it started or since the last
    :func:`reset_peak_rss`; ``None`` once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            status = f.read()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            parts = line.split()
            return int(parts[1]) * 1024 if len(parts) >= 2 and parts[1].isdigit() else None
    return None


def reset_peak_rss(pid: int) -> bool:
    """Start ``VmHWM`` over from the current usage (``clear_refs`` 5), so that a case's peak is
    its own. Fails, harmlessly, when the process made itself non-dumpable: its peak then
    includes the cases before."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _limit(value: int | None) -> int | None:
    """A memory limit as read, or ``None`` for none (v1 says so with a number near 2**63)."""
    return value if value is not None and value < UNLIMITED else None


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def _keyed(text: str, key: str) -> int | None:
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == key and parts[1].isdigit():
            return int(parts[1])
    return None
