"""The worker's side of the runner protocol, what it says: the request it sends (the submission
and the steps of its cases) and its answers as the run goes (the go-ahead or the stop at the
checkpoint, each timed run's input set). What the runner says back is read by
:mod:`judge.result_channel`.

The format is documented in ``judge/runner/__main__.py``.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import Any

from judge.runner import frames, wire
from judge.runner.messages import LOAD_TIMEOUT_S, Answer
from judge.runner.wire import REQUEST_MAGIC

__all__ = ["Answer"]

#: The worker's answer at the checkpoint that skips the benchmark.
STOP = Answer.STOP.line()
#: The worker's answer to a ``need`` for an input set it does not have: the case's runs end.
NO_MORE_SETS = Answer.END.line()


@dataclasses.dataclass(frozen=True)
class Entry:
    """What the submission must define: a function, or a class, of this name."""

    name: str
    kind: str = "function"  # or "class"


STEP_OPS = ("call", "method", "get", "set")


@dataclasses.dataclass(frozen=True)
class Step:
    """One action of a case, run in order on the submission's entry point.

    ``call`` calls the entry point (for a class: constructs the object the later steps use),
    ``method`` calls one of that object's methods, ``get`` reads attributes and ``set`` assigns
    them. ``raises`` names the exception the step must raise; such a step ends its case.

    ``in_place`` names the argument a method or a call updates in place, as an optimiser's
    ``step(params, grads)`` updates ``params``: a method's result is then a copy of that argument
    after the call (what it returned is ignored), a call's the pair ``(what it returned, that
    copy)`` (``clip_grad_norm(grads, max_norm)`` scales ``grads`` and returns their norm); every
    later step of the case with the same ``in_place`` gets the very objects the first one got (its
    own value there is ignored, so cases pass ``None``).

    A method that returns the constructed object itself (a ``fit`` that returns ``self``, for
    chaining) has the result :data:`judge.runner.steps.SELF`: the object cannot travel.
    """

    op: str
    args: tuple[Any, ...] = ()
    name: str = ""  # the method's name
    names: tuple[str, ...] = ()  # the attributes ``get`` reads
    values: tuple[tuple[str, Any], ...] = ()  # the attributes ``set`` assigns
    raises: str = ""
    in_place: int | None = None  # the argument a method or a call updates in place
    kwargs: tuple[tuple[str, Any], ...] = ()  # keyword arguments of a call or method

    def __post_init__(self) -> None:
        if self.op not in STEP_OPS:
            raise ValueError(f"unknown step {self.op!r}; one of {STEP_OPS}")
        if self.in_place is not None and (
            self.op not in ("call", "method") or not 0 <= self.in_place < len(self.args)
        ):
            raise ValueError("in_place names one of a call's or a method's arguments")
        if self.kwargs and self.op not in ("call", "method"):
            raise ValueError("only a call or a method takes keyword arguments")

    @property
    def has_output(self) -> bool:
        return self.op in ("call", "method", "get")

    def describe(self) -> str:
        """How the step reads in a message to the candidate, without its inputs' values."""
        if self.op == "call":
            return "the call"
        if self.op == "method":
            return f".{self.name}(...)"
        if self.op == "get":
            return f"the attributes {', '.join(self.names)}"
        return f"setting {', '.join(n for n, _ in self.values)}"

    def to_wire(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "args": tuple(self.args),
            "name": self.name,
            "names": list(self.names),
            "values": dict(self.values),
            "in_place": self.in_place,
            "kwargs": dict(self.kwargs),
        }

    def inputs(self) -> list[Any]:
        """The arguments, then the keyword arguments' values: what must be left unchanged."""
        return [*self.args, *(value for _, value in self.kwargs)]

    def input_names(self) -> list[str]:
        """How each of :meth:`inputs` is named in a message: ``argument 2``, ``keyword argument
        shuffle``."""
        return [f"argument {i}" for i in range(1, len(self.args) + 1)] + [
            f"keyword argument {name}" for name, _ in self.kwargs
        ]


@dataclasses.dataclass(frozen=True)
class Job:
    """One run of the runner: the submission and the steps of the cases, nothing else."""

    source: str
    entry: Entry
    cases: list[list[Step]]
    case_time_limits_s: list[float]
    output_limit_bytes: int
    load_timeout_s: float = LOAD_TIMEOUT_S
    # How much of what the submission prints the runner keeps for the log.
    log_bytes: int = 64 * 1024
    # Top-level packages the submission may not import (checked again at run time, see child).
    banned_imports: tuple[str, ...] = ()
    # The benchmark cases: held back by the runner until the worker's go-ahead, then timed.
    benchmarks: frozenset[int] = frozenset()
    # How they are timed: budget_s, min_runs, max_runs, rse (see the runner).
    bench_plan: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The package's harness (``harness.py``): what the steps call is ``bind(entry)``.
    harness: str = ""


def new_nonce() -> str:
    return secrets.token_hex(16)


def build_request(job: Job, nonce: str) -> bytes:
    payload = wire.encode(
        {
            "source": job.source,
            "entry": {"name": job.entry.name, "kind": job.entry.kind},
            "output_limit_bytes": job.output_limit_bytes,
            "banned": list(job.banned_imports),
            "harness": job.harness,
        }
    )
    # Every case's inputs, held by the runner's parent until the case's clock starts.
    cases = b"".join(_case_frame(i, steps) for i, steps in enumerate(job.cases))
    control = {
        "case_time_limits_s": job.case_time_limits_s,
        "output_limit_bytes": job.output_limit_bytes,
        "log_bytes": job.log_bytes,
        "load_timeout_s": job.load_timeout_s,
        "job_bytes": len(payload),
        "cases_bytes": len(cases),
        "benchmarks": sorted(job.benchmarks),
        "bench": job.bench_plan,
    }
    head = REQUEST_MAGIC + nonce.encode() + b"\n" + json.dumps(control).encode() + b"\n"
    return head + payload + cases


def go_ahead(sets: int, orders: dict[int, list[int]] | None = None) -> bytes:
    """The worker's answer at the checkpoint that times the benchmark: ``GO``, with how many
    input sets each benchmark case has for its timed runs (1, 2, ...; 0 is the case's own), and,
    for a case in ``orders``, the order to run them in (``<case>:<set>,<set>,...``; else the
    runner draws one)."""
    given = [
        b"%d:%s" % (case, b",".join(b"%d" % v for v in order))
        for case, order in sorted((orders or {}).items())
        if order
    ]
    return Answer.GO.line(b"%d" % sets, *given)


def input_set(case: int, variant: int, steps: list[Step], known: str = "") -> bytes:
    """The worker's answer to the runner's ``need``: one input set, for one timed run; with
    ``known``, the hash of the reference's output on it (the runner's ``results_digest``), which
    a run's output may match instead of being sent to be checked."""
    parts = wire.encode_parts(
        {"case": case, "variant": variant, "steps": [step.to_wire() for step in steps]}
    )
    hashed = [known.encode()] if known else []
    size = sum(len(part) for part in parts)
    return b"".join([Answer.SET.line(b"%d" % size, *hashed), *parts])  # one copy of the set


def _case_frame(case: int, steps: list[Step]) -> bytes:
    return frames.frame(wire.encode({"case": case, "steps": [step.to_wire() for step in steps]}))
