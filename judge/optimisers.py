"""What the optimiser challenges (sgd_momentum, rmsprop, adam) share: their cases and checker.

Each case constructs one optimiser, then calls ``step`` several times on the judge's own list of
parameter arrays, which the optimiser updates in place: the judge reads its arrays back after
every step (``in_place=0``) and gives the very same list and arrays to the next step, as a
training loop does, with fresh gradients each time.

The checker compares each step's parameters with the reference's. What it allows is measured on
the updates rather than on the parameters themselves, so that an update that is small beside its
parameter is still checked to its own precision: after step k, parameter element by element,
``|actual - expected| <= sum over steps i <= k of (rtol * |update_i| + atol * max |update_i| +
8 eps (|p_(i-1)| + |p_i|))``, where ``update_i`` is the reference's change to the parameter at step
``i``, the maximum is over the parameter's elements, and ``eps`` is the parameter's own precision
(the last term is the rounding of the update itself). Errors carry over from step to step, so the
allowance accumulates. Each package's challenge.toml gives rtol and atol.
"""

from __future__ import annotations

import numpy as np

from judge.challenges import Case, call, method
from judge.checking import LOW_PRECISION_EPSILONS, PASS, Check, as_array

# Float32 parameters: each update computed in float32 (or in float64 and rounded) differs from
# the reference's by a few float32 epsilons of the terms involved, as for every float32 result.
FLOAT32_SHARE = LOW_PRECISION_EPSILONS * float(np.finfo(np.float32).eps)


# ---------------------------------------------------------------- cases


def gradient(rng, shape, dtype, scale, zeros=0.0):
    """Gradients of ``scale``, their magnitudes spread over three orders, a share exactly 0."""
    g = rng.normal(size=shape) * scale * 10.0 ** rng.uniform(-1.5, 1.5, size=shape)
    g = np.where(rng.random(size=shape) < zeros, 0.0, g)
    return np.asarray(g, dtype=dtype)


def optimiser_case(name, rng, hyper, shapes, n_steps, scale=1.0, dtype=np.float64, **options):
    """One optimiser with ``hyper`` (by position, or a dict of them by name), ``n_steps`` steps
    on parameters of ``shapes``.

    ``options``: ``zeros`` (the share of gradient elements exactly 0), ``idle`` (steps whose
    gradients are all 0), ``param_scale`` (the parameters' spread)."""
    zeros, idle = options.get("zeros", 0.1), options.get("idle", ())
    params = [
        np.asarray(rng.normal(scale=options.get("param_scale", 1.0), size=s), dtype=dtype)
        for s in shapes
    ]
    grads = [
        [
            np.zeros(s, dtype=dtype) if k in idle else gradient(rng, s, dtype, scale, zeros)
            for s in shapes
        ]
        for k in range(n_steps)
    ]
    return Case(name, steps=_steps(hyper, params, grads))


def examples(first: str, first_hyper: tuple, fresh_hyper: tuple):
    """The statements' two examples, the same inputs for every optimiser: ``first``, two
    parameters over three steps (the last without gradient), then a fresh optimiser on the
    same shapes, which starts from a state of its own."""
    params = [np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([0.25, -0.75])]
    grads = [
        [np.array([[1.0, -1.0], [0.0, 2.0]]), np.array([0.5, 0.5])],
        [np.array([[1.0, 0.0], [-2.0, 2.0]]), np.array([-0.5, 1.0])],
        [np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([0.0, 0.0])],
    ]
    yield Case(first, steps=_steps(first_hyper, params, grads))
    params = [np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([1.0, 1.0])]
    grads = [[np.array([[2.0, 0.0], [0.0, -2.0]]), np.array([1.0, -1.0])]] * 2
    yield Case("example-fresh-optimiser", steps=_steps(fresh_hyper, params, grads))


def _steps(hyper, params, grads):
    construct = call(**hyper) if isinstance(hyper, dict) else call(*hyper)
    later = [method("step", None, g, in_place=0) for g in grads[1:]]
    return (construct, method("step", params, grads[0], in_place=0), *later)


# ---------------------------------------------------------------- checker


def check(case, expected, actual, tolerance):
    outputs = [i for i, step in enumerate(case.steps[: len(expected)]) if step.op == "method"]
    if not outputs:
        return PASS
    before = [np.asarray(p) for p in case.steps[outputs[0]].args[0]]
    frozen = never_updated(before, [actual[i] for i in outputs])
    allowed = [np.zeros(p.shape) for p in before]
    for number, index in enumerate(outputs, start=1):
        found = check_step(before, expected[index], actual[index], allowed, tolerance, frozen)
        if not found.ok:
            return Check(False, f"after step {number}: {found.message}")
        before = expected[index]
    return PASS


def never_updated(initial, results):
    """The positions whose array holds its initial values after every step: the mark of an
    optimiser that rebinds the list's slots (params[i] = ...) rather than updating the arrays."""

    def same(got, j):
        return (
            isinstance(got, list)
            and len(got) == len(initial)
            and isinstance(got[j], np.ndarray)
            and got[j].shape == initial[j].shape
            and np.array_equal(got[j], initial[j])
        )

    return {j for j in range(len(initial)) if all(same(got, j) for got in results)}


def check_step(before, expected, actual, allowed, tolerance, frozen):
    """One step's parameters, position by position; ``allowed`` accumulates across steps."""
    if not isinstance(actual, list) or len(actual) != len(expected):
        return Check(False, f"expected the list of {len(expected)} parameter arrays")
    for j, (old, want, got) in enumerate(zip(before, expected, actual, strict=True)):
        want = np.asarray(want)
        label = f"parameter {j} (shape {want.shape})"
        if j in frozen and not np.array_equal(want, old):
            return Check(
                False,
                f"the parameters were not updated in place: {label} never changes. Update each "
                "array itself (p -= ..., p[...] = ...); params[i] = ... only rebinds the list's "
                "slot, and the caller's array keeps its values",
            )
        got, problem = as_array(got)
        if problem:
            return Check(False, f"{label}: {problem}")
        if got.shape != want.shape or got.dtype != want.dtype:
            return Check(
                False,
                f"{label} is now of shape {got.shape} and dtype {got.dtype}, expected "
                f"{want.shape} and {want.dtype}: update the arrays in place, values only",
            )
        if not np.isfinite(got).all():
            return Check(False, f"{label} holds NaN or infinity")
        found = compare(old, want, got, allowed[j], tolerance)
        if not found.ok:
            return Check(False, f"{label}: {found.message}")
    return PASS


def compare(old, want, got, allowed, tolerance):
    """``got`` against ``want`` within the allowance accumulated so far plus this step's."""
    low = np.asarray(want).dtype != np.float64  # the judge's arrays keep their dtype
    old, want, got = (np.asarray(a, dtype=np.float64) for a in (old, want, got))
    eps = float(np.finfo(np.float32 if low else np.float64).eps)
    rtol, share = tolerance.rtol, tolerance.atol
    if low:
        rtol, share = max(rtol, FLOAT32_SHARE), max(share, FLOAT32_SHARE)
    update = np.abs(want - old)
    largest = float(update.max()) if update.size else 0.0
    allowed += rtol * update + share * largest + 8 * eps * (np.abs(old) + np.abs(want))
    error = np.abs(got - want)
    bad = error > allowed
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(error - allowed)), want.shape))
    step = got[where] - old[where]
    return Check(
        False,
        f"{int(bad.sum())} of {want.size} elements outside tolerance; worst at {where}: "
        f"expected {want[where]:.10g}, got {got[where]:.10g} (this step's update should be "
        f"{want[where] - old[where]:.10g}; yours is {step:.10g})",
    )
