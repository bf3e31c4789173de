"""A case's steps, performed on the submission's entry point: a function called, a class built
and its methods called, its attributes read or set; what each step returned, and a digest of its
inputs after it (to see them modified in place). The child runs the submission's steps with it;
the worker runs the reference's with the same code (``judge.challenges``), so both are judged on
the same semantics.
"""

from __future__ import annotations

import copy
import sys
import time
from typing import Any

from . import digests
from .errors import error_of

# Bound before the submission runs, so that monkeypatching the module does not reach it.
_clock = time.perf_counter_ns


def perform_steps(
    entry: Any, steps: list[dict[str, Any]], digests: bool = True
) -> tuple[Case, int, Any]:
    """Run the steps on fresh inputs; the time is that of the steps alone, the device's queue
    drained before and after each (for GPU work). ``digests`` fingerprints the inputs after each
    step, to see them modified in place (not in timed runs: their inputs are thrown away)."""
    state = Case(entry)
    elapsed = 0
    for step in steps:
        _synchronize()
        started = _clock()
        try:
            result = state.perform(step)
            _synchronize()
        except BaseException as exc:
            elapsed += _clock() - started
            return state, elapsed, error_of(exc)
        elapsed += _clock() - started
        state.results.append(result)
        if digests:
            inputs = [*step["args"], *step.get("kwargs", {}).values()]
            state.digests.append([_digest(value) for value in inputs])
    return state, elapsed, None


def _synchronize() -> None:
    """Wait for the GPU, if the submission uses one through PyTorch: asynchronous kernels would
    otherwise finish outside the timed call."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()


#: The result of a method that returned the constructed object itself. A submission can return
#: this string instead, and gain nothing by it: the marker only stands for "returned self".
SELF = "<the object itself>"


class Case:
    """The object a class entry point built, and what the steps have returned so far."""

    def __init__(self, entry: Any) -> None:
        self.entry = entry
        self.instance: Any = None
        self.results: list[Any] = []
        self.digests: list[list[str | None]] = []
        self.held = Held()

    def perform(self, step: dict[str, Any]) -> Any:
        op, args, kwargs = step["op"], step["args"], step.get("kwargs") or {}
        position = step.get("in_place")
        if position is not None:
            args = self.held.arguments(position, args)
        if op == "call":
            value = self.entry(*args, **kwargs)
            if isinstance(self.entry, type):
                self.instance, value = value, None  # the object stays here; it cannot travel
            return value if position is None else (value, self.held.after(position))
        if op == "method":
            value = getattr(self.instance, step["name"])(*args, **kwargs)
            if position is not None:
                return self.held.after(position)
            # A fit() that returns self, for chaining: the object cannot travel, its name can.
            return SELF if value is self.instance and value is not None else value
        if op == "get":
            missing = object()
            found = {name: getattr(self.instance, name, missing) for name in step["names"]}
            return {name: value for name, value in found.items() if value is not missing}
        for name, value in step["values"].items():
            setattr(self.instance, name, value)
        return None


class Held:
    """The arguments a case's methods update in place (an optimiser's parameters): the objects
    the first such step got, given again to every later one, as a training loop does."""

    def __init__(self) -> None:
        self.objects: dict[int, tuple[Any, list[Any] | None]] = {}

    def arguments(self, position: int, args: Any) -> list[Any]:
        args = list(args)
        if position not in self.objects:
            value = args[position]
            self.objects[position] = (value, list(value) if isinstance(value, list) else None)
        value, items = self.objects[position]
        if items is not None:
            value[:] = items  # the judge's own arrays, even where a step rebound a slot
        args[position] = value
        return args

    def after(self, position: int) -> Any:
        """A copy of the updated objects: what the judge reads back after the step."""
        value, items = self.objects[position]
        return copy.deepcopy(items if items is not None else value)


def _digest(value: Any) -> str | None:
    try:
        return digests.digest(value)
    except BaseException:  # an argument the submission replaced with something strange
        return "unreadable"
