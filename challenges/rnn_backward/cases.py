"""The backpropagation-through-time suite: one step (where no gradient flows between steps) and
sixty, batches of one and of many, a hidden size of 1, square shapes (T = N = D = H, where a
transposed Wh or a batch-first reading runs without an error), hidden units whose
pre-activations reach 1e3 and 1e4 (saturated: tanh' is 0 there, and NaN is a wrong answer),
a zero initial state, float32.

The checker asks for a tuple of five NumPy arrays (dx, dh0, dWx, dWh, db), each of the shape of
its argument. On the small, well-scaled float64 cases it first compares each with central finite
differences of L = sum(grad_h_seq * h_seq), computed here from a forward pass of this module's
own (not the reference's); then every case is compared with the reference.
"""

import dataclasses

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, as_array, as_parts, check_numeric

NAMES = ("dx", "dh0", "dWx", "dWh", "db")
ARGUMENTS = ("x", "h0", "Wx", "Wh", "b")

#: Central differences with a step of STEP times max(1, |p|) for each parameter p, on cases whose
#: inputs, weights and upstream gradients are of order 1 and whose loss is at most about 100:
#: the rounding error (1e-16 * 100 / 1e-6) is about 1e-8 and the truncation error (STEP^2 / 6
#: times a third derivative of order T) about 1e-12, so a right gradient is within FD_TOLERANCE
#: (atol a share of the gradient's largest magnitude, at least 1); every mistake the suite
#: targets is off by 1e-2 of that magnitude or more.
STEP = 1e-6
FD_TOLERANCE = Tolerance(rtol=1e-5, atol=1e-6)
#: The cases checked against finite differences: small, float64, and not saturated.
#: float32 results: a float32 backward pass sums T * N products per weight gradient, and those
#: sums cancel (a gradient of 0.01 from terms of 1); a right float32 solution is measured up to
#: 1e-5 of a part's largest magnitude away from the exact result (the reference computes in
#: float64), beyond the default 64 float32 epsilons (7.6e-6). So float32 results get 1e-4 of the
#: part's largest magnitude, still 100 times below the mistakes the suite targets.
FLOAT32_TOLERANCE = Tolerance(rtol=1e-4, atol=1e-4, scale_atol=True)
FINITE_DIFFERENCES = {
    "example-3-steps-1-sequence",
    "example-batch-2-zero-state",
    "one-step",
    "batch-1-8-steps",
    "hidden-size-1",
    "more-inputs-than-units",
    "more-units-than-inputs",
    "all-sizes-equal",
    "zero-initial-state",
}


def rnn_case(name, rng, T, N, D, H, saturate=0.0, scale=1.0, zero_h0=False, dtype=np.float64):
    """Weights of the usual size: Wx of 1 / sqrt(D), Wh of 0.9 / sqrt(H) (a spectral radius
    below about 0.9: rounding errors shrink from step to step instead of growing). A share
    ``saturate`` of the hidden units (columns of Wx, Wh and b) is multiplied by ``scale``; the
    others keep gradients flowing."""
    x = rng.normal(size=(T, N, D))
    h0 = np.zeros((N, H)) if zero_h0 else rng.uniform(-1, 1, size=(N, H))
    Wx = rng.normal(scale=1 / np.sqrt(D), size=(D, H))
    Wh = rng.normal(scale=0.9 / np.sqrt(H), size=(H, H))
    b = rng.normal(scale=0.5, size=H)
    if saturate:
        columns = rng.permutation(H)[: max(1, int(saturate * H))]
        for w in (Wx, Wh):
            w[:, columns] *= scale
        b[columns] *= scale
    grad = rng.normal(size=(T, N, H))
    return Case(name, tuple(a.astype(dtype) for a in (x, h0, Wx, Wh, b, grad)))


def examples():
    # T = 3 steps of one sequence (N = 1), D = 2 inputs, H = 2 hidden units; the loss is
    # the sum of every state's elements (grad_h_seq all ones).
    x = np.array([[[1.0, 0.0]], [[0.0, 1.0]], [[1.0, 1.0]]])
    h0 = np.array([[0.5, -0.5]])
    Wx = np.array([[1.0, -1.0], [0.5, 2.0]])
    Wh = np.array([[0.5, 0.25], [-0.5, 0.0]])
    b = np.array([0.0, 0.1])
    yield Case("example-3-steps-1-sequence", (x, h0, Wx, Wh, b, np.ones((3, 1, 2))))
    # T = 2 steps of a batch of two sequences, D = 3, H = 2, from a zero state; the loss is the
    # first unit of the last state, summed over the batch.
    x = np.arange(12.0).reshape(2, 2, 3) / 10 - 0.5
    Wx = np.linspace(-1.0, 1.0, 6).reshape(3, 2)
    Wh = np.array([[0.5, -0.25], [0.75, 0.5]])
    grad = np.zeros((2, 2, 2))
    grad[1, :, 0] = 1.0
    args = (x, np.zeros((2, 2)), Wx, Wh, np.array([0.1, -0.3]), grad)
    yield Case("example-batch-2-zero-state", args)


def hidden(rng: np.random.Generator):
    # One step: nothing flows between steps, so a missing carry only shows in the longer cases.
    yield rnn_case("one-step", rng, 1, 2, 3, 4)
    yield rnn_case("batch-1-8-steps", rng, 8, 1, 2, 5)
    yield rnn_case("hidden-size-1", rng, 6, 3, 4, 1)
    yield rnn_case("more-inputs-than-units", rng, 5, 4, 7, 3)
    yield rnn_case("more-units-than-inputs", rng, 4, 3, 2, 7)
    # T = N = D = H: a transposed Wh or Wx, or x read as (N, T, D), raises no error here.
    yield rnn_case("all-sizes-equal", rng, 5, 5, 5, 5)
    yield rnn_case("zero-initial-state", rng, 4, 3, 3, 4, zero_h0=True)
    yield rnn_case("long-sequence", rng, 60, 4, 3, 8)
    yield rnn_case("large-batch", rng, 10, 128, 16, 32)
    # Half of the units saturated (pre-activations of about 1e3 and 1e4): tanh' = 1 - h^2 is 0
    # there; the other half carries the gradient.
    yield rnn_case("saturated-units-1e3", rng, 8, 5, 4, 6, saturate=0.5, scale=1e3)
    yield rnn_case("saturated-units-1e4", rng, 5, 3, 6, 4, saturate=0.5, scale=1e4)
    yield rnn_case("float32", rng, 8, 6, 5, 7, dtype=np.float32)
    yield rnn_case("float32-batch-1", rng, 6, 1, 4, 3, dtype=np.float32)


def benchmark(rng: np.random.Generator):
    yield rnn_case("benchmark-40-steps-batch-128-128-units", rng, 40, 128, 64, 128)


def check(case, expected, actual, tolerance):
    args = case.steps[0].args
    parts, problem = as_parts(actual[0], NAMES)
    if problem:
        return Check(False, problem)
    for name, argument, value, given in zip(NAMES, ARGUMENTS, parts, args, strict=False):
        got, problem = as_array(value)
        if problem:
            return Check(False, f"{name}: {problem}")
        if got.shape != np.shape(given):
            return Check(
                False,
                f"{name}: expected shape {np.shape(given)}, the shape of {argument}, "
                f"got {got.shape}",
            )
    if case.name in FINITE_DIFFERENCES:
        numeric = finite_differences(*args)
        for name, want, got in zip(NAMES, numeric, parts, strict=True):
            scale = max(1.0, float(np.abs(want).max()))
            bound = dataclasses.replace(FD_TOLERANCE, atol=FD_TOLERANCE.atol * scale)
            found = check_numeric(want, got, bound)
            if not found.ok:
                return Check(
                    False,
                    f"{name} disagrees with central finite differences of "
                    f"sum(grad_h_seq * h_seq): {found.message}",
                )
    for name, want, got in zip(NAMES, expected[0], parts, strict=True):
        low = np.asarray(want).dtype == np.float32
        found = check_numeric(want, got, FLOAT32_TOLERANCE if low else tolerance)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS


def loss(x, h0, Wx, Wh, b, grad):
    """L = sum(grad_h_seq * h_seq) for h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b), in float64."""
    total, h = 0.0, h0
    for t in range(len(x)):
        h = np.tanh(x[t] @ Wx + h @ Wh + b)
        total += float(np.sum(grad[t] * h))
    return total


def finite_differences(x, h0, Wx, Wh, b, grad):
    """dL/d(each of x, h0, Wx, Wh, b) by central differences, one element at a time."""
    params = [np.array(p, dtype=np.float64) for p in (x, h0, Wx, Wh, b)]
    grad = np.asarray(grad, dtype=np.float64)
    results = []
    for target in params:
        result = np.zeros_like(target)
        for index in np.ndindex(target.shape):
            original = target[index]
            step = STEP * max(1.0, abs(original))
            target[index] = original + step
            above = loss(*params, grad)
            target[index] = original - step
            below = loss(*params, grad)
            target[index] = original
            result[index] = (above - below) / (2 * step)
        results.append(result)
    return results
