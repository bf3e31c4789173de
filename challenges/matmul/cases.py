"""The matmul suite: public examples, then hidden shapes a wrong solution trips over."""

import numpy as np

from judge.challenges import Case


def cases(rng: np.random.Generator):
    yield Case(
        "example-2x3-by-3x2",
        (np.array([[1, 2, 3], [4, 5, 6]]), np.array([[7, 8], [9, 10], [11, 12]])),
        public=True,
    )
    yield Case(
        "example-square-floats",
        (np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[1.5, 2.0], [-3.0, 4.0]])),
        public=True,
    )
    yield Case("one-by-one", (rng.normal(size=(1, 1)), rng.normal(size=(1, 1))))
    # Non-square on both sides: catches A @ B.T, B @ A and elementwise products.
    yield Case("non-square-5x7-by-7x3", (rng.normal(size=(5, 7)), rng.normal(size=(7, 3))))
    yield Case("tall-by-wide", (rng.normal(size=(40, 3)), rng.normal(size=(3, 25))))
    yield Case("wide-by-tall", (rng.normal(size=(3, 40)), rng.normal(size=(40, 4))))
    yield Case("square-symmetric-looking", (rng.normal(size=(6, 6)), rng.normal(size=(6, 6))))
    yield Case("vector-by-matrix", (rng.normal(size=7), rng.normal(size=(7, 4))))
    yield Case("matrix-by-vector", (rng.normal(size=(4, 7)), rng.normal(size=7)))
    yield Case("integers", (rng.integers(-50, 50, size=(8, 9)), rng.integers(-50, 50, size=(9, 5))))
    yield Case(
        "large-values", (rng.normal(scale=1e6, size=(10, 12)), rng.normal(scale=1e6, size=(12, 10)))
    )
    yield Case(
        "large-300x400-by-400x200", (rng.normal(size=(300, 400)), rng.normal(size=(400, 200)))
    )
