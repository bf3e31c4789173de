"""What a request sends, read strictly: its JSON body and its whole-number query parameters.
Whatever a client sends, a parser's failure is a 400 the view words, never an exception."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app, request

from api.errors import ApiError
from judge.submissions import SourceRefused

# ASCII digits only: str.isdigit() also takes "²" or "①", which int() refuses.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def json_body() -> Any | None:
    """The body as JSON whatever its Content-Type (a client that forgets the header still means
    JSON); ``None`` when it is not JSON: malformed, not UTF-8, or nested past the parser's
    recursion limit (``[[[...]]]``, which raises ``RecursionError``, not a ``ValueError``)."""
    try:
        return request.get_json(force=True, silent=True)
    except RecursionError:
        return None


def json_object(names: tuple[str, ...]) -> dict[str, Any]:
    """The body as a JSON object. A body over the app's limit is a 413 before it is read; a body
    that is not a JSON object a 400 that shows one with the fields ``names``."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, f"the request body is over {limit} bytes")
    body = json_body()
    if body is None:
        shape = ", ".join(f'"{name}": ...' for name in names)
        raise ApiError(400, f"the body must be JSON: {{{shape}}}")
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def json_strings(*names: str) -> list[str]:
    """The body's fields ``names``, each a string, in that order; the body a JSON object (other
    fields are ignored). A body over the app's limit is a 413 before it is read; a body that is
    not such an object, or lacks one of them, a 400 that says what was expected."""
    body = json_object(names)
    missing = [name for name in names if name not in body]
    if missing:
        raise ApiError(400, f"missing field(s): {', '.join(missing)}")
    values = [body[name] for name in names]
    if not all(isinstance(value, str) for value in values):
        quoted = " and ".join(f"'{name}'" for name in names)
        raise ApiError(400, f"{quoted} must be {'strings' if len(names) > 1 else 'a string'}")
    return values


def _is_number(value: Any) -> bool:
    # bool is an int to Python, never to a client; NaN and Infinity, which Python's JSON reads,
    # are no number a field means.
    return type(value) is int or (type(value) is float and math.isfinite(value))


#: The kinds of field :func:`json_fields` reads: a test of a value, and the kind in words.
FIELD_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "string": (lambda value: isinstance(value, str), "a string"),
    "integer": (lambda value: type(value) is int, "a whole number"),
    "number": (_is_number, "a number"),
    "strings": (
        lambda value: isinstance(value, list) and all(isinstance(v, str) for v in value),
        "a list of strings",
    ),
}


def json_fields(required: Mapping[str, str], optional: Mapping[str, str]) -> dict[str, Any]:
    """The body, a JSON object of the fields ``required`` and any of ``optional`` (name: a kind
    of :data:`FIELD_KINDS`), each of its kind, and no other field: an unknown one is a 400 that
    names it (a misspelt optional field must not be dropped unseen). An optional field sent as
    null is taken as left out, and is not in the answer."""
    body = json_object(tuple(required))
    kinds = {**required, **optional}
    unknown = [name for name in body if name not in kinds]
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0][:64]!r}: the fields are {', '.join(kinds)}")
    missing = [name for name in required if name not in body]
    if missing:
        raise ApiError(400, f"missing field(s): {', '.join(missing)}")
    fields = {name: value for name, value in body.items() if value is not None or name in required}
    for name, value in fields.items():
        test, words = FIELD_KINDS[kinds[name]]
        if not test(value):
            raise ApiError(400, f"'{name}' must be {words}")
    return fields


def source_refusal(exc: SourceRefused) -> ApiError:
    """A source the core will not store, as the API answers it: 413 over the limit, else 400."""
    return ApiError(413 if exc.too_large else 400, str(exc))


def query_name(name: str, longest: int = 64) -> str | None:
    """The query parameter ``name`` as a name (a challenge's slug, say): ``None`` when absent or
    empty, a 400 when longer than ``longest`` or holding control characters (a NUL, which
    PostgreSQL refuses in text, must not reach a query as one)."""
    raw = request.args.get(name) or None
    if raw is not None and (len(raw) > longest or not raw.isprintable()):
        raise ApiError(400, f"'{name}' must be a name of at most {longest} printable characters")
    return raw


def query_flag(name: str) -> bool:
    """The query parameter ``name`` as ``true`` or ``false`` (absent: false), else a 400."""
    raw = request.args.get(name, "false")
    if raw not in ("true", "false"):
        raise ApiError(400, f"'{name}' must be true or false")
    return raw == "true"


def query_number(name: str, default: int, low: int, high: int) -> int:
    """The query parameter ``name`` as a whole number from ``low`` to ``high``, else a 400."""
    raw = request.args.get(name, str(default))
    if not WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}")
    return int(raw)
