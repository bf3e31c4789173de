"""The worker's pools of timed input sets, and when the reference's times on a pool are reused
(:mod:`judge.timed_sets`): pure logic, no sandbox. The real judgings are in test_scoring.py."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from judge import timed_sets
from judge.challenge_packages import ChallengeRepository
from judge.config import Settings
from judge.machine import HostLoad
from judge.timed_sets import ReferenceTimes, TimedSets
from judge.timing import CaseTiming

SETTINGS = Settings.load({}, secret="p" * 40, benchmark_max_runs=6, benchmark_min_runs=3)
CHALLENGES = ChallengeRepository(SETTINGS.challenges_dir)


def timing(*variants: int, ms: float = 1.0) -> CaseTiming:
    runs, around = (int(ms * 1e6),) * len(variants), (0,) * len(variants)
    return CaseTiming(
        *(len(variants), ms, ms, ms, 0.0, 0.01, ms, None),
        variants=variants,
        outside_ns=runs,
        prepare_ns=around,
        output_ns=around,
    )


def times(
    load: float | None, *variants: int, made_at: float = 0.0, ms: float = 1.0
) -> ReferenceTimes:
    return ReferenceTimes({"bench": timing(*variants, ms=ms)}, load, made_at)


def confirmed(load: float | None, *variants: int, made_at: float = 0.0) -> ReferenceTimes:
    return dataclasses.replace(times(load, *variants, made_at=made_at), confirmed=True)


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(timed_sets.time, "monotonic", lambda: now[0])
    return now


def test_the_reference_is_reused_only_near_its_load_on_every_set_ran_and_while_young(clock):
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    quiet, busy = (
        confirmed(0.3, 1, 2, 3, 4, made_at=1000.0),
        confirmed(0.8, 1, 2, 3, made_at=1000.0),
    )
    pool.references = [quiet, busy]
    ran = {"bench": (2, 1)}
    assert pool.reference_at(0.4, ran) is quiet
    assert pool.reference_at(0.75, ran) is busy  # the nearer of the two
    assert pool.reference_at(0.5, {"bench": (4,)}) is quiet  # busy has no run on set 4
    assert pool.reference_at(0.8, {"bench": (4,)}) is None
    assert pool.reference_at(0.92, ran) is None  # a saturated host: timed next to each other
    assert pool.reference_at(0.9, {"other": (1,)}) is None
    assert pool.reference_at(None, ran) is None  # an unknown load matches only an unknown one
    clock[0] += SETTINGS.reference_reuse_s + 1
    assert pool.reference_at(0.3, ran) is None  # too old


def test_a_reference_timed_at_a_like_load_replaces_the_one_kept_there():
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    for load, ms in ((0.1, 1.0), (0.5, 1.0), (0.52, 2.0), (0.8, 1.0), (0.95, 1.0), (None, 1.0)):
        pool.keep(times(load, 1, ms=ms))
    # The saturated and the unknown loads' times would never be reused: not kept.
    assert [t.load for t in pool.references] == [0.1, 0.52, 0.8]
    narrow = dataclasses.replace(SETTINGS, reference_load_drift=0.1)
    pool = TimedSets(narrow).pool(CHALLENGES.get("matmul"))
    for load in (0.0, 0.2, 0.4, 0.6, 0.8):
        pool.keep(times(load, 1))
    assert [t.load for t in pool.references] == [0.2, 0.4, 0.6, 0.8]  # the oldest went


def test_kept_times_are_reused_once_a_later_timing_agrees_with_them(clock):
    """One timing may have met a moment of the host's that no submission will (CI once kept one
    a quarter slower than usual, and honest submissions scored twice the reference's speed):
    kept times are reused only once a later timing agrees with them, and then as the two's
    median. One that disagrees takes their place, to be confirmed in turn."""
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    ran = {"bench": (1, 2)}
    slow = pool.keep(times(0.5, 1, 2, 3, ms=1.3, made_at=990.0))
    assert slow is not None and not slow.confirmed and pool.reference_at(0.5, ran) is None
    usual = pool.keep(times(0.55, 1, 2, 3, ms=1.0, made_at=995.0))  # 23% apart: disagree
    assert usual is not None and not usual.confirmed and pool.references == [usual]
    assert pool.reference_at(0.5, ran) is None
    again = pool.keep(times(0.45, 1, 2, 3, ms=1.05, made_at=1000.0))  # 5% apart: agree
    assert again is not None and again.confirmed and pool.references == [again]
    assert again.timings["bench"].outside_ns == (1_025_000,) * 3  # the two's median
    assert again.made_at == 995.0 and again.load == pytest.approx(0.5)  # as old as the older
    assert pool.reference_at(0.5, ran) is again
    wide = dataclasses.replace(SETTINGS, reference_agreement=0.4)
    pool = TimedSets(wide).pool(CHALLENGES.get("matmul"))
    pool.keep(times(0.5, 1, 2, 3, ms=1.3))
    assert pool.keep(times(0.5, 1, 2, 3, ms=1.0)).confirmed  # within the setting's 40%


def test_a_pool_is_drawn_anew_once_it_has_timed_enough_submissions_or_lived_long_enough(clock):
    sets = TimedSets(SETTINGS)
    matmul = CHALLENGES.get("matmul")
    first = sets.pool(matmul)
    assert sets.pool(matmul) is first
    first.uses = SETTINGS.reference_reuse_uses
    second = sets.pool(matmul)
    assert second is not first and second.seed != first.seed
    clock[0] += SETTINGS.reference_reuse_s + 1
    assert sets.pool(matmul) is not second
    # No reuse at all: every submission's own pool, the reference timed for each.
    never = TimedSets(dataclasses.replace(SETTINGS, reference_reuse_uses=0))
    assert never.pool(matmul) is not never.pool(matmul)


def test_a_pools_sets_come_from_its_seed_and_only_a_few_pools_keep_them_in_memory():
    matmul = CHALLENGES.get("matmul")
    sets = TimedSets(SETTINGS)
    pool = sets.pool(matmul)
    cases = matmul.cases(0, SETTINGS.secret_key)
    inputs = pool.inputs(cases)
    ((index, drawn),) = inputs.steps.items()
    assert cases[index].benchmark and len(drawn) == pool.count == inputs.sets == 6
    first = drawn[0][0].args[0]
    assert not any(np.array_equal(first, later[0].args[0]) for later in drawn[1:])
    # Forgotten, then drawn again from the same seed: the very same sets.
    pool.forget_sets()
    assert np.array_equal(pool.inputs(cases).steps[index][0][0].args[0], first)
    # Another pool's seed draws other sets.
    other = sets.fresh(matmul).inputs(cases).steps[index][0][0].args[0]
    assert not np.array_equal(other, first)
    # Past POOLS_IN_MEMORY challenges, the least recently used pool lets its sets go.
    for slug in ("softmax", "knn", "kmeans", "dropout", "adam")[: timed_sets.POOLS_IN_MEMORY]:
        sets.pool(CHALLENGES.get(slug))
    assert pool._sets is None and sets.pool(matmul) is pool


def test_the_hosts_busy_share_is_read_from_proc_stat(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n")
    before = HostLoad.now(stat)
    stat.write_text("cpu  250 0 150 850 150 0 0 0 0 0\n")
    after = HostLoad.now(stat)
    assert before is not None and after is not None
    assert after.busy_since(before) == pytest.approx(200 / 400)
    assert after.busy_since(None) is None and before.busy_since(after) is None
    assert HostLoad.now(tmp_path / "absent") is None


def pairing_timing(monkeypatch, *made_by_call: ReferenceTimes, reuse_on: int = 1):
    """A :class:`ReferencePairing` (reusing kept times, unless ``reuse_on`` is 0) whose
    reference timings are ``made_by_call``, in turn, and the list of those made so far."""
    from judge.reference_pairing import ReferencePairing

    made: list[ReferenceTimes] = []

    def timed_once(self, challenge, sandbox, pool, ran, quiet=False):
        made.append(made_by_call[len(made)])
        return made[-1]

    monkeypatch.setattr(ReferencePairing, "_timed_once", timed_once)
    reuse = dataclasses.replace(SETTINGS, reference_timings=3, reference_reuse=reuse_on)
    return ReferencePairing(reuse), made


@pytest.mark.parametrize(("load", "timings"), [(0.3, 3), (0.95, 1), (None, 1)])
def test_the_reference_is_timed_several_times_only_where_its_times_are_kept(
    monkeypatch, clock, load, timings
):
    """Kept times pair with many submissions: they are the run-by-run median of
    ``reference_timings`` timings, the first made for the submission that needed it, the others
    once its verdict is out (``settle``), and confirmed (reused) where the others agree with the
    first. Times that will not be kept (a saturated host, an unknown load) pair with one
    submission alone: one timing."""
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    pairing, made = pairing_timing(monkeypatch, *(times(load, 1, 2, 3) for _ in range(4)))
    first = pairing._timed_now(CHALLENGES.get("matmul"), None, pool, {"bench": (1, 2)})
    assert len(made) == 1 and first is made[0]
    assert pool.references == ([first] if timings > 1 else [])
    pairing.settle()
    assert len(made) == timings and pairing.owed is None
    if timings > 1:
        ((settled,),) = [pool.references]
        assert settled is not first and settled.load == load and settled.confirmed
        assert settled.timings["bench"].variants == (1, 2, 3)
        assert pool.reference_at(load, {"bench": (1, 2)}) is settled
    pairing.settle()  # nothing more owed
    assert len(made) == timings


def test_settling_stops_at_a_timing_made_at_another_load_and_keeps_the_first_alone(
    monkeypatch, clock
):
    """A further timing at another load (the next judging running in the other slot) ends the
    settling: the first timing stays, unconfirmed, for a later judging's timing to confirm."""
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    made_then = [times(0.3, 1, 2, 3), times(0.95, 1, 2, 3), times(0.3, 1, 2, 3)]
    pairing, made = pairing_timing(monkeypatch, *made_then, times(0.35, 1, 2, 3))
    first = pairing._timed_now(CHALLENGES.get("matmul"), None, pool, {"bench": (1, 2)})
    pairing.settle()
    assert made == made_then[:2] and pool.references == [first] and not first.confirmed
    assert pool.reference_at(0.3, {"bench": (1, 2)}) is None
    # The next judging's timing, at a like load, agrees with it: confirmed, nothing owed.
    pairing._timed_now(CHALLENGES.get("matmul"), None, pool, {"bench": (1, 2)})
    assert [t.confirmed for t in pool.references] == [True] and pairing.owed is None


def test_settled_times_that_disagree_with_the_first_are_kept_but_not_reused(monkeypatch):
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    slower = [times(0.3, 1, 2, 3, ms=1.5), times(0.3, 1, 2, 3, ms=1.6)]
    pairing, made = pairing_timing(monkeypatch, times(0.3, 1, 2, 3), *slower)
    pairing._timed_now(CHALLENGES.get("matmul"), None, pool, {"bench": (1, 2)})
    pairing.settle()
    ((settled,),) = [pool.references]
    assert len(made) == 3 and not settled.confirmed
    assert settled.timings["bench"].median_ms == pytest.approx(1.5)


def test_by_default_the_reference_is_timed_for_every_submission_and_nothing_is_kept(monkeypatch):
    """``reference_reuse`` off (the default): every accepted submission pairs with a timing of
    the reference of its own, made right after it; nothing is kept, so nothing is owed."""
    assert not SETTINGS.reference_reuse
    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    pool.references = [confirmed(0.3, 1, 2, 3)]  # as if kept by a worker that reused them
    made_then = [times(0.3, 1, 2, 3), times(0.3, 1, 2, 3)]
    pairing, made = pairing_timing(monkeypatch, *made_then, reuse_on=0)
    for _ in made_then:
        assert pairing._timed_now(CHALLENGES.get("matmul"), None, pool, {"bench": (1, 2)})
        pairing.settle()
        assert pairing.owed is None
    assert made == made_then and pool.references == [confirmed(0.3, 1, 2, 3)]


@pytest.mark.parametrize(("beside_ran", "timed_after"), [((1, 2), 0), ((1,), 1), (None, 1)])
def test_the_reference_beside_a_submission_scores_it_where_it_ran_every_set(
    monkeypatch, beside_ran, timed_after
):
    """The reference's run beside the submission's (judge/lockstep.py) scores it when it ran
    every set the submission did; one that ran fewer (the turns broken off) or failed (``None``)
    gives way to the reference timed after the submission, on the very sets it ran."""
    from judge.case_grading import CaseResult
    from judge.grading import Judgement
    from judge.verdicts import Verdict

    class Beside:
        def finish(self):
            return None if beside_ran is None else times(0.3, *beside_ran)

    pool = TimedSets(SETTINGS).pool(CHALLENGES.get("matmul"))
    pairing, made = pairing_timing(monkeypatch, times(0.3, 1, 2), reuse_on=0)
    mine = CaseResult("bench", Verdict.ACCEPTED, timing=timing(1, 2, ms=2.0))
    judgement = Judgement(Verdict.ACCEPTED, "", [mine])
    pairing.score(CHALLENGES.get("matmul"), None, judgement, pool, beside=Beside())
    assert len(made) == timed_after
    assert judgement.score == pytest.approx(2.0)
