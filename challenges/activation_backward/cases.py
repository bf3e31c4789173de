"""The activation-backward suite: every activation on 1-D, 2-D and 3-D inputs, batches of one,
exact zeros (where relu and leaky_relu have a kink), magnitudes up to 1e4 (where a careless
sigmoid gives NaN), float32, then a benchmark.

The checker compares values, scaled to the case's largest ``|grad_out|`` (see challenge.toml),
and on small float64 cases first compares the gradient with central finite differences of the
forward function, computed here, away from the kink at 0.
"""

import dataclasses

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

NAMES = ("relu", "leaky_relu", "elu", "sigmoid", "tanh")
LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0
#: Finite differences are checked on float64 cases up to this many elements.
FD_MAX_SIZE = 20000
#: Elements this close to 0 are left to the value check: the kink of relu and leaky_relu.
FD_KINK = 1e-4
#: Step of the central difference, relative to max(1, |x|): its truncation error (h^2 f''' / 6)
#: and rounding error (eps |f(x)| / h) both stay below 1e-9 of |grad_out|.
FD_STEP = 1e-6
#: How far a gradient may be from grad_out times the finite difference, as a share of |grad_out|:
#: far above the finite difference's own error, far below any mistake in a derivative.
FD_SLACK = 1e-6


def examples():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    grad_out = np.array([[1.0, 2.0, -1.0, 0.5, 3.0]])
    for name in ("relu", "leaky_relu", "sigmoid"):
        yield Case(f"example-{name}", (name, x, grad_out))
    yield Case("example-tanh-column", ("tanh", np.array([[1.0], [-1.0]]), np.array([[1.0], [2.0]])))


def hidden(rng: np.random.Generator):
    def values(*shape, zeros=0.15, large=0.0, dtype=np.float64):
        """Normal values with a share of exact zeros and, optionally, of magnitudes 1e2..1e4."""
        x = rng.normal(scale=2.0, size=shape)
        pick = rng.random(size=shape)
        x[pick < zeros] = 0.0
        big = (pick >= zeros) & (pick < zeros + large)
        x[big] = rng.choice([-1.0, 1.0], size=int(big.sum())) * 10 ** rng.uniform(2, 4, big.sum())
        if large:
            # Past where exp(-x) or exp(x) overflows float64 (|x| > 709.8), on both sides.
            where = rng.permutation(x.size)[:4]
            x.flat[where] = [-1e4, 1e4, -rng.uniform(710, 2000), rng.uniform(710, 2000)]
        return x.astype(dtype)

    def grads(*shape, dtype=np.float64):
        return rng.normal(scale=1.5, size=shape).astype(dtype)

    for name in NAMES:
        n, d = (int(v) for v in rng.integers(5, 40, size=2))
        yield Case(f"{name}-matrix", (name, values(n, d), grads(n, d)))
        shape = tuple(int(v) for v in rng.integers(2, 9, size=3))
        yield Case(f"{name}-3d", (name, values(*shape), grads(*shape)))
        d = int(rng.integers(40, 80))
        yield Case(f"{name}-batch-of-one-large", (name, values(1, d, large=0.4), grads(1, d)))
    yield Case("relu-vector", ("relu", values(101, zeros=0.3), grads(101)))
    yield Case("sigmoid-3d-large", ("sigmoid", values(3, 7, 11, large=0.3), grads(3, 7, 11)))
    for name in ("sigmoid", "tanh", "leaky_relu"):
        shape = (int(rng.integers(20, 40)), int(rng.integers(10, 30)))
        args = (name, values(*shape, dtype=np.float32), grads(*shape, dtype=np.float32))
        yield Case(f"{name}-float32", args)


def benchmark(rng: np.random.Generator):
    shape = (4, 512, 512)
    x = rng.normal(scale=3.0, size=shape)
    yield Case("benchmark-sigmoid-1M", ("sigmoid", x, rng.normal(size=shape)))


def check(case, expected, actual, tolerance):
    name, x, grad_out = case.steps[0].args
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, f"{name}: {problem}")
    if got.shape != np.shape(x):
        return Check(False, f"{name}: expected shape {np.shape(x)} (that of x), got {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"{name}: expected a floating-point array, got dtype {got.dtype}")
    if np.asarray(x).dtype == np.float64 and np.size(x) <= FD_MAX_SIZE:
        found = check_finite_differences(name, x, grad_out, got)
        if not found.ok:
            return found
    scale = float(np.abs(grad_out).max()) if np.size(grad_out) else 0.0
    found = check_numeric(
        expected[0], got, dataclasses.replace(tolerance, atol=tolerance.atol * scale)
    )
    return PASS if found.ok else Check(False, f"{name}: {found.message}")


def forward(name, x):
    """The activations themselves, in float64, without overflow."""
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "leaky_relu":
        return np.where(x > 0, x, LEAKY_SLOPE * x)
    if name == "elu":
        return np.where(x > 0, x, ELU_ALPHA * np.expm1(np.minimum(x, 0.0)))
    if name == "sigmoid":
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if name == "tanh":
        return np.tanh(x)
    raise ValueError(name)


def check_finite_differences(name, x, grad_out, got):
    """grad_out times the central difference of the forward function, away from the kink at 0."""
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad_out, dtype=np.float64)
    h = FD_STEP * np.maximum(1.0, np.abs(x))
    above, below = x + h, x - h
    slope = (forward(name, above) - forward(name, below)) / (above - below)
    want = g * slope
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(got.astype(np.float64) - want)
        bad = (np.abs(x) >= FD_KINK) & ~(error <= FD_SLACK * np.abs(g) + 1e-300)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), x.shape))
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {x.size} elements disagree with grad_out times a central "
        f"finite difference of {name} itself; first at {where}: expected about "
        f"{want[where]:.6g}, got {float(got[where]):.6g}",
    )
