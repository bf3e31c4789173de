"""Checkers: a case's checker is ``check(case, expected, actual, tolerance) -> Check``.

``expected`` and ``actual`` hold one result per step of the case: the worker's own (from the
reference) and what came out of the sandbox, already decoded as data. The default,
:func:`check_steps`, compares each with :func:`check_numeric`. A message tells the candidate
what is wrong (shape, dtype, where and by how much) without revealing the case's inputs.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from judge.challenges import Case


@dataclasses.dataclass(frozen=True)
class Tolerance:
    """``|actual - expected| <= atol + rtol * |expected|``, element by element."""

    rtol: float = 1e-7
    atol: float = 1e-9
    #: The result must be a NumPy array of exactly the expected dtype (else: the same kind).
    exact_dtype: bool = False
    #: ``atol`` is a share of the largest magnitude in the expected result rather than a fixed
    #: amount, so that a result whose values are all tiny (1e-12) is not matched by zeros.
    scale_atol: bool = False


@dataclasses.dataclass(frozen=True)
class Check:
    ok: bool
    message: str = ""


PASS = Check(True, "")


def check_steps(case: Case, expected: list[Any], actual: list[Any], tolerance: Tolerance) -> Check:
    """Each step's result against the reference's: arrays numerically, attributes by name."""
    outputs = [i for i, step in enumerate(case.steps[: len(expected)]) if step.has_output]
    for i in outputs:
        step = case.steps[i]
        if step.op == "get":
            check = check_attributes(expected[i], actual[i], tolerance)
        else:
            check = check_numeric(expected[i], actual[i], tolerance)
        if not check.ok:
            where = f"step {i + 1} ({step.describe()}): " if len(outputs) > 1 else ""
            return Check(False, where + check.message)
    return PASS


def check_parts(expected: Any, actual: Any, tolerance: Tolerance, values: bool = True) -> Check:
    """:func:`check_numeric`, part by part where the expected result has parts: a tuple or list
    of parts that are not all plain numbers (``(w, b)``, a list of parameter arrays or of batches
    of different sizes, BPE's pairs of symbols), a dict of named results, ``None`` where a part is
    missing by design, text compared exactly.
    Without ``values``, each part's shape and kind of dtype only (a random result's)."""
    if expected is None:
        return PASS if actual is None else Check(False, f"expected None, got {_describe(actual)}")
    if isinstance(expected, dict):
        for name, want in expected.items():
            if not isinstance(actual, dict) or name not in actual:
                return Check(False, f"expected {name!r} in a dict, got {_describe(actual)}")
            found = check_parts(want, actual[name], tolerance, values)
            if not found.ok:
                return Check(False, f"{name}: {found.message}")
        return PASS
    if isinstance(expected, str):  # a token, a merged symbol: text is compared exactly
        if isinstance(actual, str) and (actual == expected or not values):
            return PASS
        got = repr(actual[:40]) if isinstance(actual, str) else _describe(actual)
        return Check(False, f"expected the text {expected[:40]!r}, got {got}")
    if not isinstance(expected, tuple | list) or all(_is_number(part) for part in expected):
        return check_numeric(expected, actual, tolerance) if values else _form(expected, actual)
    wanted = f"expected a {type(expected).__name__} of {len(expected)} parts"
    if not isinstance(actual, tuple | list):
        return Check(False, f"{wanted}, got {_describe(actual)}")
    if len(actual) != len(expected):
        return Check(False, f"{wanted}, got {len(actual)}")
    for number, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
        found = check_parts(want, got, tolerance, values)
        if not found.ok:
            return Check(False, f"part {number}: {found.message}")
    return PASS


def _form(expected: Any, actual: Any) -> Check:
    """Shape and kind of dtype, and finite where the expected values are."""
    want = np.asarray(expected)
    got, problem = as_numeric(actual)
    if problem:
        return Check(False, problem)
    if got.shape != want.shape:
        return Check(False, f"expected shape {want.shape}, got {got.shape}")
    integral = want.dtype.kind in "biu"
    if integral != (got.dtype.kind in "biu"):
        return Check(False, f"expected dtype {want.dtype} (or of its kind), got {got.dtype}")
    if want.dtype.kind in "fc" and np.isfinite(want).all() and not np.isfinite(got).all():
        return Check(False, "NaN or infinity where the result is finite")
    return PASS


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | complex | np.number)


def check_attributes(expected: dict[str, Any], actual: Any, tolerance: Tolerance) -> Check:
    for name, want in expected.items():
        if not isinstance(actual, dict) or name not in actual:
            return Check(False, f"the attribute {name} is missing")
        check = check_numeric(want, actual[name], tolerance)
        if not check.ok:
            return Check(False, f"{name}: {check.message}")
    return PASS


def check_numeric(expected: Any, actual: Any, tolerance: Tolerance) -> Check:
    """Shape first, then type, then values; integers exactly, floats within the tolerance."""
    want = np.asarray(expected)
    got, problem = as_numeric(actual)
    if problem:
        return Check(False, problem)
    if tolerance.exact_dtype and not isinstance(actual, np.ndarray | np.generic):
        return Check(
            False, f"expected a NumPy array of dtype {want.dtype}, got {_describe(actual)}"
        )
    if got.shape != want.shape:
        return Check(False, f"expected shape {want.shape}, got {got.shape}")
    if tolerance.exact_dtype and got.dtype != want.dtype:
        return Check(False, f"expected dtype {want.dtype}, got {got.dtype}")
    if want.dtype.kind in "biu" and got.dtype.kind not in "biu":
        return Check(False, f"expected an integer result ({want.dtype}), got {got.dtype}")
    if got.size == 0:
        return PASS
    if want.dtype.kind in "biu":
        return _compare_exact(want, got)
    wide = want.astype(np.complex128 if want.dtype.kind == "c" else np.float64)
    if tolerance.scale_atol:
        tolerance = dataclasses.replace(tolerance, atol=tolerance.atol * _largest(wide))
    return _compare_close(wide, got, _for_precision(tolerance, want.dtype, wide))


def _largest(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


def as_numeric(actual: Any) -> tuple[np.ndarray, str]:
    """``actual`` as an array, or why it is not a numeric one."""
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


def check_parameter_shapes(
    built: str, names: tuple[str, ...], expected: dict[str, Any], actual: Any
) -> Check:
    """After a class is constructed only its parameters' shapes are fixed (their values are the
    submission's): each of ``names`` a finite numeric NumPy array of the expected shape.
    ``built`` names the construction in messages (``"after Net(2, 3, 1)"``)."""
    for name in names:
        value = actual.get(name) if isinstance(actual, dict) else None
        if value is None:
            return Check(False, f"{built}, the attribute {name} is missing")
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
            return Check(False, f"{built}, {name} is not a numeric NumPy array")
        if value.shape != expected[name].shape:
            return Check(
                False, f"{built}, {name} has shape {value.shape}; expected {expected[name].shape}"
            )
        if not np.isfinite(value).all():
            return Check(False, f"{built}, {name} holds NaN or infinity")
    return PASS


def check_state_dict(want: dict[str, Any], got: Any) -> Check:
    """A PyTorch module's ``state_dict`` as a package's harness reports it (each name with its
    shape as a list of ints) against the statement's: the names and shapes that
    ``load_state_dict(strict=True)`` of the judge's weights needs, exactly."""
    if not isinstance(got, dict) or not all(isinstance(k, str) for k in got):
        return Check(False, "the harness's account of the state_dict is missing")
    missing = [k for k in want if k not in got]
    if missing:
        return Check(False, f"the state_dict has no {missing[0]!r} (it has {sorted(got)[:12]})")
    extra = [k for k in got if k not in want]
    if extra:
        return Check(False, f"the state_dict has {extra[0]!r}, which the statement does not list")
    for name, shape in want.items():
        found = as_shape(got[name])
        if found != tuple(shape):
            return Check(False, f"{name} has shape {found}; the statement's is {tuple(shape)}")
    return PASS


def as_shape(value: Any) -> tuple[int, ...] | None:
    """``value`` as a shape if it is a list or tuple of plain non-negative ints, else None."""
    if not isinstance(value, list | tuple):
        return None
    if not all(type(d) is int and d >= 0 for d in value):
        return None
    return tuple(value)


def check_count(what: str, want: int, got: Any) -> Check:
    """An exact count (a model's parameters): a plain int equal to ``want``."""
    if type(got) is not int or got != want:
        return Check(False, f"{what} is {_describe(got)}; the statement's is {want}")
    return PASS


def as_array(actual: Any) -> tuple[np.ndarray, str]:
    """``actual`` if it is a numeric NumPy array, or why it is not: for statements that ask for
    an array, where a list holding the right numbers is still the wrong answer. (A NumPy scalar
    is a 0-d array's value, as a 0-d tensor's arrives.)"""
    if not isinstance(actual, np.ndarray | np.generic):
        return np.empty(0), f"expected a NumPy array, got {_describe(actual)}"
    return as_numeric(actual)


def check_array(expected: Any, actual: Any, tolerance: Tolerance) -> Check:
    """:func:`check_numeric` for a result the statement asks to be a NumPy array (a list holding
    the right numbers is the wrong answer)."""
    _, problem = as_array(actual)
    return Check(False, problem) if problem else check_numeric(expected, actual, tolerance)


def check_scalar(
    expected: float,
    actual: Any,
    tolerance: Tolerance,
    what: str = "the loss",
    why_not_finite: str = "",
) -> Check:
    """A real number such as a loss: a Python float, a NumPy floating scalar or a 0-d float array
    (what ``np.mean`` and friends return, however it was formed), finite where ``expected`` is,
    within ``tolerance``. ``what`` names it in the message; ``why_not_finite`` says what usually
    makes it NaN or infinite (an unshifted ``exp``, a ``log`` of a rounded sigmoid)."""
    if isinstance(actual, np.ndarray) and actual.ndim != 0:
        return Check(False, f"{what}: expected a scalar, got an array of shape {actual.shape}")
    if not isinstance(actual, float | np.floating | np.ndarray) or isinstance(actual, bool):
        return Check(
            False,
            f"{what}: expected a float (a Python float, a NumPy floating scalar or a 0-d array), "
            f"got {_describe(actual)}",
        )
    if np.asarray(actual).dtype.kind != "f":
        return Check(False, f"{what}: expected a float, got dtype {np.asarray(actual).dtype}")
    value = float(actual)
    if not math.isfinite(value) and math.isfinite(expected):
        because = f" ({why_not_finite})" if why_not_finite else ""
        return Check(False, f"{what} is {value}, not a finite number{because}")
    if check_numeric(expected, value, tolerance).ok:
        return PASS
    return Check(
        False,
        f"{what} is {value:.10g}, expected {expected:.10g} (abs error "
        f"{abs(value - expected):.3g}; allowed {tolerance.atol:.3g} + {tolerance.rtol:.3g} * "
        "|expected|)",
    )


def as_parts(
    actual: Any, names: tuple[str, ...], kinds: tuple[type[Sequence[Any]], ...] = (tuple, list)
) -> tuple[tuple[Any, ...], str]:
    """The parts of a result that must be a tuple such as ``(w, b)`` (of one of ``kinds``), or
    what is wrong with it, naming the parts the statement asks for."""
    wanted = f"expected a tuple ({', '.join(names)})"
    if not isinstance(actual, kinds):
        return (), f"{wanted}, got {_describe(actual)}"
    if len(actual) != len(names):
        return (), f"{wanted}, got {_describe(actual)} of {len(actual)} items"
    return tuple(actual), ""


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


def _for_precision(tol: Tolerance, dtype: np.dtype, want: np.ndarray) -> Tolerance:
    """Looser bounds where the expected result itself is less precise than float64.

    Two correct float32 products summed in different orders differ by a few float32 epsilons of
    the largest magnitude involved, not of each element; so the bound scales with both.
    """
    if dtype.kind not in "fc" or np.finfo(dtype).eps <= np.finfo(np.float64).eps:
        return tol
    eps = float(np.finfo(dtype).eps) * LOW_PRECISION_EPSILONS
    scale = _largest(want)
    return dataclasses.replace(tol, rtol=max(tol.rtol, eps), atol=max(tol.atol, eps * scale))


# How many of its own epsilons a float32 or float16 result may be off (a dot product of a few
# hundred terms, summed in another order, stays well inside this).
LOW_PRECISION_EPSILONS = 64


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
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # a tiny expected value
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
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


# ---------------------------------------------------------------- statistical checks


def binomial_implausible(count: int, n: int, p: float, alpha: float) -> bool:
    """Whether ``count`` successes in ``n`` independent trials of probability ``p`` is so far from
    ``n * p`` that a correct source would produce it with probability at most ``alpha``.

    Two-sided Chernoff bound: ``P(S/n >= x) <= exp(-n KL(x || p))`` above the mean and the same
    below, so rejecting when ``n KL(count/n || p) > ln(2 / alpha)`` errs with probability at most
    ``alpha``. Unlike a normal approximation it holds for every ``n``, and unlike Hoeffding's it is
    tight at the extremes (no element dropped at all is rejected at rate 0.1 from 300 elements).
    """
    if n == 0:
        return False
    return n * _kl(count / n, p) > math.log(2 / alpha)


def _kl(x: float, p: float) -> float:
    """Relative entropy between Bernoulli(x) and Bernoulli(p), with 0 log 0 = 0."""
    total = 0.0
    for a, b in ((x, p), (1 - x, 1 - p)):
        if a > 0:
            if b <= 0:
                return math.inf
            total += a * math.log(a / b)
    return total
