"""Benchmark figures from timed runs, the plausibility of the submission's own clock, and scores.

The child times each run itself (inside), and is the submission's own process: it can lie. The
runner's parent times the same runs from outside, from its command to the child's answer, and
the worker sees the whole run's wall time. Inside times are what a score is made of, because they
leave out the judge's overhead; they are believed only where the outside evidence agrees.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

#: A run's inside time may exceed its outside time by this much (two reads of one clock, by two
#: processes): more is impossible for an honest child.
CLOCK_SLACK_NS = 2_000_000
#: The inside median may fall short of the outside median by what lies between runs: the command's
#: round trip and the fresh copies of the inputs, which the child makes after a run and before it
#: reads the next command (the outside clock never stops, so no work can hide between runs). The
#: copies can take a quarter of a short run on their own (512x512 matmul: 1 ms of 3.7), so only a
#: shortfall of more than half (and more than the slack) is implausible.
INSIDE_SHARE = 0.5
INSIDE_SLACK_NS = 500_000


@dataclasses.dataclass(frozen=True)
class CaseTiming:
    """One benchmark case's figures, in milliseconds, from the inside times."""

    runs: int
    total_ms: float  # the time of all timed runs together
    median_ms: float
    min_ms: float
    iqr_ms: float
    rse: float  # relative standard error of the mean
    outside_median_ms: float
    cpu_ms: float | None
    flag: str = ""  # why the inside times are not believed; empty when they are

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def summarize(claimed_ns: Sequence[int], observed: Mapping[str, Any]) -> CaseTiming:
    """The figures of one case, and a flag when the inside times contradict the outside ones."""
    outside = list(observed.get("outside_ns", []))
    cpu = observed.get("cpu_ns")
    claimed_ns = list(claimed_ns) or [0]
    q1, q3 = _quartiles(claimed_ns)
    return CaseTiming(
        runs=len(claimed_ns),
        total_ms=sum(claimed_ns) / 1e6,
        median_ms=statistics.median(claimed_ns) / 1e6,
        min_ms=min(claimed_ns) / 1e6,
        iqr_ms=(q3 - q1) / 1e6,
        rse=relative_standard_error(claimed_ns),
        outside_median_ms=statistics.median(outside) / 1e6 if outside else math.nan,
        cpu_ms=cpu / 1e6 if isinstance(cpu, int) else None,
        flag=implausibility(claimed_ns, observed),
    )


def implausibility(claimed_ns: Sequence[int], observed: Mapping[str, Any]) -> str:
    """Why the inside times cannot be believed, or ``""``."""
    outside = list(observed.get("outside_ns", []))
    if (
        not claimed_ns
        or len(outside) != len(claimed_ns)
        or list(claimed_ns) != list(observed.get("claimed_ns", []))
    ):
        return "the timed runs reported do not match the runs observed"
    for run, (inside, seen) in enumerate(zip(claimed_ns, outside, strict=True)):
        if inside > seen + CLOCK_SLACK_NS:
            return f"timed run {run + 1} claims {inside / 1e6:.3f} ms but took {seen / 1e6:.3f} ms"
    inside_median, outside_median = statistics.median(claimed_ns), statistics.median(outside)
    if _short(inside_median, outside_median, INSIDE_SLACK_NS):
        return (
            f"the submission's own clock says {inside_median / 1e6:.3f} ms per run, "
            f"the judge saw {outside_median / 1e6:.3f} ms"
        )
    # In total too: a child that reports some runs over before their work is done moves that
    # work into the next runs' intervals, and can make most of them, and the median, short.
    inside_total, outside_total = sum(claimed_ns), sum(outside)
    if _short(inside_total, outside_total, INSIDE_SLACK_NS * len(outside)):
        return (
            f"the submission's own clock counts {inside_total / 1e6:.3f} ms in its timed runs, "
            f"the judge saw {outside_total / 1e6:.3f} ms"
        )
    return ""


def _short(inside: float, outside: float, slack: float) -> bool:
    return outside - inside > max(slack, INSIDE_SHARE * outside)


def relative_standard_error(samples: Sequence[float]) -> float:
    n = len(samples)
    mean = sum(samples) / n if n else 0.0
    if n < 2 or mean <= 0:
        return math.inf
    return statistics.stdev(samples) / math.sqrt(n) / mean


def _quartiles(samples: Sequence[float]) -> tuple[float, float]:
    if len(samples) < 2:
        return samples[0], samples[0]
    q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return q1, q3


def score(medians_ms: Mapping[str, float], reference_ms: Mapping[str, float]) -> float | None:
    """The geometric mean over benchmark cases of the submission's median over the reference's:
    1.0 is the reference's speed, lower is faster. ``None`` when a case has no reference time."""
    if not medians_ms or any(reference_ms.get(name, 0) <= 0 for name in medians_ms):
        return None
    logs = [math.log(max(ms, 1e-6) / reference_ms[name]) for name, ms in medians_ms.items()]
    return math.exp(sum(logs) / len(logs))
