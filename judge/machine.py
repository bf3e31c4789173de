"""What a score was timed on, in words, for the leaderboard beside it: the CPU's model, the
sandbox's share of it, and the worker host. Scores are comparable only on the same kind."""

from __future__ import annotations

import dataclasses
import platform
import socket
from pathlib import Path

from judge.config import Settings


def describe(settings: Settings) -> str:
    """``"AMD EPYC 7B13, 1 CPU per sandbox, host judge-1"``, say."""
    cpus = settings.sandbox_cpus
    share = f"{cpus:g} CPU{'' if cpus == 1 else 's'} per sandbox"
    host = settings.host_id or socket.gethostname()
    return f"{cpu_model()}, {share}, host {host}"[:200]


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware") and value.strip():
                return " ".join(value.split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


@dataclasses.dataclass(frozen=True)
class HostLoad:
    """The host's CPU time counters at one moment (``/proc/stat``'s ``cpu`` line, in ticks):
    :meth:`busy_since` an earlier reading is the share of all its CPUs' time they were busy
    (not idle, not waiting on the disk), whoever used them. A worker in a container reads its
    host's, as ``/proc/stat`` is not namespaced. How busy the other CPUs are changes a run's CPU
    time (cores share caches and memory), so reference times are reused only at a like load."""

    busy: int
    total: int

    @classmethod
    def now(cls, stat: Path = Path("/proc/stat")) -> HostLoad | None:
        """The counters now; ``None`` where there are none (not Linux)."""
        try:
            with stat.open(encoding="ascii") as lines:
                words = lines.readline().split()
        except OSError:
            return None
        if len(words) < 5 or words[0] != "cpu":
            return None
        ticks = [int(w) for w in words[1:9] if w.isdigit()]
        idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and iowait
        return cls(sum(ticks) - idle, sum(ticks))

    def busy_since(self, earlier: HostLoad | None) -> float | None:
        """The busy share of the CPUs' time from ``earlier`` to this reading (0 to 1)."""
        if earlier is None or self.total <= earlier.total:
            return None
        return min(1.0, max(0.0, (self.busy - earlier.busy) / (self.total - earlier.total)))
