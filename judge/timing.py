"""Benchmark figures from timed runs, the plausibility of the submission's own clock, and scores.

The child times each run itself (inside), and is the submission's own process: it can lie. The
runner's parent times the same runs from outside, from its command to the child's answer, and
the worker sees the whole run's wall time; the parent also reads, before and after each run,
the CPU time the submission's processes used (the child's own clock, and its helpers' from the
sandbox's cgroup). Scores are made of those CPU times (or of the outside
times, for a GPU or where there is no cgroup), paired run by run with the reference's on the
same inputs (:func:`paired_score`); the inside times are only compared with the outside ones, and
a child whose clock contradicts the outside evidence is flagged.
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
    """One benchmark case's figures, in milliseconds, from the times the runner's parent took
    outside the submission (each run from its command to the child's answer): what a score is
    made of. The submission's own claims are kept apart, and only to be compared."""

    runs: int
    total_ms: float  # the time of all timed runs together
    median_ms: float
    min_ms: float
    iqr_ms: float
    rse: float  # relative standard error of the mean
    claimed_median_ms: float  # the median of the submission's own clock
    cpu_ms: float | None
    flag: str = ""  # why the times are not believed; empty when they are
    #: Per run, for pairing with the reference's runs on the same inputs: the input set, the
    #: outside time, and how long the child took to prepare the inputs, in nanoseconds.
    variants: tuple[int, ...] = ()
    outside_ns: tuple[int, ...] = ()
    prepare_ns: tuple[int, ...] = ()
    #: Per run, the CPU time the submission's processes used preparing and running it (the
    #: child's own clock, and its helpers' from the cgroup); empty where there was no cgroup.
    cpu_prepare_ns: tuple[int, ...] = ()
    cpu_run_ns: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def summarize(
    claimed_ns: Sequence[int], observed: Mapping[str, Any], cpu_is_work: bool = True
) -> CaseTiming:
    """The figures of one case, and a flag when the inside times contradict the outside ones
    (``cpu_is_work``: the runs' CPU time is their work, as on a CPU challenge; a GPU's is not)."""
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
        flag=implausibility(claimed_ns, observed, cpu_is_work),
        variants=tuple(observed.get("variants", ())),
        outside_ns=tuple(observed.get("outside_ns", ())),
        prepare_ns=tuple(observed.get("prepare_ns", ())),
        cpu_prepare_ns=tuple(observed.get("cpu_prepare_ns", ())),
        cpu_run_ns=tuple(observed.get("cpu_run_ns", ())),
    )


def implausibility(
    claimed_ns: Sequence[int], observed: Mapping[str, Any], cpu_is_work: bool = True
) -> str:
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
    cpu = list(observed.get("cpu_run_ns", []))
    # Each run's CPU time, where known and where it is the run's work (a GPU's is not).
    cpu = cpu if cpu_is_work and len(cpu) == len(outside) else []
    inside_median, outside_median = statistics.median(claimed_ns), statistics.median(outside)
    cpu_median = statistics.median(cpu) if cpu else None
    if _short_of_work(inside_median, outside_median, cpu_median, INSIDE_SLACK_NS):
        return (
            f"the submission's own clock says {inside_median / 1e6:.3f} ms per run, "
            f"the judge saw {outside_median / 1e6:.3f} ms"
        )
    # In total too: a child that reports some runs over before their work is done moves that
    # work into the next runs' intervals, and can make most of them, and the median, short.
    inside_total, outside_total = sum(claimed_ns), sum(outside)
    cpu_total = sum(cpu) if cpu else None
    if _short_of_work(inside_total, outside_total, cpu_total, INSIDE_SLACK_NS * len(outside)):
        return (
            f"the submission's own clock counts {inside_total / 1e6:.3f} ms in its timed runs, "
            f"the judge saw {outside_total / 1e6:.3f} ms"
        )
    return ""


def _short_of_work(inside: float, outside: float, cpu: float | None, slack: float) -> bool:
    """Whether claims of ``inside`` fall short of the runs' ``outside`` time by more than half,
    and of their CPU time too where it is known. On a host whose every core is busy, the child
    waits for a CPU outside its own clock (to wake on the command, to send its answer): that
    stretches the outside time, by several times a short run's length, and is no work. The CPU
    time counts only the work; an honest child's clock is not short of it (seen: the reference,
    claiming 36 ms a run against 78 outside and 8 of CPU, was flagged, so nothing was scored)."""
    return _short(inside, outside, slack) and (cpu is None or _short(inside, cpu, slack))


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
    return _geometric_mean([max(ms, 1e-6) / reference_ms[name] for name, ms in medians_ms.items()])


def _geometric_mean(ratios: Sequence[float]) -> float:
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios))


#: Preparing a run's inputs may take this much longer than the reference's usual preparation of
#: such inputs (a share of its median, and at least an absolute amount) before the excess counts
#: as the run's.
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

    What the submission's child spent preparing its runs' inputs beyond what the reference's
    spent is charged to every run (:func:`_preparation_charge`): work done ahead, off the run's
    clock, gains nothing. ``None`` when no input set was run by both."""
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
