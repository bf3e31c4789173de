"""How a failure reads: the verdict, and the candidate's message, for what the runner reported of
a case that did not end well: a step's error (:func:`case_error`), the submission's failure to
load (:func:`load_error`), the runner's parent's failure (:func:`runner_failure`: a clock that ran
out, an output too large, a crash, a garbled result channel). What a message quotes came out of
the sandbox: it is clipped.
"""

from __future__ import annotations

from typing import Any

from judge.runner.messages import WALL_BACKSTOP, ErrorKind, Event
from judge.sandbox import SandboxRun
from judge.verdicts import Verdict

#: A case's (or its timed runs') process killed by the memory limit, by the sandbox's own record.
KILLED_IN_THE_CASE = "a process of the submission was killed by the memory limit during the case"


# The kinds of error the child reports for a step, as verdicts, with how the message reads
# ("{message}" and "{where}", the line of the submission's own code). Anything else is an
# exception of the submission's: a runtime error.
CASE_ERRORS: dict[str, tuple[Verdict, str]] = {
    ErrorKind.MEMORY: (Verdict.MEMORY_LIMIT_EXCEEDED, "{message}{where}"),
    ErrorKind.BANNED: (Verdict.INVALID_SUBMISSION, "{message}{where}"),
    ErrorKind.OUTPUT_LIMIT: (Verdict.OUTPUT_LIMIT_EXCEEDED, "the output is too large: {message}"),
    ErrorKind.UNSUPPORTED_OUTPUT: (
        Verdict.WRONG_ANSWER,
        "the output cannot be checked: it is {message}",
    ),
}
EXCEPTION = (Verdict.RUNTIME_ERROR, "{message}{where}")
#: Load errors that make the source no submission at all.
NOT_LOADABLE = frozenset(
    {ErrorKind.SYNTAX, ErrorKind.ENTRY_MISSING, ErrorKind.ENTRY_NOT_CALLABLE, ErrorKind.BANNED}
)


def case_error(error: dict[str, Any]) -> tuple[Verdict, str]:
    verdict, text = CASE_ERRORS.get(str(error.get("kind")), EXCEPTION)
    message, where = clip(error.get("message", "")), at_line(error.get("line"))
    return verdict, text.format(message=message, where=where)


def runner_failure(failure: dict[str, Any]) -> tuple[Verdict, str]:
    kind = failure.get("event")
    if failure.get("oom_kills"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, "killed by the memory limit"
    if kind == Event.TIMEOUT:
        return _timeout(failure)
    if kind == Event.OUTPUT_LIMIT:
        if failure.get("what") == "printed":
            return Verdict.OUTPUT_LIMIT_EXCEEDED, PRINTED_TOO_MUCH
        reason = failure.get("reason")
        detail = f": {clip(reason, 300)}" if isinstance(reason, str) else ""
        return Verdict.OUTPUT_LIMIT_EXCEEDED, f"the output is too large{detail}"
    if kind == Event.CRASHED:
        signal_name, code = failure.get("signal"), failure.get("exit_code")
        if isinstance(signal_name, str):
            return Verdict.RUNTIME_ERROR, f"the process was killed by {signal_name[:20]}"
        return Verdict.RUNTIME_ERROR, f"the process exited (code {code}) before returning"
    reason = failure.get("reason")
    detail = f" ({clip(reason, 300)})" if isinstance(reason, str) else ""
    return (
        Verdict.RUNTIME_ERROR,
        f"the submission interfered with the judge's result channel{detail}",
    )


PRINTED_TOO_MUCH = "printed more than the output limit allows (stdout and stderr count against it)"


def _timeout(failure: dict[str, Any]) -> tuple[Verdict, str]:
    """A clock ran out: on CPU time, or at the wall-clock backstop. A case that hit its memory
    limit meanwhile was slowed by it (the kernel reclaiming what it could): that is the cause."""
    limit = failure.get("limit_s")
    if failure.get("memory_failures"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, (
            f"reached the memory limit and did not finish within the time limit of {limit} s"
        )
    taking = _taking_memory(failure)
    if taking:
        return Verdict.MEMORY_LIMIT_EXCEEDED, (
            f"{taking}, and did not finish within the time limit of {limit} s"
        )
    if failure.get("clock") == "wall":
        return Verdict.TIME_LIMIT_EXCEEDED, (
            f"exceeded the time limit of {limit} s: {WALL_BACKSTOP:g} times that in wall-clock "
            "time passed (waiting or sleeping counts there)"
        )
    return Verdict.TIME_LIMIT_EXCEEDED, f"exceeded the time limit of {limit} s of CPU time"


FIGURES = ("memory_grown_bytes", "memory_limit_bytes", "kernel_ns", "cpu_ns")


def _taking_memory(failure: dict[str, Any]) -> str:
    """Why a case that ran out of time is a memory verdict, or ``""``: it took a quarter of its
    memory limit or more, and most of its CPU time was the kernel's, giving it that memory. On a
    virtual machine whose host hands it memory only when first touched, that can cost ten
    seconds a gigabyte, and a memory bomb runs out of time long before it reaches the limit it
    would have reached on bare metal; a slow computation spends its time in its own code."""
    figures = [failure.get(name) for name in FIGURES]
    # Only where the CPU clock ran out: a case stopped by the wall clock was waiting, and its
    # little CPU time says nothing of memory.
    if failure.get("clock") != "cpu" or not all(type(v) is int for v in figures):
        return ""  # (a bool is no figure)
    grown, limit, kernel, cpu = (v for v in figures if isinstance(v, int))
    if not limit or not cpu or grown * 4 < limit or kernel * 2 < cpu:
        return ""
    return (
        f"took {grown / 2**20:.0f} MB of its {limit / 2**20:.0f} MB memory limit, the kernel "
        f"spending {kernel / 1e9:.1f} of its {cpu / 1e9:.1f} s of CPU time giving it memory"
    )


def load_error(error: dict[str, Any], run: SandboxRun) -> tuple[Verdict, str]:
    kind, message = error.get("kind"), clip(error.get("message", ""))
    where = at_line(error.get("line"))
    if kind in NOT_LOADABLE:
        return Verdict.INVALID_SUBMISSION, f"{message}{where}"
    if run.oom_killed or message.startswith("MemoryError"):
        return Verdict.MEMORY_LIMIT_EXCEEDED, f"while loading the submission: {message}"
    return Verdict.RUNTIME_ERROR, f"while loading the submission: {message}{where}"


def at_line(line: Any) -> str:
    return f" (line {line})" if isinstance(line, int) else ""


def clip(text: Any, limit: int = 1000) -> str:
    return str(text)[:limit]
