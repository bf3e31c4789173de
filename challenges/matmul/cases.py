"""The matmul suite: shapes, dtypes and edge cases a wrong product trips over, then a benchmark.

Hidden cases are drawn from ``rng``; the benchmark comes last so that a slow but correct solution
is told it is slow, not wrong.
"""

import numpy as np

from judge.challenges import Case


def examples():
    yield Case(
        "example-2x3-by-3x2",
        (np.array([[1, 2, 3], [4, 5, 6]]), np.array([[7, 8], [9, 10], [11, 12]])),
    )
    yield Case(
        "example-square-floats",
        (np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[1.5, 2.0], [-3.0, 4.0]])),
    )
    yield Case(
        "example-vector-by-matrix", (np.array([1.0, 2.0]), np.array([[1.0, 0.0], [0.0, 3.0]]))
    )
    yield Case(
        "example-incompatible-shapes", (np.ones((2, 3)), np.ones((2, 3))), raises="ValueError"
    )


def hidden(rng: np.random.Generator):
    def normal(*shape):
        return rng.normal(size=shape)

    n, k, m = (int(x) for x in rng.integers(3, 9, size=3))
    yield Case("one-by-one", (normal(1, 1), normal(1, 1)))
    # Non-square on both sides: catches A @ B.T, B @ A and elementwise products.
    yield Case("non-square", (normal(n, k + 2), normal(k + 2, m)))
    yield Case("tall-by-wide", (normal(40, 3), normal(3, 25)))
    yield Case("wide-by-tall", (normal(3, 40), normal(40, 4)))
    yield Case("square", (normal(6, 6), normal(6, 6)))
    yield Case("row-by-column", (normal(1, k), normal(k, 1)))
    yield Case("column-by-row", (normal(n, 1), normal(1, m)))
    yield Case("vector-by-matrix", (normal(k), normal(k, m)))
    yield Case("matrix-by-vector", (normal(n, k), normal(k)))
    yield Case("vector-by-vector", (normal(k), normal(k)))  # a scalar, as numpy.matmul gives
    yield Case("empty-rows", (normal(0, k), normal(k, m)))
    yield Case("empty-inner-dimension", (normal(n, 0), normal(0, m)))  # all zeros
    yield Case("empty-columns", (normal(n, k), normal(k, 0)))
    yield Case("int64", (rng.integers(-50, 50, size=(8, 9)), rng.integers(-50, 50, size=(9, 5))))
    yield Case(
        "int32",
        (
            rng.integers(-50, 50, size=(6, 7)).astype(np.int32),
            rng.integers(-50, 50, size=(7, 4)).astype(np.int32),
        ),
    )
    yield Case("integer-by-float", (rng.integers(-9, 9, size=(5, 6)), normal(6, 3)))
    yield Case("float32", (normal(7, 8).astype(np.float32), normal(8, 9).astype(np.float32)))
    yield Case("large-values", (normal(10, 12) * 1e6, normal(12, 10) * 1e6))
    yield Case("tiny-values", (normal(10, 12) * 1e-6, normal(12, 10) * 1e-6))
    yield Case("incompatible-matrices", (normal(n, k), normal(k + 1, m)), raises="ValueError")
    yield Case("incompatible-vector", (normal(k + 1), normal(k, m)), raises="ValueError")


def benchmark(rng: np.random.Generator):
    yield Case(
        "benchmark-512x512-by-512x512",
        (rng.normal(size=(512, 512)), rng.normal(size=(512, 512))),
    )
