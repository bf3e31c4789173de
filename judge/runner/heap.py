"""How the runner's processes use glibc's heap (``mallopt``), where the sandbox's memory limit
counts the judge's own buffers beside the submission's, and a fresh page costs the kernel's
work (on the VMs measured, 6 to 8 ms for 4 MB; docs/performance.md, eleventh pass).

- The runner's parent returns each block of 256 KiB and more to the system as soon as it is
  freed (:func:`return_freed`): the inputs it passed on are not counted against the submission
  while it runs (a right cross_entropy solution was once killed by such copies).
- During a benchmark case's timed runs it keeps blocks under 8 MiB once freed, up to 32 MiB of
  them (:func:`keep_freed`): each run's input set and output, when smaller, reuse the same pages
  instead of new ones (a third of a warm ``matmul`` judging went into those pages). Larger sets
  are mapped and returned as before. When the case's timed runs end, it all goes back
  (:func:`give_back`).
- The child keeps blocks under 32 MiB (:func:`reuse_freed`, what glibc moves to by itself once
  a program has freed a few large blocks): each timed run's preparation would otherwise pay for
  the pages of its inputs afresh, the judge's work counted as the submission's.

Outside glibc (a candidate's Mac, for ``judge test``) these do nothing.

Standard library only.
"""

from __future__ import annotations

import contextlib
from typing import Any

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# glibc's own default for the trimming threshold, which setting either turns off.
DEFAULT_TRIM_BYTES = 128 * 1024

# The runner's parent, outside the timed runs: every large block mapped and unmapped.
RETURNED_FROM_BYTES = 256 * 1024
# The runner's parent, during a case's timed runs: blocks under this reuse freed pages...
KEPT_BELOW_BYTES = 8 << 20
# ... of which at most this much is kept at the top of the heap.
KEPT_AT_MOST_BYTES = 32 << 20

_libc: Any = None


def _glibc() -> Any:
    global _libc
    if _libc is None:
        import ctypes

        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _set(mmap_threshold: int, trim_threshold: int) -> None:
    with contextlib.suppress(Exception):  # not glibc: nothing to set
        libc = _glibc()
        libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold)
        libc.mallopt(M_TRIM_THRESHOLD, trim_threshold)


def return_freed() -> None:
    _set(RETURNED_FROM_BYTES, DEFAULT_TRIM_BYTES)


def keep_freed() -> None:
    _set(KEPT_BELOW_BYTES, KEPT_AT_MOST_BYTES)


def give_back() -> None:
    """Back to :func:`return_freed`, and every freed page of the heap returned now."""
    return_freed()
    with contextlib.suppress(Exception):
        _glibc().malloc_trim(0)


def reuse_freed() -> None:
    _set(32 << 20, 64 << 20)
