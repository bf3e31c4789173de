"""The worker's side of the runner protocol: the request it sends and the events it reads back.

The format is documented in ``judge/runner/__main__.py``. Everything read here came out of the
sandbox and is checked as hostile data: the nonce, the framing, each event's shape and order.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Callable
from typing import Any

from judge.errors import ProtocolError
from judge.runner import wire
from judge.runner.wire import CHILD_EVENTS, REQUEST_MAGIC, RESULT_MAGIC, RUNNER_EVENTS


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
    """

    op: str
    args: tuple[Any, ...] = ()
    name: str = ""  # the method's name
    names: tuple[str, ...] = ()  # the attributes ``get`` reads
    values: tuple[tuple[str, Any], ...] = ()  # the attributes ``set`` assigns
    raises: str = ""

    def __post_init__(self) -> None:
        if self.op not in STEP_OPS:
            raise ValueError(f"unknown step {self.op!r}; one of {STEP_OPS}")

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
        }


@dataclasses.dataclass(frozen=True)
class Job:
    """One run of the runner: the submission and the steps of the cases, nothing else."""

    source: str
    entry: Entry
    cases: list[list[Step]]
    case_time_limits_s: list[float]
    output_limit_bytes: int
    load_timeout_s: float = 10.0
    # Top-level packages the submission may not import (checked again at run time, see child).
    banned_imports: tuple[str, ...] = ()
    # The benchmark cases: held back by the runner until the worker's go-ahead, then timed.
    benchmarks: frozenset[int] = frozenset()
    # How they are timed: budget_s, min_runs, max_runs, rse, checked_runs (see the runner).
    bench_plan: dict[str, Any] = dataclasses.field(default_factory=dict)


def new_nonce() -> str:
    return secrets.token_hex(16)


def build_request(job: Job, nonce: str) -> bytes:
    def steps(index: int) -> list[dict[str, Any]]:
        return [step.to_wire() for step in job.cases[index]]

    payload = wire.encode(
        {
            "source": job.source,
            "entry": {"name": job.entry.name, "kind": job.entry.kind},
            "output_limit_bytes": job.output_limit_bytes,
            "banned": list(job.banned_imports),
            "cases": [None if i in job.benchmarks else steps(i) for i in range(len(job.cases))],
        }
    )
    held = b"".join(
        wire.frame(wire.encode({"case": i, "steps": steps(i)})) for i in sorted(job.benchmarks)
    )
    control = {
        "case_time_limits_s": job.case_time_limits_s,
        "output_limit_bytes": job.output_limit_bytes,
        "load_timeout_s": job.load_timeout_s,
        "job_bytes": len(payload),
        "bench_bytes": len(held),
        "bench": job.bench_plan,
    }
    head = REQUEST_MAGIC + nonce.encode() + b"\n" + json.dumps(control).encode() + b"\n"
    return head + payload + held


#: The worker's answers at the checkpoint: time the benchmark cases, or skip them.
GO, STOP = b"GO\n", b"STOP\n"


@dataclasses.dataclass
class CaseEvent:
    """What the runner says happened to one case.

    ``results`` holds one value per step that completed (``None`` for ``set``); ``digests`` holds,
    per completed step, the :func:`wire.digest` of each argument as it was after the step. When a
    step raised, ``error`` describes it and the steps after it did not run.
    """

    index: int
    results: list[Any] = dataclasses.field(default_factory=list)
    digests: list[list[str | None]] = dataclasses.field(default_factory=list)
    error: dict[str, Any] | None = None
    time_ns: int | None = None


@dataclasses.dataclass
class TimedRuns:
    """A benchmark case's timed runs: the child's claims, the outputs the runner passed on to be
    checked, and (once the case is over) the runner's own ``observed`` account."""

    claimed_ns: list[int] = dataclasses.field(default_factory=list)
    fingerprints: list[str] = dataclasses.field(default_factory=list)  # one per run, claimed
    errors: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    outputs: list[CaseEvent] = dataclasses.field(default_factory=list)
    observed: dict[str, Any] | None = None


@dataclasses.dataclass
class Report:
    """The runner's account of a run, as far as it got."""

    cases: dict[int, CaseEvent] = dataclasses.field(default_factory=dict)
    timed: dict[int, TimedRuns] = dataclasses.field(default_factory=dict)
    checkpoint: bool = False
    started: int | None = None  # the case in flight when the run stopped, if any
    load_error: dict[str, Any] | None = None
    failure: dict[str, Any] | None = None  # timeout, crashed, output_limit, garbage
    finished: bool = False
    ended: bool = False


class LiveEvents:
    """Follows the result channel while it streams and reports each case's start and end.

    For progress only: it reads just each event's header and skips the outputs' bytes, and the
    authoritative reading is :func:`parse_results` on the whole channel afterwards.
    """

    def __init__(self, nonce: str, on_event: Callable[[str, int], None]) -> None:
        self.expect = RESULT_MAGIC + nonce.encode() + b"\n"
        self.on_event = on_event
        self.buffer = bytearray()
        self.skip = 0
        self.opened = self.broken = False

    def feed(self, data: bytes) -> None:
        if self.broken:
            return
        view = memoryview(data)
        if self.skip:
            dropped = min(self.skip, len(view))
            self.skip -= dropped
            view = view[dropped:]
        self.buffer += view
        if not self.opened:
            if len(self.buffer) < len(self.expect):
                return
            if not self.buffer.startswith(self.expect):
                self.broken = True
                return
            del self.buffer[: len(self.expect)]
            self.opened = True
        while self._next_event():
            pass

    def _next_event(self) -> bool:
        # frame: u32 size, then the message: MAGIC, u32 header length, header JSON, blobs.
        lead = 4 + len(wire.MAGIC) + 4
        if len(self.buffer) < lead:
            return False
        size = int.from_bytes(self.buffer[:4], "big")
        header_len = int.from_bytes(self.buffer[lead - 4 : lead], "big")
        if header_len > size or len(self.buffer) < lead + header_len:
            self.broken = header_len > size
            return False
        try:
            body = json.loads(bytes(self.buffer[lead : lead + header_len]))["$map"]
            event, case = body["event"], body.get("case")
        except (ValueError, RecursionError, KeyError, TypeError):
            self.broken = True
            return False
        rest = 4 + size - lead - header_len
        del self.buffer[: lead + header_len]
        self.skip = max(0, rest - len(self.buffer))
        del self.buffer[:rest]
        if event in ("start", "done") and type(case) is int:
            self.on_event(event, case)
        elif event == "checkpoint":
            self.on_event(event, -1)
        return True


def parse_results(stdout: bytes, nonce: str, n_cases: int) -> Report:
    """Read the result channel; a truncated tail (the sandbox was killed) is not an error."""
    report = Report()
    if not stdout:
        return report
    header = RESULT_MAGIC + nonce.encode() + b"\n"
    if not stdout.startswith(header):
        raise ProtocolError("the result channel does not carry this run's nonce")
    view = memoryview(stdout)[len(header) :]
    while len(view) >= 4:
        size = int.from_bytes(view[:4], "big")
        if len(view) < 4 + size:
            break  # cut off mid-frame by a kill
        _apply(report, _decode_event(view[4 : 4 + size]), n_cases)
        view = view[4 + size :]
    return report


def _decode_event(message: memoryview) -> dict[str, Any]:
    try:
        event = wire.decode(message)
    except (wire.WireError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed event: {exc}") from None
    name = event.get("event") if type(event) is dict else None
    if type(name) is not str or name not in RUNNER_EVENTS | CHILD_EVENTS:
        raise ProtocolError("an event of unknown shape")
    return event


def _apply(report: Report, event: dict[str, Any], n_cases: int) -> None:
    kind, case = event["event"], event.get("case")
    if case is not None and (type(case) is not int or not 0 <= case < n_cases):
        raise ProtocolError(f"event for case {case!r} out of range")
    if kind == "start":
        report.started = case
    elif kind == "done":
        if case is None or case in report.cases:
            raise ProtocolError("a case reported done twice or without its index")
        report.cases[case] = _case_event(case, event)
        report.started = None
    elif kind == "checkpoint":
        report.checkpoint = True
    elif kind in ("run", "output", "observed"):
        _timed(report.timed.setdefault(_required(case), TimedRuns()), kind, event)
    elif kind == "load_error":
        report.load_error = event
    elif kind in ("timeout", "crashed", "output_limit", "garbage"):
        report.failure = event
    elif kind == "finished":
        report.finished = True
    elif kind == "end":
        report.ended = True


def _required(case: int | None) -> int:
    if case is None:
        raise ProtocolError("a benchmark event without its case")
    return case


def _timed(timed: TimedRuns, kind: str, event: dict[str, Any]) -> None:
    if timed.observed is not None:
        raise ProtocolError("a timed run reported after its case was over")
    if kind == "run":
        claimed, error = event.get("time_ns"), event.get("error")
        fingerprint = event.get("fingerprint")
        if type(claimed) is not int or claimed < 0 or not (error is None or _error_ok(error)):
            raise ProtocolError("a malformed timed run")
        if type(fingerprint) is not str or len(fingerprint) > 64:
            raise ProtocolError("a timed run without the fingerprint of its output")
        timed.claimed_ns.append(claimed)
        timed.fingerprints.append(fingerprint)
        if error is not None:
            timed.errors.append(error)
    elif kind == "output":
        results, error = event.get("results", []), event.get("error")
        if type(results) is not list or not (error is None or _error_ok(error)):
            raise ProtocolError("a malformed timed output")
        timed.outputs.append(CaseEvent(-1, results=results, error=error))
    else:
        series = ("outside_ns", "claimed_ns", "checked")
        if not all(_ints(event.get(name)) for name in series):
            raise ProtocolError("a malformed observation")
        timed.observed = event


def _ints(values: Any) -> bool:
    return type(values) is list and all(type(v) is int and v >= 0 for v in values)


def _error_ok(error: Any) -> bool:
    return type(error) is dict and type(error.get("message")) is str


def _case_event(case: int, event: dict[str, Any]) -> CaseEvent:
    time_ns = event.get("time_ns")
    if type(time_ns) is not int or time_ns < 0:
        raise ProtocolError("a case's time is missing or negative")
    error = event.get("error")
    if error is not None and not _error_ok(error):
        raise ProtocolError("a malformed error report")
    results, digests = event.get("results", []), event.get("digests", [])
    if type(results) is not list or not _digest_lists(digests) or len(digests) != len(results):
        raise ProtocolError("a case's results are malformed")
    return CaseEvent(case, results=results, digests=digests, error=error, time_ns=time_ns)


def _digest_lists(digests: Any) -> bool:
    return type(digests) is list and all(
        type(d) is list and all(x is None or type(x) is str for x in d) for d in digests
    )
