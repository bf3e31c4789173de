"""The layer-normalisation suite: every leading shape (1-D to 4-D, one row, a last axis of length
1), rows where the mistakes show (offset by 1e4, scaled by 1e4, of tiny variance, constant), a
non-default eps and float32, then a float32 benchmark of two million elements.

The checker is the default numeric comparison, except that the result must be a NumPy array and
not of lower precision than the reference's (a float32 result for float64 inputs is wrong).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Check, as_array, check_numeric


def examples():
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]])
    gamma = np.array([1.0, 2.0, 0.5])
    beta = np.array([0.0, 1.0, -1.0])
    yield Case("example-two-rows", (x, gamma, beta))
    yield Case("example-vector", (np.array([2.0, 4.0, 6.0, 8.0]), np.ones(4), np.zeros(4)))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0, loc=0.0):
        return rng.normal(loc=loc, scale=scale, size=shape)

    def case(name, x, eps=None, dtype=np.float64):
        d = x.shape[-1]
        gamma, beta = rng.uniform(0.5, 2.0, d) * rng.choice([-1, 1], d), normal(d)
        args = (x.astype(dtype), gamma.astype(dtype), beta.astype(dtype))
        return Case(name, args if eps is None else (*args, eps))

    yield case("batch", normal(8, 16))
    yield case("one-row", normal(1, 32))
    yield case("vector", normal(24))
    # A square tail: mean(axis=-1)[:, None] broadcasts without an error here, to the wrong values.
    yield case("three-dims-square-tail", normal(2, 6, 6))
    yield case("three-dims", normal(4, 5, 12))
    yield case("four-dims", normal(2, 3, 4, 10))
    yield case("last-axis-one", normal(7, 1))  # every row is its own mean: the output is beta
    yield case("last-axis-one-three-dims", normal(3, 4, 1))
    yield case("offset-1e4", normal(6, 50, loc=1e4))
    yield case("scaled-1e4", normal(5, 40, scale=1e4))
    # Variance 1e-6, below eps: sqrt(var + eps) and sqrt(var) + eps differ by a factor of 3.
    yield case("tiny-variance", normal(6, 30, scale=1e-3, loc=rng.uniform(-2, 2)))
    constant = normal(6, 20)
    constant[::2] = rng.normal(size=(3, 1))  # every other row constant: normalised to 0
    yield case("constant-rows", constant)
    yield case("eps-0.1", normal(4, 8, scale=0.5), eps=0.1)
    yield case("eps-zero", normal(3, 9), eps=0.0)
    yield case("float32", normal(16, 64), dtype=np.float32)
    yield case("wide-rows", normal(3, 1000))
    yield case("many-rows", normal(300, 32))


def benchmark(rng: np.random.Generator):
    d = 256
    # 2 million float32 values (8 MB): the result travels four times in one run (the ordinary
    # run's, then the first timed run's and the two the worker checks), within the output limit.
    x = rng.normal(size=(32, 256, d)).astype(np.float32)
    gamma = rng.uniform(0.5, 2.0, d).astype(np.float32)
    yield Case("benchmark-32x256x256-float32", (x, gamma, rng.normal(size=d).astype(np.float32)))


def check(case, expected, actual, tolerance):
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    want = np.asarray(expected[0])
    if got.dtype.kind == "f" and got.dtype.itemsize < want.dtype.itemsize:
        return Check(False, f"expected a {want.dtype} result, got {got.dtype}: precision lost")
    return check_numeric(want, got, tolerance)
