"""How a submission's failure is described to the worker: the kind of error, the exception's
type and message, the line of the submission's own code. Everything here may run on an object
the submission made (an exception whose ``__str__`` raises, a class with a strange ``__mro__``):
every reading of one is guarded.
"""

from __future__ import annotations

import traceback
from typing import Any

from . import wire
from .messages import ErrorKind

#: The file name the submission is compiled under: its frames in a traceback carry it.
SOURCE_NAME = "solution.py"
MESSAGE_CHARS = 2000


class BannedImport(ModuleNotFoundError):
    """Raised when the submission imports a module its challenge bans.

    A ``ModuleNotFoundError``, so a submission that falls back when the module is missing still
    works; only a banned import that goes unhandled ends the run as an invalid submission.
    """


def output_error(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, wire.TooLarge):
        return plain_error(ErrorKind.OUTPUT_LIMIT, str(exc))
    if isinstance(exc, wire.UnsupportedValue):
        return plain_error(ErrorKind.UNSUPPORTED_OUTPUT, str(exc))
    return error_of(exc)


def plain_error(kind: ErrorKind, message: str) -> dict[str, Any]:
    """An error of the judge's wording, not an exception of the submission's."""
    return {"kind": kind.value, "type": "", "message": message, "line": None}


def error_of(exc: BaseException) -> dict[str, Any]:
    kind = kind_of(exc)
    message, line = describe(exc, bare=kind is ErrorKind.BANNED)
    return {
        "kind": kind.value,
        "type": _safe(lambda: type(exc).__name__),
        "types": _exception_types(exc),
        "message": message,
        "line": line,
    }


def kind_of(exc: BaseException) -> ErrorKind:
    if isinstance(exc, BannedImport):
        return ErrorKind.BANNED
    return ErrorKind.MEMORY if isinstance(exc, MemoryError) else ErrorKind.EXCEPTION


def _exception_types(exc: BaseException) -> list[str]:
    """The names of the exception's classes, most specific first, so a subclass still matches."""
    try:
        return [str(cls.__name__)[:100] for cls in type(exc).__mro__[:-1]][:32]
    except BaseException:
        return []


def describe(exc: BaseException, bare: bool = False) -> tuple[str, int | None]:
    """``Type: message`` (or the message alone when ``bare``) and the last line of the
    submission's own code in the traceback."""
    prefix = "" if bare else f"{_safe(lambda: type(exc).__name__)}: "
    text = _safe(lambda: f"{prefix}{exc}".rstrip(": "))[:MESSAGE_CHARS]
    line = None
    for frame in _safe_frames(exc):
        if frame.filename == SOURCE_NAME:
            line = frame.lineno
    return text, line


def _safe(build) -> str:
    try:
        return str(build())
    except BaseException:
        return "<an exception whose message could not be read>"


def _safe_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    try:
        return list(traceback.extract_tb(exc.__traceback__))
    except BaseException:
        return []
