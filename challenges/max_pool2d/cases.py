"""The max-pooling suite: odd and non-square spatial sizes, strides below (overlapping windows)
and above (gaps) the window size, size 1, windows as large as the input, all-negative inputs,
float32, then a benchmark that four nested Python loops cannot meet.

The checker compares exactly (max pooling only selects input elements), after making sure the
result is a NumPy array of the right shape, with a message that spells out the expected one.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Check, as_array, check_numeric


def examples():
    x = np.array(
        [
            [
                [1.0, 3.0, 2.0, 0.0],
                [4.0, -1.0, 5.0, 6.0],
                [-2.0, -3.0, 7.0, 1.0],
                [-4.0, -5.0, 0.5, 2.0],
            ]
        ]
    )[None]
    yield Case("example-4x4", (x,))
    y = np.array([[[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]]]])
    yield Case("example-overlapping-stride-1", (y, 2, 1))


def hidden(rng: np.random.Generator):
    def normal(*shape, dtype=np.float64):
        return rng.normal(size=shape).astype(dtype)

    yield Case("square-even", (normal(2, 3, 8, 8),))
    yield Case("batch-one", (normal(1, 4, 6, 6),))
    # floor((7 - 2) / 2) + 1 = 3 rows, not ceil's 4: the last row of the input is left out.
    yield Case("odd-spatial", (normal(2, 2, 7, 9),))
    yield Case("non-square", (normal(2, 3, 4, 12),))
    yield Case("overlapping-size-3-stride-1", (normal(2, 3, 6, 7), 3, 1))
    yield Case("overlapping-size-3-stride-2", (normal(2, 2, 9, 11), 3, 2))
    yield Case("gaps-size-2-stride-3", (normal(2, 2, 10, 11), 2, 3))
    yield Case("gaps-size-1-stride-2", (normal(1, 2, 7, 6), 1, 2))
    yield Case("size-1", (normal(2, 3, 5, 4), 1, 1))  # the identity
    yield Case("tall-size-3-stride-2", (normal(1, 2, 14, 5), 3, 2))
    yield Case("window-is-the-input", (normal(2, 3, 5, 5), 5, 5))
    yield Case("one-output-row", (normal(1, 1, 2, 9),))
    all_negative = -rng.uniform(1.0, 10.0, size=(2, 3, 6, 6))
    yield Case("all-negative", (all_negative,))
    yield Case("many-channels", (normal(3, 32, 8, 6),))
    yield Case("float32", (normal(4, 3, 10, 10, dtype=np.float32),))
    yield Case("large-values", (normal(2, 2, 9, 9) * 1e4, 3, 3))


def benchmark(rng: np.random.Generator):
    # Overlapping 3 x 3 windows (stride 1): about as many as the input has elements, nine elements
    # each, so that a loop over them takes many times what the vectorised solutions do, not only a
    # few (judge challenges check asks for 2.5 times the limit, and a quarter of it). A window's
    # elements cost a Python loop nine times what a 1 x 1 window would, a vectorised solution far
    # less: 3 x 3 rather than 2 x 2 widens the gap by half again.
    yield Case(
        "benchmark-24x16x128x128-float32-3x3-stride-1",
        (rng.normal(size=(24, 16, 128, 128)).astype(np.float32), 3, 1),
    )


def check(case, expected, actual, tolerance):
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    want = np.asarray(expected[0])
    if got.shape != want.shape:
        return Check(
            False,
            f"expected shape {want.shape}, that is (N, C, (H - size) // stride + 1, "
            f"(W - size) // stride + 1); got {got.shape}",
        )
    return check_numeric(want, got, tolerance)
