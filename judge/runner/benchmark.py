"""How a benchmark case is timed inside the sandbox: the plan the worker sent, and one case's
timed runs as the runner's parent sees them. Standard library only."""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from typing import Any

from .messages import Event

# The chance that a timed run's output goes to the worker to be checked, beyond those it must.
CHECK_SHARE = 0.5
# The share of a case's timed runs whose outputs are checked at the least, the first among them:
# a case with fewer is not accepted (``judge.timed_grading``). Drawn at random and never told to the
# child, so each run it gets wrong is caught with a chance of one half or more.
CHECKED_AT_LEAST = 0.25


def results_digest(results: Any, blobs: list[memoryview]) -> str:
    """The SHA-256 of a timed run's results as the wire carries them (their header's tree, then
    each array's bytes, each part with its length), without the event around them: its case's
    index is the suite's, which differs between a submission's job and the reference's, whose
    run on the same inputs must hash the same."""
    digest = hashlib.sha256()
    header = json.dumps(results, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for part in (memoryview(header.encode()), *blobs):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def checks_required(runs: int) -> int:
    """How many of ``runs`` timed runs must have had their outputs checked: a quarter, rounded
    up (the first run's alone, up to four runs)."""
    return math.ceil(runs * CHECKED_AT_LEAST)


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

    def check_this(self, timing: Timing, size: int) -> bool:
        """Whether the worker gets the output of the run just reported (``size`` bytes): where
        the case's checks would otherwise fall short of :func:`checks_required` (the first run's
        is so), and otherwise with a chance of ``CHECK_SHARE`` while the checks' own budget has
        room. Prints spend another budget: nothing the submission prints can turn a check off."""
        runs = len(timing.outside_ns)
        if timing.vouched_for < checks_required(runs):
            return True
        return size <= timing.check_left and self._random.random() < CHECK_SHARE

    def can_hold_to_account(self, timing: Timing, size: int) -> bool:
        """Whether one more timed run can be made with its output checked if it must be: the
        checks' budget has room for an output of ``size`` bytes (the case's largest so far)."""
        owed = checks_required(len(timing.outside_ns) + 1) - timing.vouched_for
        return owed <= 0 or size <= timing.check_left

    def shuffle(self, order: list[int]) -> None:
        """The order of the input sets, drawn here: the child cannot know the next one."""
        self._random.shuffle(order)

    def enough(self, timing: Timing) -> bool:
        runs = len(timing.outside_ns)
        if runs < self.min_runs:
            return False
        if runs >= self.max_runs:
            return True
        # The case's own time: not the waits for the worker's sets, which are the worker's (and,
        # where the reference's runs take turns with these, as long as theirs).
        spent = (time.monotonic_ns() - timing.started_ns - timing.waited_ns) / 1e9
        # The outside times decide: they are what the score is made of.
        return spent >= self.budget_s or relative_standard_error(timing.outside_ns) < self.rse


class Timing:
    """One benchmark case's timed runs as seen from here, and as the child claims them."""

    def __init__(self, case: int, cpu_ns: int | None, order: list[int], check_bytes: int) -> None:
        self.case = case
        self.order = order  # the input sets still to run, by number
        self.variants: list[int] = []  # the input set of each run
        # Each run's inputs prepared: from the set sent to the child's word that it is ready.
        self.prepare_ns: list[int] = []
        # Each run's output on its way: from the run's own event to its output received.
        self.output_ns: list[int] = []
        self.started_ns = self.sent_ns = self.asked_ns = time.monotonic_ns()
        self.waited_ns = 0  # from each ``need`` to its set: the worker's time, not the case's
        self.cpu_start_ns = cpu_ns
        self.outside_ns: list[int] = []
        # The submission's CPU time in each run's three parts (the supervisor's
        # ``_sandbox_cpu_ns``): before it (since the previous run's output was received, or
        # the warm-up ended: the wait for the worker's set, then the set's preparation), in it,
        # and its output's sending. One reading ends a part and starts the next, so together
        # they count every moment from the warm-up's end to the last output; and each run's
        # work can only be in its own three (its inputs come with it, its output binds it).
        # Empty where the sandbox has no cgroup of its own.
        self.cpu_prepare_ns: list[int] = []
        self.cpu_run_ns: list[int] = []
        self.cpu_output_ns: list[int] = []
        self.cpu_mark: tuple[int, int] | None = None
        self.claimed_ns: list[int] = []
        self.checked: list[int] = []  # the runs whose outputs went to the worker, by number
        # The runs whose outputs hashed the same as the reference's on their inputs (the worker
        # said its hash with the set), by number: right, so not sent.
        self.matched: list[int] = []
        self.known = ""  # the reference's output hash on the current run's inputs, if known
        # Per run, the SHA-256 of its output as this process received it ("" for a failed run):
        # the commitment, made where the submission cannot reach it.
        self.digests: list[str] = []
        self.check_left = check_bytes  # what the checked outputs may still take
        self.output_from_ns = 0  # when the run's own event came: its output is on its way
        self.failed = False

    @property
    def vouched_for(self) -> int:
        """How many runs' outputs are known right or sent to be checked."""
        return len(self.checked) + len(self.matched)

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
            "matched": self.matched,
            "digests": self.digests,
            "variants": self.variants,
            "prepare_ns": self.prepare_ns,
            "output_ns": self.output_ns,
            "cpu_prepare_ns": self.cpu_prepare_ns,
            "cpu_run_ns": self.cpu_run_ns,
            "cpu_output_ns": self.cpu_output_ns,
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
