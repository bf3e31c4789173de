"""What a score was timed on, in words, for the leaderboard beside it: the CPU's model, the
sandbox's share of it, and the worker host. Scores are comparable only on the same kind."""

from __future__ import annotations

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
