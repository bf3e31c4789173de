"""The torch_custom_autograd suite: a vector, a matrix, a 3-d batch, one element, a 0-d tensor,
inputs near zero, a wide range, magnitudes up to 1e3 (where tanh saturates and exp overflows),
float32, and a benchmark.

Each step's result is harness.py's: the forward output, the gradient with respect to x for the
case's random grad_output, and gradcheck's verdict on a fixed probe. Each is compared on its own,
in that order, and named in the message.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, check_array

PARTS = {
    "output": "the forward output",
    "grad_input": "the gradient with respect to x (grad_output times dy/dx)",
}


def _case(name, rng, shape, scale=2.0, *, magnitudes=None, dtype=np.float64):
    if magnitudes is None:
        x = rng.normal(scale=scale, size=shape)
    else:  # |x| log-uniform over magnitudes, either sign
        low, high = np.log(magnitudes[0]), np.log(magnitudes[1])
        x = np.exp(rng.uniform(low, high, size=shape)) * rng.choice([-1.0, 1.0], size=shape)
    grad_output = rng.normal(size=shape)
    return Case(name, (x.astype(dtype), grad_output.astype(dtype)))


def examples():
    x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    grad_output = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 2.0, -1.0])
    yield Case("example-seven-points", (x, grad_output))


def hidden(rng: np.random.Generator):
    yield _case("vector", rng, (int(rng.integers(20, 100)),))
    yield _case("matrix", rng, (int(rng.integers(3, 12)), int(rng.integers(3, 12))))
    yield _case("batch-3d", rng, (2, int(rng.integers(3, 8)), 5))
    yield _case("one-element", rng, (1,))
    yield _case("zero-d", rng, ())
    yield _case("near-zero", rng, (30,), scale=1e-3)
    yield _case("wide-range", rng, (8, 8), scale=10.0)
    # tanh is exactly +-1 here, and exp(2u) overflows: a sigmoid written with exp gives inf / inf.
    yield _case("magnitudes-to-1e3", rng, (40,), magnitudes=(5.0, 1e3))
    yield _case("float32", rng, (6, 7), dtype=np.float32)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-1000x1000", rng, (1000, 1000))


def check(case, expected, actual, tolerance: Tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != {*PARTS, "gradcheck"}:
        return Check(False, f"expected the harness's parts, got {type(got).__name__}")
    found = check_array(want["output"], got["output"], tolerance)
    if not found.ok:
        return Check(False, f"{PARTS['output']}: {found.message}")
    found = check_array(want["grad_input"], got["grad_input"], tolerance)
    if not found.ok:
        return Check(False, f"{PARTS['grad_input']}: {found.message}")
    if got["gradcheck"] is not True and got["gradcheck"] is not np.True_:
        return Check(
            False,
            "gradcheck: the backward disagrees with central finite differences of the forward"
            " (float64, at 7 points from -3 to 2.5)",
        )
    return PASS
