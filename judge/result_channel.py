"""The worker's reading of the runner's result channel: the events it reads back, decoded into
one :class:`Report` as they stream (the request it sends and its answers are
:mod:`judge.protocol`'s).

The format is documented in ``judge/runner/__main__.py``. Everything read here came out of the
sandbox and is checked as hostile data: the nonce, the framing, each event's shape, order and
values, decoded within :data:`wire.UNTRUSTED`'s limits as the bytes arrive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from judge.errors import OutputTooLarge, ProtocolError
from judge.runner import frames, wire
from judge.runner.messages import FAILURES, Event
from judge.runner.wire import RESULT_MAGIC

# Bounds on the numbers a sandbox reports: past them a value is a lie, not a measurement.
MAX_NS = 10**15  # eleven days
MAX_BYTES = 1 << 50
MAX_COUNT = 1 << 31


@dataclasses.dataclass(frozen=True)
class Measured:
    """A case as the runner's parent saw it from outside the child: the sandbox's CPU time and
    the wall time on the case's clock, the child's peak memory, and the memory limit's events
    (times it was hit, processes it killed) while the case ran."""

    cpu_ns: int | None
    wall_ns: int
    peak_bytes: int | None
    memory_failures: int = 0
    oom_kills: int = 0


@dataclasses.dataclass
class CaseEvent:
    """What the runner says happened to one case.

    ``results`` holds one value per step that completed (``None`` for ``set``); ``digests`` holds,
    per completed step, the :func:`digests.digest` of each argument as it was after the step. When a
    step raised, ``error`` describes it and the steps after it did not run.
    """

    index: int
    results: list[Any] = dataclasses.field(default_factory=list)
    digests: list[list[str | None]] = dataclasses.field(default_factory=list)
    error: dict[str, Any] | None = None
    time_ns: int | None = None
    measured: Measured | None = None


@dataclasses.dataclass
class TimedRuns:
    """A benchmark case's timed runs: the child's claims, the outputs the runner passed on to be
    checked, and (once the case is over) the runner's own ``observed`` account: among the rest,
    which runs' outputs were checked and the hash of every run's output."""

    claimed_ns: list[int] = dataclasses.field(default_factory=list)
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
    ended: bool = False  # the parent's last word came: nothing cut the run off from outside
    need: tuple[int, int] | None = None  # the input set (case, variant) the runner asked for last


#: The events a reader's listener hears of.
NOTIFIED = frozenset({Event.START, Event.DONE, Event.CHECKPOINT, Event.NEED, Event.OBSERVED})


class ResultReader:
    """Reads the result channel as it streams, event by event, into one :class:`Report`: the
    progress, the checkpoint and the final account all come from this one reading.

    Each event is decoded once, within :data:`wire.UNTRUSTED`'s limits. The first problem (a
    wrong nonce, a malformed or oversized event, an impossible value) is kept in ``error`` and
    the rest of the channel is ignored; ``on_event`` hears of each case's start and end and of
    the checkpoint.
    """

    def __init__(
        self, nonce: str, n_cases: int, on_event: Callable[[Event, int], None] | None = None
    ) -> None:
        self.expect = RESULT_MAGIC + nonce.encode() + b"\n"
        self.n_cases = n_cases
        self.on_event = on_event
        self.report = Report()
        self.error: ProtocolError | None = None
        self.opened = False
        self.frames = frames.FrameReader()

    def feed(self, data: bytes | memoryview) -> None:
        if self.error is not None or not data:
            return
        if not self.opened:
            self.frames.buffer += data
            head = bytes(self.frames.buffer[: len(self.expect)])
            if not self.expect.startswith(head):
                self.error = ProtocolError("the result channel does not carry this run's nonce")
                return
            if len(head) < len(self.expect):
                return
            del self.frames.buffer[: len(self.expect)]
            self.opened, data = True, b""
        try:
            for message in self.frames.feed(data):
                self._apply(_decode_event(message))
        except ProtocolError as exc:
            self.error = exc

    def finish(self) -> Report:
        """The report; raises the channel's first problem. A tail cut off mid-frame (the sandbox
        was killed) is not one."""
        if self.error is not None:
            raise self.error
        return self.report

    def _apply(self, event: dict[str, Any]) -> None:
        report = self.report
        kind, case = event["event"], event.get("case")
        if case is not None and (type(case) is not int or not 0 <= case < self.n_cases):
            raise ProtocolError(f"event for case {case!r} out of range")
        if kind is Event.START:
            report.started = _required(case)
        elif kind is Event.DONE:
            if case is None or case in report.cases:
                raise ProtocolError("a case reported done twice or without its index")
            report.cases[case] = _case_event(case, event)
        elif kind is Event.MEASURED:
            done = report.cases.get(_required(case))
            if done is None or done.measured is not None:
                raise ProtocolError("a measurement of a case that is not done")
            done.measured = _measured(event)
            report.started = None
        elif kind is Event.CHECKPOINT:
            report.checkpoint = True
        elif kind is Event.NEED:
            variant = event.get("variant")
            if type(variant) is not int or not 0 < variant <= MAX_COUNT:
                raise ProtocolError("a need for an input set out of range")
            report.need = (_required(case), variant)
        elif kind in (Event.RUN, Event.OUTPUT, Event.OBSERVED):
            _timed(report.timed.setdefault(_required(case), TimedRuns()), kind, event)
        elif kind is Event.LOAD_ERROR:
            report.load_error = _load_error(event)
        elif kind in FAILURES:
            report.failure = _failure(event)
        elif kind is Event.FINISHED:
            report.finished = True
        elif kind is Event.END:
            report.ended = True
        if self.on_event is not None and kind in NOTIFIED:
            self.on_event(kind, -1 if case is None else case)


def parse_results(stdout: bytes, nonce: str, n_cases: int) -> Report:
    """Read a whole result channel at once (see :class:`ResultReader`)."""
    reader = ResultReader(nonce, n_cases)
    reader.feed(stdout)
    return reader.finish()


def _decode_event(message: bytes) -> dict[str, Any]:
    try:
        event = wire.decode(message, limits=wire.UNTRUSTED)
    except wire.TooLargeToDecode as exc:
        raise OutputTooLarge(str(exc)) from None
    except (wire.WireError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed event: {exc}") from None
    name = event.get("event") if type(event) is dict else None
    if type(name) is not str or name not in Event.__members__.values():
        raise ProtocolError("an event of unknown shape")
    event["event"] = Event(name)
    return event


def _required(case: int | None) -> int:
    if case is None:
        raise ProtocolError("an event without its case")
    return case


def _count(value: Any, limit: int, what: str, optional: bool = False) -> Any:
    """``value`` if it is a whole number in ``[0, limit]`` (or ``None`` where allowed)."""
    if value is None and optional:
        return None
    if type(value) is not int or not 0 <= value <= limit:
        raise ProtocolError(f"{what} out of range")
    return value


def _measured(event: dict[str, Any]) -> Measured:
    return Measured(
        cpu_ns=_count(event.get("cpu_ns"), MAX_NS, "a case's CPU time", optional=True),
        wall_ns=_count(event.get("wall_ns"), MAX_NS, "a case's wall time"),
        peak_bytes=_count(event.get("peak_bytes"), MAX_BYTES, "a peak memory", optional=True),
        memory_failures=_count(event.get("memory_failures", 0), MAX_COUNT, "a memory count"),
        oom_kills=_count(event.get("oom_kills", 0), MAX_COUNT, "a memory count"),
    )


def _failure(event: dict[str, Any]) -> dict[str, Any]:
    for name in ("clock", "what", "reason", "signal"):
        if type(event.get(name, "")) is not str:
            raise ProtocolError("a malformed failure report")
    exit_code = event.get("exit_code")
    if exit_code is not None and (type(exit_code) is not int or abs(exit_code) > 1 << 16):
        raise ProtocolError("an exit code out of range")
    for name in ("memory_failures", "oom_kills"):
        _count(event.get(name, 0), MAX_COUNT, "a memory count")
    for name in ("cpu_ns", "wall_ns", "kernel_ns"):
        _count(event.get(name), MAX_NS, "a time", optional=True)
    for name in ("memory_grown_bytes", "memory_limit_bytes"):
        _count(event.get(name), MAX_BYTES, "an amount of memory", optional=True)
    limit = event.get("limit_s")
    if limit is not None and (type(limit) not in (int, float) or not 0 <= limit <= 1e6):
        raise ProtocolError("a time limit out of range")
    return event


def _timed(timed: TimedRuns, kind: Event, event: dict[str, Any]) -> None:
    if timed.observed is not None:
        raise ProtocolError("a timed run reported after its case was over")
    if kind is Event.RUN:
        claimed = _count(event.get("time_ns"), MAX_NS, "a timed run's time")
        error = event.get("error")
        if not (error is None or _error_ok(error)):
            raise ProtocolError("a malformed timed run")
        timed.claimed_ns.append(claimed)
        if error is not None:
            timed.errors.append(error)
    elif kind is Event.OUTPUT:
        results, error = event.get("results", []), event.get("error")
        if type(results) is not list or not (error is None or _error_ok(error)):
            raise ProtocolError("a malformed timed output")
        timed.outputs.append(CaseEvent(-1, results=results, error=error))
    else:
        series = ("outside_ns", "claimed_ns", "checked", "variants", "prepare_ns", "output_ns")
        # Empty where the sandbox has no cgroup.
        optional = ("cpu_prepare_ns", "cpu_run_ns", "cpu_output_ns")
        if not all(_counts(event.get(name)) for name in series) or not all(
            _counts(event.get(name, [])) for name in optional
        ):
            raise ProtocolError("a malformed observation")
        _count(event.get("wall_ns"), MAX_NS, "a benchmark's wall time")
        _count(event.get("cpu_ns"), MAX_NS, "a benchmark's CPU time", optional=True)
        for name in ("memory_failures", "oom_kills"):
            _count(event.get(name, 0), MAX_COUNT, "a memory count")
        _observed_runs_agree(timed, event)
        timed.observed = event


def _observed_runs_agree(timed: TimedRuns, observed: dict[str, Any]) -> None:
    """The runner's account of a case's timed runs agrees with the runs it forwarded: one time,
    input set, preparation and output hash per run; the checked runs in order, each with the
    output it forwarded; the matched runs (their output the reference's: not forwarded) in
    order, none of them checked."""
    runs = len(timed.claimed_ns)
    digests, checked = observed.get("digests"), observed["checked"]
    matched = observed.setdefault("matched", [])
    per_run = [
        observed[name]
        for name in ("outside_ns", "claimed_ns", "variants", "prepare_ns", "output_ns")
    ]
    if (
        any(len(series) != runs for series in per_run)
        or observed["claimed_ns"] != timed.claimed_ns
        or type(digests) is not list
        or len(digests) != runs
        or not all(type(d) is str and len(d) in (0, 64) for d in digests)
        or checked != sorted(set(checked))
        or any(run >= runs for run in checked)
        or len(checked) != len(timed.outputs)
        or not _counts(matched)
        or matched != sorted(set(matched))
        or any(run >= runs for run in matched)
        or set(matched) & set(checked)
    ):
        raise ProtocolError("the timed runs observed do not match the runs reported")


def _counts(values: Any) -> bool:
    return type(values) is list and all(type(v) is int and 0 <= v <= MAX_NS for v in values)


def _error_ok(error: Any) -> bool:
    """An error report as the child writes it: every field the grading reads of the type it
    expects, so that no comparison on it can raise."""
    if type(error) is not dict or type(error.get("message")) is not str:
        return False
    line, types = error.get("line"), error.get("types", [])
    return (
        (line is None or (type(line) is int and 0 <= line <= MAX_COUNT))
        and all(type(error.get(name, "")) is str for name in ("kind", "type"))
        and type(types) is list
        and all(type(name) is str for name in types)
    )


def _load_error(event: dict[str, Any]) -> dict[str, Any]:
    if not _error_ok(event):
        raise ProtocolError("a malformed load error")
    return event


def _case_event(case: int, event: dict[str, Any]) -> CaseEvent:
    time_ns = _count(event.get("time_ns"), MAX_NS, "a case's time")
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
