"""How a benchmark case is timed inside the sandbox: the plan the worker sent, and one case's
timed runs as the runner's parent sees them. Standard library only."""

from __future__ import annotations

import math
import random
import time
from typing import Any

from .messages import Event

# The chance that a timed run's output (after the first's, always checked) goes to the worker.
CHECK_SHARE = 0.5


class BenchmarkPlan:
    """How long a benchmark case is timed: at least ``min_runs`` runs, then until the relative
    standard error of the mean outside time is under ``rse``, ``budget_s`` is spent, or the
    case's input sets are: each timed run has one of its own."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.budget_s = float(settings.get("budget_s", 2.0))
        self.min_runs = int(settings.get("min_runs", 5))
        self.max_runs = int(settings.get("max_runs", 1000))
        self.rse = float(settings.get("rse", 0.01))
        self._random = random.SystemRandom()

    def check_this(self, timing: Timing, room: bool) -> bool:
        """Whether the worker gets the output of the run just reported: the case's first timed
        run's, then each with a chance of ``CHECK_SHARE``, while the output budget has room."""
        if not room:
            return False
        return not timing.checked or self._random.random() < CHECK_SHARE

    def shuffle(self, order: list[int]) -> None:
        """The order of the input sets, drawn here: the child cannot know the next one."""
        self._random.shuffle(order)

    def enough(self, timing: Timing) -> bool:
        runs = len(timing.outside_ns)
        if runs < self.min_runs:
            return False
        if runs >= self.max_runs:
            return True
        spent = (time.monotonic_ns() - timing.started_ns) / 1e9
        # The outside times decide: they are what the score is made of.
        return spent >= self.budget_s or relative_standard_error(timing.outside_ns) < self.rse


class Timing:
    """One benchmark case's timed runs as seen from here, and as the child claims them."""

    def __init__(self, case: int, cpu_ns: int | None, order: list[int]) -> None:
        self.case = case
        self.order = order  # the input sets still to run, by number
        self.variants: list[int] = []  # the input set of each run
        self.prepare_ns: list[int] = []  # from each set sent to the child's word that it is ready
        self.started_ns = self.sent_ns = time.monotonic_ns()
        self.cpu_start_ns = cpu_ns
        self.outside_ns: list[int] = []
        # The submission's CPU time in each preparation and each run (the supervisor's
        # ``_sandbox_cpu_ns``); empty where the sandbox has no cgroup of its own.
        self.cpu_prepare_ns: list[int] = []
        self.cpu_run_ns: list[int] = []
        self.cpu_mark: tuple[int, int] | None = None
        self.claimed_ns: list[int] = []
        self.checked: list[int] = []
        self.failed = False

    def count_cpu(self, series: list[int], now: tuple[int, int] | None) -> None:
        """Adds the CPU time since the last mark to ``series``, and marks now: the child's, and
        its helpers' (which can only be short: never below nothing)."""
        if now is not None and self.cpu_mark is not None:
            child, helpers = now[0] - self.cpu_mark[0], now[1] - self.cpu_mark[1]
            series.append(max(0, child) + max(0, helpers))
        self.cpu_mark = now

    def report(self, cpu_ns: int | None) -> dict[str, Any]:
        used = None
        if cpu_ns is not None and self.cpu_start_ns is not None:
            used = cpu_ns - self.cpu_start_ns
        return {
            "event": Event.OBSERVED.value,
            "case": self.case,
            "outside_ns": self.outside_ns,
            "claimed_ns": self.claimed_ns,
            "checked": self.checked,
            "variants": self.variants,
            "prepare_ns": self.prepare_ns,
            "cpu_prepare_ns": self.cpu_prepare_ns,
            "cpu_run_ns": self.cpu_run_ns,
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
