"""The submission's timed runs and the reference's, in turn: each pair of runs on the same input
set moments apart, instead of the submission's runs and then, seconds later, the reference's.

A score is the median, over input sets, of the submission's run over the reference's on the same
set (:func:`judge.timing.paired_ratio`). On a shared machine the CPU time of the same work drifts:
a run of a fixed NumPy workload in the runner image, timed 9 ms after the one before, differed
from it by 10% (standard deviation of the ratio), and by 22% when timed half a second later
(docs/performance.md, "eighth pass"). Timed in two blocks, every pair of a judging shares the
drift between the blocks, which the median cannot average away: the reference scored against
itself anywhere from 0.7 to 1.3 (softmax) or 0.8 to 1.8 (batchnorm). In turn, each pair's drift
is its own.

The worker runs both sandboxes at once, the reference's started at the submission's go-ahead on
the same sets in the same order (drawn by the worker, never told to the child), and answers each
runner's ``need`` (:mod:`judge.conversation`) only when it is that side's turn and the other side
is waiting for a set of its own, or is over, or (for the reference) has ended its timed runs of
every case: the two never run at the same moment. The
reference's runs of a case end (``END``) once it has matched every run of the submission's, and
the submission has ended the case.

A side that waits longer than ``timeout_s`` (the other stalled: a warm-up and a run near a long
time limit) breaks the turnstile: both go on unpaired in time, the reference on its own sets
until the submission's runs of the case are over, and the scores still pair by input set.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections import Counter
from typing import Protocol

log = logging.getLogger(__name__)


class Side(enum.Enum):
    SUBMISSION = "submission"
    REFERENCE = "reference"


class Turnstile:
    """Whose timed run is next, between one submission's run and the reference's beside it.
    Thread-safe: each side's conversation calls it from the thread reading its sandbox."""

    def __init__(self, timeout_s: float, cases: frozenset[str] = frozenset()) -> None:
        self.timeout_s = timeout_s
        #: The benchmark cases both sides time: once the submission has ended its timed runs of
        #: all of them, its run has no timed run left, and the reference's last turns need not
        #: wait for it to be over (its account, its exit, its grading: a tenth of a second).
        self.cases = cases
        self._changed = threading.Condition()
        self._asking: dict[Side, str | None] = dict.fromkeys(Side)  # the case it waits on
        self._over = dict.fromkeys(Side, False)
        self._runs: Counter[tuple[Side, str]] = Counter()
        self._ended: set[str] = set()  # the cases the submission's timed runs are over for
        self.broken = False
        #: Each run let through, in order: (side, case).
        self.granted: list[tuple[Side, str]] = []

    def need(self, side: Side, case: str) -> bool:
        """Called when ``side`` asks for the next input set of benchmark case ``case``: waits
        for its turn, then ``True`` (send the set), or ``False`` for the reference once it has
        matched every run the submission made of the case (answer ``END``)."""
        with self._changed:
            self._asking[side] = case
            self._changed.notify_all()
            try:
                if not self._changed.wait_for(lambda: self._may(side, case), self.timeout_s):
                    self._break(f"the {side.value}'s run waited {self.timeout_s:g} s for its turn")
                if side is Side.REFERENCE and not self._owed(case) and self._matched(case):
                    return False
                self._runs[side, case] += 1
                self.granted.append((side, case))
                return True
            finally:
                self._asking[side] = None
                self._changed.notify_all()

    def ended(self, case: str) -> None:
        """The submission's timed runs of ``case`` are over (its account came)."""
        with self._changed:
            self._ended.add(case)
            self._changed.notify_all()

    def over(self, side: Side) -> None:
        """``side``'s sandbox run is over, however it ended: the other goes on alone."""
        with self._changed:
            self._over[side] = True
            self._changed.notify_all()

    def _may(self, side: Side, case: str) -> bool:
        if self.broken:
            return True
        if side is Side.SUBMISSION:
            # The reference waits for a set too, and owes no run of the case it asks for.
            asking = self._asking[Side.REFERENCE]
            return self._over[Side.REFERENCE] or (asking is not None and not self._owed(asking))
        if self._owed(case):
            submission_done = self._over[Side.SUBMISSION] or self._all_ended()
            return submission_done or self._asking[Side.SUBMISSION] is not None
        return self._over[Side.SUBMISSION] or case in self._ended  # END, at once

    def _matched(self, case: str) -> bool:
        """Whether the reference is done with ``case``: the submission's runs of it are over (or
        the whole run), and not broken off before it ran any (then the reference goes on alone
        with its own sets, for the scores to pair by set)."""
        done = self._over[Side.SUBMISSION] or case in self._ended
        return done or not self.broken

    def _all_ended(self) -> bool:
        return bool(self.cases) and self.cases <= self._ended

    def _owed(self, case: str) -> bool:
        """Whether the submission made a run of ``case`` the reference has not."""
        return self._runs[Side.SUBMISSION, case] > self._runs[Side.REFERENCE, case]

    def _break(self, why: str) -> None:
        if not self.broken:
            log.warning("timed runs no longer in turn: %s", why)
        self.broken = True


class Partner(Protocol):
    """The reference's run beside a submission's: started at the submission's go-ahead."""

    #: How long the reference's run may take: the submission's run waits for its turns.
    wall_s: float

    def start(self, orders: dict[str, list[int]], wall_s: float) -> Turnstile | None:
        """Start the reference's run on the benchmark cases' sets in ``orders`` (by case name),
        beside a submission's run of at most ``wall_s`` seconds; the turnstile the two share,
        or ``None`` if it could not be started (the submission's runs then go alone)."""
        ...
