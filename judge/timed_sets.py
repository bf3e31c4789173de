"""The input sets of the timed runs, and the reference's times on them, kept by the worker.

Each challenge has, on each worker, a *pool*: as many input sets per benchmark case as the
settings allow, drawn from the deployment's secret and a random seed of the pool's own, with
each set's expected results. Every submission to the challenge is timed on sets of its pool, in
an order the runner draws; the reference is timed on every set of the pool (``reference_timings``
times, run by run their median: :meth:`judge.reference_pairing.ReferencePairing.settle`), and its
times pair with every submission's runs on the same sets (:func:`judge.timing.paired_score`),
once a later timing has confirmed them (``reference_agreement``, :meth:`Pool.keep`), for as long
as they hold: while the pool is young (``reference_reuse_s``), has timed few submissions
(``reference_reuse_uses``), and the host was about as busy while the submission was timed as
while the reference was (its CPUs' busy share within ``reference_load_drift``,
:class:`judge.machine.HostLoad`), and not saturated (:data:`SATURATED`). Past those, the
reference is timed again, paired with the submission at hand, as before any reuse. The pool also
keeps the hash of the reference's output on each set (:meth:`Pool.learn_outputs`): a
submission's run whose output hashes the same is right, and its output is not sent.

A pool's sets enter many submissions' sandboxes, so no submission may learn them: what the timed
runs print is not kept for the log (``judge/runner/supervisor.py``), and a timed run's failure
names its kind, never its values (``judge/timed_grading.py``). A pool is drawn anew once it has
timed ``reference_reuse_uses`` submissions or is ``reference_reuse_s`` old, which bounds what
the few bits a run can still signal (its verdict, its time) could gather. SECURITY.md says more.

The pools are an object the worker owns (:class:`TimedSets`), one per worker process: nothing
of it is in a module global.
"""

from __future__ import annotations

import collections
import dataclasses
import math
import secrets
import statistics
import threading
import time
from typing import Any

from judge.challenges import Case, Challenge
from judge.config import Settings
from judge.errors import ChallengeError
from judge.protocol import Step
from judge.timing import CaseTiming, run_by_run_median, score_on_clock

#: How many pools keep their input sets in memory; the others keep their seed and the
#: reference's times, and draw their sets again when next needed.
POOLS_IN_MEMORY = 4
#: The most reference timings a pool keeps, each at another load of the host.
LOADS_KEPT = 4


@dataclasses.dataclass
class TimedInputs:
    """The input sets of each benchmark case (by its index in the suite), one per timed run,
    and their expected results: what the worker answers the runner's ``need`` with."""

    steps: dict[int, list[list[Step]]] = dataclasses.field(default_factory=dict)
    #: Each set as a case (for checkers that look at the inputs) with its expected results.
    expected: dict[int, list[tuple[Case, list[Any]]]] = dataclasses.field(default_factory=dict)
    #: The order to run a case's sets in, where the worker chooses it (the reference's); else
    #: the runner draws one.
    orders: dict[int, list[int]] = dataclasses.field(default_factory=dict)
    #: By case and set, the hash of the reference's output on the set, as the runner's parent
    #: hashed it, where the worker has seen it: a run whose output hashes the same is right.
    known: dict[int, dict[int, str]] = dataclasses.field(default_factory=dict)

    @property
    def sets(self) -> int:
        """How many sets every benchmark case has: what the go-ahead says."""
        return min((len(steps) for steps in self.steps.values()), default=0)


@dataclasses.dataclass(frozen=True)
class ReferenceTimes:
    """The reference's timed runs on every set of a pool, by benchmark case name; the host's
    busy share while they ran (``None``: unknown), and when."""

    timings: dict[str, CaseTiming]
    load: float | None
    made_at: float
    #: Whether a later timing of the reference agreed with these (:meth:`Pool.keep`): only
    #: then are they reused.
    confirmed: bool = False

    def covers(self, ran: dict[str, tuple[int, ...]]) -> bool:
        """Whether every set a submission ran (by case name) has a run of the reference's."""
        return all(
            name in self.timings and set(variants) <= set(self.timings[name].variants)
            for name, variants in ran.items()
        )


def merged(timed: list[ReferenceTimes]) -> ReferenceTimes | None:
    """Several timings of the reference on one pool as one (:func:`run_by_run_median`), at
    their median busy share (unknown if any one's is), as old as the oldest; ``None`` if there
    are none."""
    if len(timed) < 2:
        return timed[0] if timed else None
    loads = [t.load for t in timed]
    return ReferenceTimes(
        {
            name: run_by_run_median([t.timings[name] for t in timed if name in t.timings])
            for name in timed[0].timings
        },
        None if None in loads else statistics.median(load for load in loads if load is not None),
        min(t.made_at for t in timed),
    )


class Pool:
    """One challenge's timed input sets on this worker, and the reference's times on them."""

    def __init__(self, challenge: Challenge, settings: Settings, seed: int) -> None:
        self.challenge, self.settings, self.seed = challenge, settings, seed
        self.made_at = time.monotonic()
        self.uses = 0  # submissions scored on it
        self.references: list[ReferenceTimes] = []
        #: By benchmark case name and set, the hash of the reference's output (its timed run's,
        #: in the sandbox): what a submission's run may match instead of being sent to be checked.
        self.outputs: dict[str, dict[int, str]] = {}
        self._sets: dict[str, list[tuple[Case, Any]]] | None = None
        self._lock = threading.Lock()

    @property
    def sets(self) -> dict[str, list[tuple[Case, Any]]]:
        """By benchmark case name: each input set, as a case, and its expected results."""
        with self._lock:
            if self._sets is None:
                self._sets = _draw(self.challenge, self.seed, self.settings)
            return self._sets

    def forget_sets(self) -> None:
        """Drops the sets from memory (they are drawn again, the same, when next needed)."""
        with self._lock:
            self._sets = None

    @property
    def count(self) -> int:
        """How many sets each benchmark case has."""
        return min((len(drawn) for drawn in self.sets.values()), default=0)

    def inputs(self, cases: list[Case]) -> TimedInputs:
        """The sets of ``cases``' benchmark cases, by their indices in ``cases``."""
        inputs = TimedInputs()
        sets = self.sets
        for index, case in enumerate(cases):
            if not case.benchmark:
                continue
            if case.name not in sets:
                raise ChallengeError(f"{self.challenge.slug}: the input sets have no {case.name}")
            inputs.steps[index] = [list(drawn.steps) for drawn, _ in sets[case.name]]
            inputs.expected[index] = list(sets[case.name])
            inputs.known[index] = dict(self.outputs.get(case.name, {}))
        return inputs

    def learn_outputs(self, outputs: dict[str, dict[int, str]]) -> None:
        """Keeps the hashes of the reference's outputs on the pool's sets (by case name and
        set), from a timing of the reference that was accepted."""
        with self._lock:
            for name, by_set in outputs.items():
                known = self.outputs.setdefault(name, {})
                for variant, digest in by_set.items():
                    known.setdefault(variant, digest)

    def reference_at(
        self, load: float | None, ran: dict[str, tuple[int, ...]]
    ) -> ReferenceTimes | None:
        """The reference's times that still hold for a submission that ran ``ran`` while the
        host's busy share was ``load``: young enough, on every set it ran, at a load near its
        own (the nearest of them), and confirmed by a second timing; ``None`` if none does."""
        fresh = [
            times
            for times in self.references
            if times.confirmed
            and time.monotonic() - times.made_at <= self.settings.reference_reuse_s
            and times.covers(ran)
            and _near(times.load, load, self.settings.reference_load_drift)
        ]
        return min(fresh, key=lambda t: abs((t.load or 0.0) - (load or 0.0)), default=None)

    def keep(self, times: ReferenceTimes) -> ReferenceTimes | None:
        """Keeps the reference's times, in place of any at a load near theirs, else beside them
        (the oldest goes past :data:`LOADS_KEPT`); not at all if made at an unknown or saturated
        load, where they would never be reused. What is now kept at their load, or ``None``.

        One timing is not reused: it may have met a moment of the host's that the submissions
        paired with it will not (on CI's busy host, one came out a quarter slower than the
        reference's usual, with a slower preparation too, and the honest submissions of the
        next minutes scored twice the reference's speed). Where the times they replace agree
        with them (:meth:`agree`), the two are kept as one (:func:`merged`: their run-by-run
        median where they ran the sets in the same order, else the earlier), confirmed: reused
        from then on. Else the next submission's reference is timed too."""
        if not self.would_keep(times.load):
            return None
        drift = self.settings.reference_load_drift
        near = [t for t in self.references if _near(t.load, times.load, drift)]
        kept = times
        for earlier in reversed(near):
            if self.agree(earlier, times):
                both = merged([earlier, times])
                assert both is not None  # two timings merge into one
                kept = dataclasses.replace(both, confirmed=True)
                break
        others = [t for t in self.references if not _near(t.load, times.load, drift)]
        self.references = [*others, kept][-LOADS_KEPT:]
        return kept

    def agree(self, earlier: ReferenceTimes, later: ReferenceTimes) -> bool:
        """Whether two timings of the reference on this pool agree: paired run by run as a
        submission's with the reference's would be (:func:`judge.timing.score_on_clock`), within
        ``reference_agreement`` of the same speed."""
        cpu = self.challenge.device == "cpu"
        ratio, _ = score_on_clock(later.timings, earlier.timings, cpu=cpu)
        if ratio is None:
            return False
        return abs(math.log(ratio)) <= math.log1p(self.settings.reference_agreement)

    def alike(self, earlier: ReferenceTimes, later: ReferenceTimes) -> bool:
        """Whether two timings of the reference were made at about the same busy share of the
        host, neither saturated: only such timings may confirm each other."""
        return _near(earlier.load, later.load, self.settings.reference_load_drift)

    def replace(self, old: ReferenceTimes, new: ReferenceTimes) -> None:
        """``new`` (more timings of the same) in place of ``old``, if still kept; else kept as
        any other times."""
        if old in self.references:
            self.references[self.references.index(old)] = new
        else:
            self.keep(new)

    @staticmethod
    def would_keep(load: float | None) -> bool:
        """Whether times made at busy share ``load`` would be kept (:meth:`keep`)."""
        return load is not None and load < SATURATED

    @property
    def spent(self) -> bool:
        """Whether the pool has timed enough submissions, or lived long enough, to be drawn
        anew."""
        old = time.monotonic() - self.made_at > self.settings.reference_reuse_s
        return old or self.uses >= self.settings.reference_reuse_uses


#: A host busier than this share of its CPUs while a benchmark is timed is saturated: how much a
#: run's CPU time grows there depends on what else runs, moment by moment (a softmax's scores
#: moved by a third on the busy host of ``bench/scores.py`` when a reference timed before was
#: reused), so no times made at such a load are reused, nor reused at it: the reference is timed
#: next to the submission, as on every host before reuse.
SATURATED = 0.9


def _near(theirs: float | None, mine: float | None, drift: float) -> bool:
    """Whether times made at busy share ``theirs`` hold at ``mine``: both known, neither
    saturated, and within ``drift`` of each other."""
    if theirs is None or mine is None or max(theirs, mine) >= SATURATED:
        return False
    return abs(theirs - mine) <= drift


class TimedSets:
    """This worker's pools, one per challenge version, made when first needed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pools: dict[tuple[Any, ...], Pool] = {}
        self._in_memory: collections.OrderedDict[tuple[Any, ...], Pool] = collections.OrderedDict()
        self._lock = threading.Lock()

    def pool(self, challenge: Challenge) -> Pool:
        """``challenge``'s pool: the current one, or a new one if it is spent."""
        key = (challenge.slug, challenge.version, str(challenge.path))
        with self._lock:
            pool = self._pools.get(key)
            if pool is None or pool.spent:
                if pool is not None:
                    pool.forget_sets()
                pool = self._pools[key] = self.fresh(challenge)
            self._in_memory[key] = pool
            self._in_memory.move_to_end(key)
            while len(self._in_memory) > POOLS_IN_MEMORY:
                self._in_memory.popitem(last=False)[1].forget_sets()
            return pool

    def fresh(self, challenge: Challenge) -> Pool:
        """A pool of its own, kept nowhere: new sets, no reference times (a re-scoring's)."""
        return Pool(challenge, self.settings, secrets.randbits(62))


def _draw(challenge: Challenge, seed: int, settings: Settings) -> dict[str, list[tuple[Case, Any]]]:
    """As many input sets per benchmark case as ``settings.benchmark_max_runs``, fewer where
    they would not fit in ``settings.benchmark_inputs_mb`` (never fewer than ``min_runs``), and
    each one's expected results."""
    sets: dict[str, list[tuple[Case, Any]]] = {}
    count = settings.benchmark_max_runs
    for variant in range(1, count + 1):
        for case in challenge.benchmark_variant(seed, settings.secret_key, variant):
            sets.setdefault(case.name, []).append((case, challenge.expected(case)))
        if variant == 1:  # the first set's size says how many fit
            size = sum(_nbytes(step) for drawn in sets.values() for step in drawn[0][0].steps)
            room = settings.benchmark_inputs_mb * 1024 * 1024 // max(size, 1)
            count = max(settings.benchmark_min_runs, min(count, room))
        if variant >= count:
            break
    return sets


def _nbytes(step: Step) -> int:
    values = [*step.args, *(value for _, value in step.kwargs)]
    return sum(getattr(value, "nbytes", 64) for value in values)
