"""Text from the sandbox made safe to store and to show.

Messages and logs come from hostile code. A NUL byte is refused by PostgreSQL's text columns (the
submission would then fail to record on every attempt), a lone surrogate (possible from JSON)
cannot be encoded as UTF-8, and terminal control sequences would drive a viewer's terminal. Each
of them is shown instead as a visible escape: ``\\x00``, ``\\x1b``, ``\\ud800``.
"""

from __future__ import annotations

import re
from typing import Any

ELLIPSIS = "…"

# C0 controls but tab and newline, DEL, C1 controls, and surrogates (never valid alone in UTF-8).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_PIECES = re.compile(f"(?P<unsafe>[{_UNSAFE}])|[^{_UNSAFE}]+")


def safe_text(value: Any, limit: int | None = None) -> str:
    """``value`` as text with every control character but ``\\n`` and ``\\t``, and every
    surrogate, escaped; at most ``limit`` characters, the last then ``…`` when it was clipped.
    An escape is never cut in half."""
    pieces = [
        (_escape(m.group()), True) if m["unsafe"] else (m.group(), False)
        for m in _PIECES.finditer(_as_str(value))
    ]
    if limit is None or sum(len(text) for text, _ in pieces) <= limit:
        return "".join(text for text, _ in pieces)
    return _clipped(pieces, limit)


def _as_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return value if isinstance(value, str) else str(value)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _clipped(pieces: list[tuple[str, bool]], limit: int) -> str:
    if limit < 1:
        return ""
    room = limit - len(ELLIPSIS)
    kept: list[str] = []
    for text, escape in pieces:
        if len(text) > room:
            if not escape:
                kept.append(text[:room])
            break
        kept.append(text)
        room -= len(text)
    return "".join(kept) + ELLIPSIS
