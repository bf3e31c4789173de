"""Checkers: every one is ``check(expected, actual, tolerance) -> Check``.

A checker compares the worker's own expected output with what came out of the sandbox (already
decoded as data). Its message tells the candidate what is wrong (shape, dtype, where and by how
much) without revealing the case's inputs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np


@dataclasses.dataclass(frozen=True)
class Tolerance:
    """``|actual - expected| <= atol + rtol * |expected|``, element by element."""

    rtol: float = 1e-7
    atol: float = 1e-9


@dataclasses.dataclass(frozen=True)
class Check:
    ok: bool
    message: str = ""


PASS = Check(True, "")


def check_numeric(expected: Any, actual: Any, tolerance: Tolerance) -> Check:
    """Shape first, then type, then values; integers exactly, floats within the tolerance."""
    want = np.asarray(expected)
    got, problem = _as_numeric(actual)
    if problem:
        return Check(False, problem)
    if got.shape != want.shape:
        return Check(False, f"expected shape {want.shape}, got {got.shape}")
    if want.dtype.kind in "biu" and got.dtype.kind not in "biu":
        return Check(False, f"expected an integer result ({want.dtype}), got {got.dtype}")
    if got.size == 0:
        return PASS
    if want.dtype.kind in "biu":
        return _compare_exact(want, got)
    return _compare_close(
        want.astype(np.complex128 if want.dtype.kind == "c" else np.float64), got, tolerance
    )


def _as_numeric(actual: Any) -> tuple[np.ndarray, str]:
    if isinstance(actual, np.ndarray | np.generic):
        got = np.asarray(actual)
    elif isinstance(actual, int | float | bool | list | tuple):
        try:
            got = np.asarray(actual)
        except ValueError:
            return np.empty(0), "the output is a ragged list, not an array"
    else:
        return np.empty(0), f"expected a NumPy array, got {_describe(actual)}"
    if got.dtype.kind not in "biufc":
        return got, f"expected a numeric array, got dtype {got.dtype}"
    return got, ""


def _compare_exact(want: np.ndarray, got: np.ndarray) -> Check:
    wrong = want != got
    if not wrong.any():
        return PASS
    where = _index(int(np.argmax(wrong)), want.shape)
    return Check(
        False,
        f"{int(wrong.sum())} of {want.size} elements differ; first at {where}: "
        f"expected {want[where].item()}, got {got[where].item()}",
    )


def _compare_close(want: np.ndarray, got: np.ndarray, tol: Tolerance) -> Check:
    got = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    finite = np.isfinite(want) & np.isfinite(got)
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(got - want)
        close = error <= tol.atol + tol.rtol * np.abs(want)
    # Where either side is not finite, only the same infinity, or NaN for NaN, is right.
    same_special = (want == got) | (np.isnan(want) & np.isnan(got))
    bad = np.where(finite, ~close, ~same_special)
    if not bad.any():
        return PASS
    flat = np.where(bad.ravel(), np.nan_to_num(error.ravel(), nan=np.inf), -1.0)
    where = _index(int(np.argmax(flat)), want.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = error[where] / abs(want[where]) if want[where] != 0 else np.inf
    return Check(
        False,
        f"{int(bad.sum())} of {want.size} elements outside tolerance "
        f"(rtol={tol.rtol:g}, atol={tol.atol:g}); worst at {where}: expected {want[where]:.6g}, "
        f"got {got[where]:.6g} (abs error {error[where]:.3g}, rel error {rel:.3g})",
    )


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _describe(value: Any) -> str:
    if value is None:
        return "None"
    return f"a {type(value).__name__}"
