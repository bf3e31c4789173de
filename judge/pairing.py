"""The timed runs' input sets dealt to a run, and the reference timed alongside a submission.

Each timed run of a benchmark case gets an input set of its own (:class:`Dealer`): the worker
draws the order, so the sandbox cannot know the next set, and sends each set only when the
runner asks for it. When a submission is scored (:class:`Pairing`), the reference runs in a
sandbox of its own on the same CPUs, started once the submission passed every other case, and
the two take turns (:class:`Turns`): submission run 1, reference run 1 on the same inputs,
submission run 2, ... While one runs, the other waits for its next set, doing nothing (its
runner measures its sandbox's CPU time then, to show it). Each pair ran on the same inputs,
moments apart, on the same CPUs: what the machine does meanwhile is in both.
"""

from __future__ import annotations

import collections
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from judge.challenges import Case
from judge.protocol import Step, input_set

log = logging.getLogger(__name__)

SUBMISSION, REFERENCE = "submission", "reference"
#: How long a run waits for its partner's turn before it goes on alone (a partner that failed
#: to start, or stopped, is marked over at once; this is the backstop).
PATIENCE_S = 30.0


class TimedInputs:
    """The input sets of a run's benchmark cases (by index in its suite), one per timed run, and
    each one as a case with its expected results (for checking the outputs)."""

    def __init__(
        self,
        steps: dict[int, list[list[Step]]] | None = None,
        expected: dict[int, list[tuple[Case, Any]]] | None = None,
    ) -> None:
        self.steps = steps or {}
        self.expected = expected or {}


class Turns:
    """Two runs (``submission`` and ``reference``) taking turns at their timed runs: a run that
    asks for its next set has finished its last run, and waits until the other has had a turn,
    unless the other is over."""

    def __init__(self, patience_s: float = PATIENCE_S) -> None:
        self.patience_s = patience_s
        self._changed = threading.Condition()
        self._owner: str | None = None
        self._last: str | None = None
        self._over: set[str] = set()

    def take(self, side: str) -> None:
        other = REFERENCE if side == SUBMISSION else SUBMISSION
        deadline = time.monotonic() + self.patience_s
        with self._changed:
            self._release(side)
            while other not in self._over and (
                self._owner not in (None, side) or self._last == side
            ):
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("the %s did not take its turn: the %s goes on", other, side)
                    break
                self._changed.wait(left)
            self._owner = side

    def done(self, side: str) -> None:
        with self._changed:
            self._release(side)
            self._over.add(side)
            self._changed.notify_all()

    def _release(self, side: str) -> None:
        if self._owner == side:
            self._owner, self._last = None, side
            self._changed.notify_all()


class Orders:
    """The order of each benchmark case's input sets (by case name), drawn once by the worker
    (never in the sandbox) and shared by a submission and its reference."""

    def __init__(self) -> None:
        self._random = random.SystemRandom()
        self._orders: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def of(self, name: str, count: int) -> list[int]:
        with self._lock:
            if name not in self._orders:
                order = list(range(1, count + 1))
                self._random.shuffle(order)
                self._orders[name] = order
            return self._orders[name]


class Dealer:
    """Deals one run's timed runs their input sets: made at the go-ahead (``make``), dealt in
    the shared order, one set per ``need``, taking turns with a partner if there is one."""

    def __init__(
        self,
        make: Callable[[], TimedInputs],
        names: list[str],
        orders: Orders | None = None,
        turns: Turns | None = None,
        side: str = SUBMISSION,
        on_go: Callable[[], None] = lambda: None,
    ) -> None:
        self.make, self.names = make, names
        self.orders = orders or Orders()
        self.turns, self.side, self.on_go = turns, side, on_go
        self.inputs = TimedInputs()
        self._dealt: collections.Counter[int] = collections.Counter()

    def go(self) -> int:
        """The sets made (raises if they cannot be): how many each case may have at most."""
        self.inputs = self.make()
        self.on_go()
        return min((len(sets) for sets in self.inputs.steps.values()), default=0)

    def next(self, case: int) -> bytes:
        """The next set of ``case`` (``SET``), or ``END``: there is none."""
        sets = self.inputs.steps.get(case, [])
        order = self.orders.of(self.names[case], len(sets)) if 0 <= case < len(self.names) else []
        dealt = self._dealt[case]
        if dealt >= len(order) or order[dealt] > len(sets):
            self.over()
            return b"END\n"
        if self.turns is not None:
            self.turns.take(self.side)
        self._dealt[case] += 1
        variant = order[dealt]
        return input_set(case, variant, sets[variant - 1])

    def over(self) -> None:
        """This run will ask for nothing more: its partner need not wait for it."""
        if self.turns is not None:
            self.turns.done(self.side)


#: Makes a run's dealer from its input sets' maker and its cases' names.
DealerOf = Callable[[Callable[[], TimedInputs], list[str]], Dealer]


class Pairing:
    """A submission and its reference, timed together: ``start`` (at the submission's go-ahead)
    runs the reference in a thread, through ``run_reference`` with its own dealer; ``finish``
    (once the submission's run is over) waits for it and gives its judgement, or ``None`` if it
    never started (the submission did not reach its benchmark)."""

    def __init__(self, run_reference: Callable[[DealerOf], Any]) -> None:
        self.run_reference = run_reference
        self.orders, self.turns = Orders(), Turns()
        self._thread: threading.Thread | None = None
        self._result: Any = None
        self._error: BaseException | None = None

    def dealer(self, make: Callable[[], TimedInputs], names: list[str]) -> Dealer:
        """The submission's dealer: its go-ahead starts the reference."""
        return Dealer(make, names, self.orders, self.turns, SUBMISSION, on_go=self.start)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="judge-reference", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self.run_reference(self._reference_dealer)
        except BaseException as exc:  # given to the caller of finish
            self._error = exc
        finally:
            self.turns.done(REFERENCE)

    def _reference_dealer(self, make: Callable[[], TimedInputs], names: list[str]) -> Dealer:
        return Dealer(make, names, self.orders, self.turns, REFERENCE)

    def finish(self, timeout_s: float) -> Any:
        self.turns.done(SUBMISSION)
        if self._thread is None:
            return None
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            raise TimeoutError(f"the reference's run did not end within {timeout_s:.0f} s")
        if self._error is not None:
            raise self._error
        return self._result
