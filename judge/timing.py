"""Benchmark figures from timed runs, and scores.

The runner's parent times each run from outside the submission, from its command to the child's
answer, and reads, before and after each run, the CPU time the submission's processes used (the
child's own clock, and its helpers' from the sandbox's cgroup); every moment between two runs
(the output on its way, the next inputs' preparation) is counted too, as the next run's
preparation. Scores are made of those CPU times (or of the outside times, for a GPU or where
there is no cgroup), paired run by run with the reference's on the same inputs
(:func:`paired_score`), with what was spent between runs beyond the reference's charged to the
runs.

The child also times each run itself. That clock is the submission's own, which it can replace;
it is kept beside the figures (``claimed_median_ms``) and used for nothing: no score, no verdict
and no flag is made of it.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class CaseTiming:
    """One benchmark case's figures, in milliseconds, from the times the runner's parent took
    outside the submission (each run from its command to the child's answer): what a score is
    made of. The submission's own clock is kept apart, and used for nothing."""

    runs: int
    total_ms: float  # the time of all timed runs together
    median_ms: float
    min_ms: float
    iqr_ms: float
    rse: float  # relative standard error of the mean
    claimed_median_ms: float  # the median of the submission's own clock
    cpu_ms: float | None
    flag: str = ""  # why the times are not believed (a kept result?); empty when they are
    #: Per run, for pairing with the reference's runs on the same inputs: the input set, the
    #: outside time, and the time from the run before it to its start (its inputs' preparation,
    #: and the previous output on its way), in nanoseconds.
    variants: tuple[int, ...] = ()
    outside_ns: tuple[int, ...] = ()
    prepare_ns: tuple[int, ...] = ()
    #: Per run, the CPU time the submission's processes used before it (since the run before
    #: it ended) and in it (the child's own clock, and its helpers' from the cgroup); empty
    #: where there was no cgroup.
    cpu_prepare_ns: tuple[int, ...] = ()
    cpu_run_ns: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def summarize(claimed_ns: Sequence[int], observed: Mapping[str, Any]) -> CaseTiming:
    """The figures of one case, from the runner's account of its timed runs."""
    outside = list(observed.get("outside_ns", [])) or [0]
    cpu = observed.get("cpu_ns")
    claimed = list(claimed_ns) or [0]
    q1, q3 = _quartiles(outside)
    return CaseTiming(
        runs=len(claimed_ns),
        total_ms=sum(outside) / 1e6,
        median_ms=statistics.median(outside) / 1e6,
        min_ms=min(outside) / 1e6,
        iqr_ms=(q3 - q1) / 1e6,
        rse=relative_standard_error(outside),
        claimed_median_ms=statistics.median(claimed) / 1e6,
        cpu_ms=cpu / 1e6 if isinstance(cpu, int) else None,
        variants=tuple(observed.get("variants", ())),
        outside_ns=tuple(observed.get("outside_ns", ())),
        prepare_ns=tuple(observed.get("prepare_ns", ())),
        cpu_prepare_ns=tuple(observed.get("cpu_prepare_ns", ())),
        cpu_run_ns=tuple(observed.get("cpu_run_ns", ())),
    )


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
    return _geometric_mean([max(ms, 1e-6) / reference_ms[name] for name, ms in medians_ms.items()])


def _geometric_mean(ratios: Sequence[float]) -> float:
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios))


#: The time before a run (the previous output on its way, the run's inputs prepared) may be this
#: much longer than the reference's usual (a share of its median, and at least an absolute
#: amount) before the excess counts as the run's.
PREPARE_SHARE = 0.1
PREPARE_SLACK_NS = 50_000


def paired_ratio(submission: CaseTiming, reference: CaseTiming, cpu: bool = True) -> float | None:
    """The submission's time over the reference's on one benchmark case: the median, over the
    input sets both ran, of the two runs' ratio. Each pair ran on the same inputs moments apart,
    so the machine's drift between them is small and cancels in the ratio.

    A run's time is the CPU time its sandbox used (``cpu``, where both sides have it for every
    run): a host whose every core is busy stretches a run's outside time by whatever the other
    processes take of its CPU, and barely changes its CPU time. Otherwise, and always for a GPU
    (whose work is not the CPU's), it is the outside time.

    What the submission spent between its runs (preparing their inputs, sending their outputs)
    beyond what the reference spent is charged to every run (:func:`_preparation_charge`): work
    done off the runs' clocks, ahead on the inputs or late on the output, gains nothing.
    ``None`` when no input set was run by both."""
    use_cpu = cpu and _has_cpu_times(submission) and _has_cpu_times(reference)
    mine_runs, mine_prepares = _run_times(submission, use_cpu)
    their_runs, their_prepares = _run_times(reference, use_cpu)
    theirs = dict(zip(reference.variants, their_runs, strict=False))
    charge = _preparation_charge(mine_prepares, their_prepares)
    ratios = [
        max(run + charge, 1) / max(theirs[variant], 1)
        for variant, run in zip(submission.variants, mine_runs, strict=False)
        if variant in theirs
    ]
    return statistics.median(ratios) if ratios else None


def _preparation_charge(mine: Sequence[int], theirs: Sequence[int]) -> float:
    """What each of the submission's runs is charged for its preparations: the median, over run
    numbers both sides reached, of how much longer the submission's preparation took than the
    reference's of the same number, past a tenth of the reference's usual one (and 50 µs).

    Compared run number by run number because a child's first preparations take several times
    as long as its later ones (its allocator is still asking the kernel for memory: 5 ms, then
    1.3, for 4 MB of inputs), on either side, and the two sides may make a different number of
    runs. A median, because a charge per run would count one side's noise as work; work done
    ahead in fewer than half of the runs does not move the median run ratio either."""
    pairs = min(len(mine), len(theirs))
    if not pairs:
        return 0
    usual = statistics.median(theirs)
    allowed = max(PREPARE_SLACK_NS, PREPARE_SHARE * usual)
    excess = statistics.median(m - t for m, t in zip(mine[:pairs], theirs[:pairs], strict=True))
    return max(0, excess - allowed)


#: The clocks a score is made of (:func:`scoring_clock`), as stored with it.
CPU_CLOCK, OUTSIDE_CLOCK = "cpu", "outside"


def scoring_clock(timings: Sequence[CaseTiming], cpu: bool = True) -> str:
    """The clock :func:`paired_score` times these runs by (all of both sides' cases): their CPU
    time where ``cpu`` and every run has one, else the outside time."""
    return CPU_CLOCK if cpu and timings and all(map(_has_cpu_times, timings)) else OUTSIDE_CLOCK


def median_run_ms(timing: CaseTiming, clock: str) -> float:
    """A case's median run on ``clock``, in milliseconds: the figure shown beside a score, of
    the same runs' times as the score is made of (without the preparation charge, which is the
    score's business alone)."""
    if clock == CPU_CLOCK and _has_cpu_times(timing):
        return statistics.median(timing.cpu_run_ns) / 1e6
    return timing.median_ms


def stored_median_ms(timing: Mapping[str, Any], clock: str) -> float | None:
    """:func:`median_run_ms` of a case timing as stored (its JSON), whatever its age: rows
    stored before a field existed lack it."""
    runs = len(timing.get("variants") or ())
    cpu = list(timing.get("cpu_run_ns") or ())
    if clock == CPU_CLOCK and runs and len(cpu) == runs == len(timing.get("cpu_prepare_ns") or ()):
        return statistics.median(cpu) / 1e6
    return timing.get("median_ms")


def _has_cpu_times(timing: CaseTiming) -> bool:
    runs = len(timing.variants)
    return runs > 0 and len(timing.cpu_run_ns) == runs and len(timing.cpu_prepare_ns) == runs


def _run_times(timing: CaseTiming, cpu: bool) -> tuple[Sequence[int], Sequence[int]]:
    """Each run's time and its preparation's, on the chosen clock."""
    if cpu:
        return timing.cpu_run_ns, timing.cpu_prepare_ns
    return timing.outside_ns, timing.prepare_ns


def paired_score(
    submission: Mapping[str, CaseTiming], reference: Mapping[str, CaseTiming], cpu: bool = True
) -> float | None:
    """The geometric mean over benchmark cases of :func:`paired_ratio`: 1.0 is the reference's
    speed, lower is faster. ``None`` when a case cannot be paired."""
    ratios = [
        paired_ratio(timing, reference[name], cpu) if name in reference else None
        for name, timing in submission.items()
    ]
    if not ratios or any(ratio is None for ratio in ratios):
        return None
    return _geometric_mean([max(ratio, 1e-9) for ratio in ratios if ratio is not None])
