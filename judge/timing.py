"""Benchmark figures from timed runs, and scores.

The runner's parent times each run from outside the submission, from its command to the child's
answer, and reads, before and after each run, the CPU time the submission's processes used (the
child's own clock, and its helpers' from the sandbox's cgroup); the run's preparation (its
inputs decoded, and the wait for them) and its output's sending are timed too, so every moment
is in one run's part or another. Scores are made of the runs' CPU times (or of the outside times,
for a GPU or where there is no cgroup), paired run by run with the reference's on the same
inputs (:func:`paired_score`), with what a run's preparation and output took beyond the
reference's charged to that run.

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
    #: outside time, how long the child took to prepare the inputs and to send the output, in
    #: nanoseconds.
    variants: tuple[int, ...] = ()
    outside_ns: tuple[int, ...] = ()
    prepare_ns: tuple[int, ...] = ()
    output_ns: tuple[int, ...] = ()
    #: Per run, the CPU time the submission's processes used before it (since the previous
    #: output was received), in it, and sending its output (the child's own clock, and its
    #: helpers' from the cgroup); empty where there was no cgroup.
    cpu_prepare_ns: tuple[int, ...] = ()
    cpu_run_ns: tuple[int, ...] = ()
    cpu_output_ns: tuple[int, ...] = ()

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
        output_ns=tuple(observed.get("output_ns", ())),
        cpu_prepare_ns=tuple(observed.get("cpu_prepare_ns", ())),
        cpu_run_ns=tuple(observed.get("cpu_run_ns", ())),
        cpu_output_ns=tuple(observed.get("cpu_output_ns", ())),
    )


def run_by_run_median(timings: Sequence[CaseTiming]) -> CaseTiming:
    """One case's timings on the same input sets in the same order (the reference timed several
    times on a pool), as one: each run's figures the median of that run's over the timings. A
    timing that ran other sets, or another order, is left out (the first one decides)."""
    first = timings[0]
    alike = [t for t in timings if t.variants == first.variants]
    if len(alike) < 2:
        return first

    def each_run(field: str) -> list[int]:
        series = [getattr(t, field) for t in alike]
        if any(len(s) != len(first.variants) for s in series):
            return []
        return [int(statistics.median(values)) for values in zip(*series, strict=True)]

    observed: dict[str, Any] = {"variants": first.variants}
    for field in RUN_SERIES:
        observed[field] = each_run(field)
    cpu = [t.cpu_ms for t in alike if t.cpu_ms is not None]
    merged = summarize([], observed)
    return dataclasses.replace(
        merged,
        runs=first.runs,
        claimed_median_ms=statistics.median(t.claimed_median_ms for t in alike),
        cpu_ms=statistics.median(cpu) if len(cpu) == len(alike) else None,
        flag=next((t.flag for t in alike if t.flag), ""),
    )


#: A :class:`CaseTiming`'s figures of each run, in nanoseconds.
RUN_SERIES = (
    "outside_ns",
    "prepare_ns",
    "output_ns",
    "cpu_prepare_ns",
    "cpu_run_ns",
    "cpu_output_ns",
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


def paired_ratio(submission: CaseTiming, reference: CaseTiming, cpu: bool = True) -> float | None:
    """The submission's time over the reference's on one benchmark case: the median, over the
    input sets both ran, of the two runs' ratio. Each pair ran on the same inputs moments apart,
    so the machine's drift between them is small and cancels in the ratio.

    A run's time is the CPU time its sandbox used (``cpu``, where both sides have it for every
    run): a host whose every core is busy stretches a run's outside time by whatever the other
    processes take of its CPU, and barely changes its CPU time. Otherwise, and always for a GPU
    (whose work is not the CPU's), it is the outside time.

    What a run's preparation and output took beyond the reference's is charged to that run
    (:func:`_charges`): work done off the run's clock, ahead on its inputs or late on its
    output, gains nothing. ``None`` when no input set was run by both."""
    use_cpu = cpu and _has_cpu_times(submission) and _has_cpu_times(reference)
    mine_runs, mine_around = _run_times(submission, use_cpu)
    their_runs, their_around = _run_times(reference, use_cpu)
    theirs = dict(zip(reference.variants, their_runs, strict=False))
    ratios = [
        max(run + charge, 1) / max(theirs[variant], 1)
        for variant, run, charge in zip(
            submission.variants, mine_runs, _charges(mine_around, their_around), strict=False
        )
        if variant in theirs
    ]
    return statistics.median(ratios) if ratios else None


def _charges(mine: Sequence[int], theirs: Sequence[int]) -> list[float]:
    """What each of the submission's runs is charged for the time around it (its preparation
    and its output): how much longer that took than the reference's of the same run number (or
    than its median, past the reference's last run); where it took less, the difference is a
    credit, as the time around a run is mostly the judge's own work (decoding the inputs,
    encoding the output), done on both sides.

    Run by run, because a run's work can only be in that run's own parts: its inputs come with
    it, and its output binds it once sent. A charge per run follows the work wherever the
    submission puts it; a median of the excess, charged to every run, did not: work placed in
    turn in a third of the runs and a third of the preparations moved neither median, and scored
    0.15 for a true 1.1 (issue 27's red team). Signed, so that either side's noise is charged as
    often as credited, and the median of the ratios stays where the runs put it (unsigned, every
    run whose preparation the noise lengthened was charged, and none credited).

    By run number because a child's first preparations can take several times as long as its
    later ones (its allocator still asking the kernel for memory), on either side, and the
    reference runs the submission's sets in the same order."""
    if not theirs:
        return [0.0] * len(mine)
    usual = statistics.median(theirs)
    return [m - (theirs[i] if i < len(theirs) else usual) for i, m in enumerate(mine)]


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


def _run_times(timing: CaseTiming, cpu: bool) -> tuple[Sequence[int], list[int]]:
    """Each run's time, and the time around it (its preparation and its output's sending), on
    the chosen clock."""
    runs, prepares, outputs = (
        (timing.cpu_run_ns, timing.cpu_prepare_ns, timing.cpu_output_ns)
        if cpu
        else (timing.outside_ns, timing.prepare_ns, timing.output_ns)
    )
    if len(outputs) != len(prepares):  # stored before outputs were timed
        outputs = (0,) * len(prepares)
    return runs, [p + o for p, o in zip(prepares, outputs, strict=True)]


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


def score_on_clock(
    submission: Mapping[str, CaseTiming], reference: Mapping[str, CaseTiming], cpu: bool = True
) -> tuple[float | None, str]:
    """:func:`paired_score` on the clock both sides' runs allow (:func:`scoring_clock`; ``cpu``:
    the challenge runs on the CPU, whose work shows in CPU time), and that clock."""
    clock = scoring_clock([*submission.values(), *reference.values()], cpu=cpu)
    return paired_score(submission, reference, cpu=clock == CPU_CLOCK), clock
