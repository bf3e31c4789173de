"""The runner's child: loads the submission and runs each case's steps on its entry point.

Started by the parent as a fresh interpreter (``python -I -m ...child FD``) so that nothing of the
parent's (the nonce, the result descriptor) is in its memory. Reads the job from stdin, writes
events as frames on descriptor FD. The submission runs in this process and can tamper with
anything here; the worker therefore treats every event as a claim to be checked, never a verdict.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import linecache
import os
import sys
import types
from typing import Any

import numpy  # noqa: F401  loaded before the submission, as the runner's own import

from . import frames, heap, wire
from .errors import SOURCE_NAME, BannedImport, describe, kind_of, output_error
from .messages import Command, ErrorKind, Event
from .steps import Case, perform_steps

# The image's framework too (PyTorch takes a second of CPU to import): in a warm sandbox, done
# before the job comes. Outside the torch image (``judge test``), the job's harness imports it.
if os.environ.get("RUNNER_FRAMEWORK") == "torch":
    with contextlib.suppress(ImportError):
        import torch  # noqa: F401


# Bound before the submission runs, so that monkeypatching the modules does not reach it (nor
# ``os.writev``, bound by ``frames.write_frame`` as it is defined).
_exit = os._exit


class ImportGuard(importlib.abc.MetaPathFinder):
    """First on ``sys.meta_path``: refuses the banned top-level packages, however the import is
    written (``import``, ``__import__``, ``importlib``, ``exec``), installed or not.

    A fairness rule, not a security boundary: the submission runs in this process and can remove
    the guard. What it gains by that is at most a module the image happens to have installed.
    """

    def __init__(self, banned: list[str]) -> None:
        self.banned = frozenset(banned)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in self.banned:
            raise BannedImport(f"importing {name!r} is not allowed in this challenge", name=name)
        return None


class Events:
    """Frames on the descriptor the parent passed."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, event: dict[str, Any], max_bytes: int | None = None) -> None:
        # Within the limits the worker reads with: a result it would refuse is refused here,
        # with the reason, as the case's own error.
        frames.write_frame(self.fd, wire.encode_parts(event, max_bytes, limits=wire.UNTRUSTED))


def main(argv: list[str]) -> None:
    heap.reuse_freed()
    _volunteer_for_oom_killer()
    _die_with_the_parent()
    events = Events(int(argv[1]))
    commands = Commands(sys.stdin.buffer)
    commands.next()  # the job: waits here, NumPy loaded, until it comes
    job = wire.decode(commands.payload(), limits=wire.REQUEST)
    if job.get("banned"):
        sys.meta_path.insert(0, ImportGuard(job["banned"]))
    entry = load_entry(job["source"], job["entry"], events)
    if entry is not None and job.get("harness"):
        entry = load_harness(job["harness"], entry, events)
    if entry is not None:
        events.send({"event": Event.LOADED.value})
        # Each case's inputs come with the command that starts its clock, one case at a time.
        while (command := commands.next()) in (Command.CASE.value, Command.BENCHMARK.value):
            # Never bound here: the case's inputs are gone once it has run, and a benchmark
            # case's timed runs hold their own alone (as much memory as its first run needed).
            run_case(entry, *_decoded(commands.payload()), job, events)
            if command == Command.BENCHMARK.value:
                timed_runs(entry, job, events, commands)
        # What the submission printed reaches the log before the parent, told the run is
        # over, stops waiting for this process.
        _flush()
        events.send({"event": Event.FINISHED.value})
    _flush()
    _exit(0)  # handlers the submission registered with atexit do not run


def _decoded(message: bytes) -> tuple[int, list[Any]]:
    """A case's index and its steps, their inputs decoded into arrays of their own. The message,
    and every view into it, is let go on return: while the submission runs, this process holds
    its inputs once, not twice (its memory is what the limit counts)."""
    tree, blobs = wire.split(message, limits=wire.REQUEST)
    return tree["$map"]["case"], _steps(tree["$map"]["steps"], blobs)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the submission may have replaced or closed it
            stream.flush()


class Commands:
    """What the runner's parent says on stdin: one command per line, some with a payload."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def next(self) -> bytes:
        return self.stream.readline(64).strip()  # b"" at the end of input: stop

    def payload(self) -> bytes:
        size = int(self.stream.readline(64))
        data = self.stream.read(size)
        if len(data) != size:
            _exit(3)
        return data


def timed_runs(entry: Any, job: dict[str, Any], events: Events, commands: Commands) -> None:
    """A benchmark case's timed runs, once it has run as an ordinary case (the warm-up): each
    on a set of inputs the parent sends just before it (``p``), never seen before. The child
    decodes and copies them, says it is ready, and on ``r`` runs the steps, reports the run (its
    time, or its error) and sends its output at once, unasked. The parent holds the run's output
    from then on: it commits to it (a hash of the very bytes) and chooses, at random, whether the
    worker checks it; nothing this process does afterwards can change it. Then the next set, or
    the end (``e``).
    """
    index, inputs = -1, None
    while (command := commands.next()) in (Command.PREPARE.value, Command.RUN.value):
        if command == Command.PREPARE.value:
            index, inputs = _decoded(commands.payload())
            events.send({"event": Event.READY.value, "case": index})
        elif inputs is not None:
            state, elapsed, error = perform_steps(entry, inputs, digests=False)
            # Used: the next run's inputs come with the next set.
            inputs = None
            run = {"event": Event.RUN.value, "case": index, "time_ns": elapsed}
            events.send(run if error is None else {**run, "error": error})
            if error is None:
                send_output(events, index, state, job)
            del state


def _steps(step_trees: list[Any], blobs: list[Any]) -> list[Any]:
    return [wire.from_tree(tree, blobs, limits=wire.REQUEST) for tree in step_trees]


def send_output(events: Events, index: int, state: Case, job: dict[str, Any]) -> None:
    output = {"event": Event.OUTPUT.value, "case": index}
    try:
        events.send({**output, "results": state.results}, max_bytes=job["output_limit_bytes"])
    except BaseException as exc:  # too large, unsupported, or a hostile __array__
        events.send({**output, "error": output_error(exc)})


def _die_with_the_parent() -> None:
    """PR_SET_PDEATHSIG: outside a container (``judge test``), when the runner's parent is
    killed this process is too, rather than spin on as an orphan. (In a sandbox, the parent is
    PID 1: its end is the end of every process in it.)"""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:  # not Linux: the candidate's own machine, where it only saves a kill
        pass


def _volunteer_for_oom_killer() -> None:
    # When the sandbox runs out of memory the kernel should take this process, not the parent.
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass


def load_entry(source: str, entry: dict[str, Any], events: Events) -> Any:
    """The submission's entry point, or ``None`` after reporting why it cannot be had."""
    try:
        code = compile(source, SOURCE_NAME, "exec")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        events.send(_load_error(ErrorKind.SYNTAX, f"{type(exc).__name__}: {exc}", line))
        return None
    _readable(SOURCE_NAME, source)
    module = types.ModuleType("solution")
    module.__file__ = SOURCE_NAME
    sys.modules["solution"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:
        kind = kind_of(exc)
        events.send(_load_error(kind, *describe(exc, bare=kind is ErrorKind.BANNED)))
        return None
    target = module.__dict__.get(entry["name"])
    if target is None:
        events.send(
            _load_error(ErrorKind.ENTRY_MISSING, f"no {entry['kind']} named {entry['name']!r}")
        )
        return None
    wanted = isinstance(target, type) if entry["kind"] == "class" else callable(target)
    if not wanted:
        message = f"{entry['name']!r} is a {type(target).__name__}, not a {entry['kind']}"
        events.send(_load_error(ErrorKind.ENTRY_NOT_CALLABLE, message))
        return None
    return target


HARNESS_NAME = "harness.py"


def load_harness(source: str, entry: Any, events: Events) -> Any:
    """What the steps call: the package's harness (``bind(entry)``) around the entry point, for
    what cannot travel (a ``torch.nn.Module`` the submission builds is driven there, and only
    arrays and numbers come back). It runs in this process, the submission's: what it reports
    is a claim, checked by the worker like any other. ``None`` after reporting why it failed."""
    _readable(HARNESS_NAME, source)
    module = types.ModuleType("judge_harness")
    module.__file__ = HARNESS_NAME
    try:
        exec(compile(source, HARNESS_NAME, "exec"), module.__dict__)
        return module.bind(entry)
    except BaseException as exc:  # the framework missing, or an entry point it cannot use
        kind = kind_of(exc)
        events.send(_load_error(kind, *describe(exc, bare=kind is ErrorKind.BANNED)))
        return None


def _readable(name: str, source: str) -> None:
    """The source where ``inspect.getsource`` looks for it (``linecache``): no file of that name
    exists in the sandbox, and ``torch.jit.script`` compiles a class from its source. (No
    modification time: ``linecache.checkcache`` then keeps it.)"""
    linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)


def _load_error(kind: ErrorKind, message: str, line: int | None = None) -> dict[str, Any]:
    return {
        "event": Event.LOAD_ERROR.value,
        "case": None,
        "kind": kind.value,
        "message": message,
        "line": line,
    }


def run_case(entry: Any, index: int, steps: list[Any], job: dict[str, Any], events: Events) -> None:
    """Run one case's steps in order and report their results, or the first step's error."""
    state, elapsed, error = perform_steps(entry, steps)
    done = {"event": Event.DONE.value, "case": index, "time_ns": elapsed, "digests": state.digests}
    if error is None or error["kind"] == ErrorKind.EXCEPTION:
        try:
            report = {**done, "results": state.results}
            if error is not None:
                report["error"] = error
            events.send(report, max_bytes=job["output_limit_bytes"])
            return
        except BaseException as exc:  # too large, unsupported, or a hostile __array__
            error = output_error(exc)
    events.send({**done, "digests": [], "error": error})


if __name__ == "__main__":
    main(sys.argv)
