"""Benchmark figures and scores: pure logic."""

from __future__ import annotations

import math

import pytest

from judge.config import Settings
from judge.reference_pairing import why_too_fast
from judge.timed_sets import ReferenceTimes, merged
from judge.timing import (
    paired_ratio,
    paired_score,
    relative_standard_error,
    run_by_run_median,
    score,
    summarize,
)

MS = 1_000_000


def observed(claimed, outside=None):
    outside = outside if outside is not None else [c + MS // 10 for c in claimed]
    return {
        "outside_ns": outside,
        "claimed_ns": list(claimed),
        "cpu_ns": 42 * MS,
    }


def test_figures_are_of_the_outside_times():
    claimed = [10 * MS, 12 * MS, 11 * MS, 30 * MS, 9 * MS]
    timing = summarize(claimed, observed(claimed))
    assert timing.runs == 5 and timing.median_ms == pytest.approx(11.1)
    assert timing.min_ms == pytest.approx(9.1)
    assert timing.iqr_ms == pytest.approx(2.0)  # quartiles 10.1 and 12.1
    assert timing.claimed_median_ms == 11.0  # the submission's own clock: only compared
    assert timing.cpu_ms == 42.0 and timing.flag == ""


def paired(outside, prepare=None, variants=None, cpu=None, cpu_prepare=None, cpu_output=None):
    """A case's timing as the runner reports it: run i on input set ``variants[i]``."""
    variants = variants or list(range(1, len(outside) + 1))
    prepare = prepare or [MS // 10] * len(outside)
    claimed = [o - MS // 20 for o in outside]
    return summarize(
        claimed,
        {
            **observed(claimed, outside),
            "variants": variants,
            "prepare_ns": prepare,
            "cpu_run_ns": cpu or [],
            "cpu_prepare_ns": cpu_prepare or ([] if cpu is None else [MS // 10] * len(outside)),
            "cpu_output_ns": cpu_output or [],
        },
    )


def test_runs_are_paired_by_their_inputs():
    reference = paired([10 * MS, 20 * MS, 30 * MS], variants=[1, 2, 3])
    # The same work done twice as fast, in another order: every pair's ratio is 0.5. Unpaired
    # medians (10 over 20) would say so too, but not per input set: the sets differ in cost.
    mine = paired([15 * MS, 5 * MS, 10 * MS], variants=[3, 1, 2])
    assert paired_ratio(mine, reference) == pytest.approx(0.5)
    assert paired_score({"big": mine}, {"big": reference}) == pytest.approx(0.5)


def test_several_timings_of_the_reference_are_one_run_by_run_median():
    # The second timing ran slow throughout; the third had one slow run: the medians ignore both.
    runs = [[10, 20, 30], [14, 28, 42], [10, 90, 30]]
    timings = [
        paired([r * MS for r in rs], variants=[3, 1, 2], cpu=[r * MS for r in rs]) for rs in runs
    ]
    other_order = paired([1 * MS, 1 * MS, 1 * MS], variants=[1, 2, 3])
    one = run_by_run_median([*timings, other_order])  # another order: left out
    assert one.variants == (3, 1, 2) and one.runs == 3
    assert one.cpu_run_ns == (10 * MS, 28 * MS, 30 * MS)
    assert one.outside_ns == (10 * MS, 28 * MS, 30 * MS) and one.median_ms == 28
    assert one.prepare_ns == (MS // 10,) * 3
    assert one.cpu_output_ns == ()  # not reported: stays so
    mine = paired([5 * MS, 14 * MS, 15 * MS], variants=[3, 1, 2], cpu=[5 * MS, 14 * MS, 15 * MS])
    assert paired_ratio(mine, one) == pytest.approx(0.5)
    kept = merged(
        [
            ReferenceTimes({"big": t}, load, 0.0)
            for t, load in zip(timings, (0.2, 0.6, 0.3), strict=True)
        ]
    )
    assert kept is not None and kept.load == pytest.approx(0.3)
    assert kept.timings["big"].cpu_run_ns == one.cpu_run_ns
    unknown = merged(
        [
            ReferenceTimes({"big": t}, load, 0.0)
            for t, load in zip(timings[:2], (0.2, None), strict=True)
        ]
    )
    assert unknown is not None and unknown.load is None
    assert merged([]) is None


def test_a_drift_between_pairs_cancels():
    # The machine slows down by half during the runs; each pair ran moments apart.
    reference = paired([10 * MS, 15 * MS, 20 * MS])
    mine = paired([20 * MS, 30 * MS, 40 * MS])
    assert paired_ratio(mine, reference) == pytest.approx(2.0)


def test_work_done_while_preparing_is_charged_to_the_run():
    reference = paired([10 * MS] * 5, prepare=[MS] * 5)
    # The runs look ten times faster, but the child worked ahead while it prepared the inputs.
    ahead = paired([MS] * 5, prepare=[10 * MS] * 5)
    assert paired_ratio(ahead, reference) == pytest.approx(1.0)  # (1 + 10 - 1) / 10
    honest = paired([MS] * 5, prepare=[int(0.9 * MS)] * 5)  # a faster preparation: its credit
    assert paired_ratio(honest, reference) == pytest.approx(0.09)


def test_a_busy_host_stretches_the_outside_times_not_the_cpu_times():
    # Both do 10 ms of work a run; other processes took turns on the CPU during some runs.
    reference = paired([10 * MS, 25 * MS, 12 * MS, 40 * MS, 10 * MS], cpu=[10 * MS] * 5)
    mine = paired([30 * MS, 10 * MS, 22 * MS, 10 * MS, 35 * MS], cpu=[10 * MS] * 5)
    assert paired_ratio(mine, reference) == pytest.approx(1.0)
    assert paired_ratio(mine, reference, cpu=False) == pytest.approx(22 / 12)  # the median pair
    # A GPU challenge's runs count by the clock: the GPU's work is not the sandbox's CPU time.
    assert paired_score({"a": mine}, {"a": reference}, cpu=False) == pytest.approx(22 / 12)


def test_cpu_times_count_only_where_both_sides_have_them_for_every_run():
    reference = paired([10 * MS] * 3, cpu=[10 * MS] * 3)
    assert paired_ratio(paired([20 * MS] * 3), reference) == pytest.approx(2.0)  # no cgroup
    partial = paired([20 * MS] * 3, cpu=[5 * MS] * 2)  # a reading missing
    assert paired_ratio(partial, reference) == pytest.approx(2.0)
    assert paired_ratio(paired([20 * MS] * 3, cpu=[5 * MS] * 3), reference) == pytest.approx(0.5)


def test_cpu_spent_preparing_beyond_the_references_is_charged():
    reference = paired([10 * MS] * 5, cpu=[10 * MS] * 5, cpu_prepare=[MS] * 5)
    ahead = paired([MS] * 5, cpu=[MS] * 5, cpu_prepare=[10 * MS] * 5)
    assert paired_ratio(ahead, reference) == pytest.approx(1.0)  # (1 + 10 - 1) / 10


def test_a_preparation_that_varies_is_not_charged():
    # Preparing large inputs takes 5 or 12 ms by turns (page faults), on both sides alike.
    reference = paired([10 * MS] * 12, cpu=[10 * MS] * 12, cpu_prepare=[5 * MS, 12 * MS] * 6)
    mine = paired([10 * MS] * 12, cpu=[10 * MS] * 12, cpu_prepare=[12 * MS, 5 * MS] * 6)
    assert paired_ratio(mine, reference) == pytest.approx(1.0)


def test_first_preparations_are_compared_with_the_references_first():
    # A child's first preparations are slow on either side (its allocator is still asking the
    # kernel for memory); the submission stopped after 5 runs, the reference made 12.
    warming = [5 * MS] * 3 + [13 * MS // 10] * 9
    reference = paired([7 * MS] * 12, cpu=[7 * MS] * 12, cpu_prepare=warming)
    mine = paired([7 * MS] * 5, cpu=[7 * MS] * 5, cpu_prepare=warming[:5])
    assert paired_ratio(mine, reference) == pytest.approx(1.0)  # medians alone: 5 ms against 1.3


def test_work_placed_in_turn_where_no_median_looks_is_charged_run_by_run():
    """Issue 27's red team: runs in threes, a run's product in its output's sending (a), in its
    preparation (b), or in the run (c): a third of the runs long, a third of the preparations,
    so a median of either saw nothing (0.15 for a true 1.1). Charged run by run, each run's
    work is back in its own ratio."""
    reference = paired(
        [10 * MS] * 12, cpu=[10 * MS] * 12, cpu_prepare=[MS] * 12, cpu_output=[MS] * 12
    )
    runs = [MS, MS, 10 * MS] * 4
    prepares = [MS, 11 * MS, MS] * 4
    outputs = [11 * MS, MS, MS] * 4
    dodge = paired(runs, cpu=runs, cpu_prepare=prepares, cpu_output=outputs)
    assert paired_ratio(dodge, reference) == pytest.approx(1.1)  # its true cost: 11 ms a run


def test_work_done_ahead_in_fewer_than_half_the_runs_gains_nothing():
    reference = paired([10 * MS] * 12, cpu=[10 * MS] * 12, cpu_prepare=[MS] * 12)
    # Five runs' work done while preparing, the other seven honest: the median run is honest.
    runs, prepares = [MS // 2] * 5 + [10 * MS] * 7, [11 * MS] * 5 + [MS] * 7
    mine = paired(runs, cpu=runs, cpu_prepare=prepares)
    assert paired_ratio(mine, reference) == pytest.approx(1.0)


def test_no_score_without_a_pair():
    reference = paired([10 * MS] * 3, variants=[1, 2, 3])
    assert paired_ratio(paired([MS] * 3, variants=[4, 5, 6]), reference) is None
    assert paired_score({"a": paired([MS] * 3)}, {"b": reference}) is None


def test_the_submissions_own_clock_makes_no_flag_and_no_figure():
    """The child's clock is the submission's: patched to say nothing, or a twentieth, or a
    sleep's worth, it changes neither the figures (the outside times) nor the record."""
    outside = [5 * MS] * 10
    for claimed in ([0] * 10, [MS // 4] * 10, [50 * MS] * 10):
        timing = summarize(claimed, observed(claimed, outside))
        assert timing.flag == "" and timing.median_ms == 5.0 and timing.min_ms == 5.0


def test_work_done_after_a_run_reported_is_charged():
    """A child that reports each run over at once and works out its output afterwards: the
    output's sending is timed as the run's own, and what it took beyond the reference's is
    charged to that run."""
    reference = paired([10 * MS] * 8, cpu=[10 * MS] * 8, cpu_prepare=[MS] * 8, cpu_output=[MS] * 8)
    late = paired(
        [MS // 10] * 8, cpu=[MS // 10] * 8, cpu_prepare=[MS] * 8, cpu_output=[11 * MS] * 8
    )
    assert paired_ratio(late, reference) == pytest.approx(1.01)  # not 0.01


def test_score_is_the_geometric_mean_of_the_ratios():
    assert score({"a": 2.0, "b": 8.0}, {"a": 1.0, "b": 2.0}) == pytest.approx(math.sqrt(2 * 4))
    assert score({"a": 1.0}, {"a": 1.0}) == 1.0
    assert score({"a": 1.0}, {"b": 1.0}) is None  # no reference time for the case
    assert score({}, {"a": 1.0}) is None


def test_relative_standard_error():
    assert relative_standard_error([1.0]) == math.inf
    assert relative_standard_error([2.0, 2.0, 2.0]) == 0.0
    assert relative_standard_error([1.0, 3.0]) == pytest.approx(0.5)


def test_a_score_far_past_the_reference_is_not_believed():
    settings = Settings.load({}, min_plausible_score=0.1)
    assert why_too_fast(0.5, settings) == "" and why_too_fast(None, settings) == ""
    assert why_too_fast(0.1, settings) == ""
    assert why_too_fast(0.001, settings).startswith("1000 times faster than the reference")
