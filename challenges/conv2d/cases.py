"""The conv2d suite: odd spatial sizes, non-square kernels, strides that do not divide the padded
size, padding 1 and 2, one channel and several, batch 1; then a benchmark where a Python loop over
the output elements times out and im2col (or one tensor contraction) passes.

The checker asks for a NumPy array, then compares values with ``check_numeric``.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Check, as_array, check_numeric


def conv_case(name, rng, x_shape, w_shape, stride, padding, scale=1.0, dtype=np.float64):
    n, c, h, w = x_shape
    f, kh, kw = w_shape
    x = (rng.normal(scale=scale, size=(n, c, h, w))).astype(dtype)
    weights = rng.normal(size=(f, c, kh, kw)).astype(dtype)
    # Biases well away from zero, so that a bias left out or added twice always shows.
    bias = (rng.uniform(0.5, 2.0, size=f) * rng.choice([-1, 1], size=f) * scale).astype(dtype)
    return Case(name, (x, weights, bias, stride, padding))


def examples():
    x = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    yield Case("example-2x2-kernel-defaults", (x, w, np.array([0.5])))
    x = np.array([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]])
    window_sum = [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    centre_and_corner = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]
    w = np.array([[window_sum], [centre_and_corner]])
    yield Case("example-padding-1-stride-2", (x, w, np.array([0.0, 1.0]), 2, 1))


def hidden(rng: np.random.Generator):
    # Names say what each case is about; shapes are (N, C, H, W) and (F, KH, KW).
    yield conv_case("one-channel-odd-sizes", rng, (2, 1, 7, 9), (3, 3, 3), 1, 0)
    yield conv_case("several-channels-padding-1", rng, (3, 4, 9, 11), (5, 3, 3), 1, 1)
    yield conv_case("non-square-kernel", rng, (2, 3, 8, 10), (4, 2, 4), 1, 0)
    yield conv_case("non-square-kernel-padding-2", rng, (2, 2, 7, 6), (3, 3, 5), 1, 2)
    # (11 + 2 - 3) / 2 and (8 + 2 - 3) / 2: one divides, one does not.
    yield conv_case("stride-2-padding-1", rng, (2, 3, 11, 8), (4, 3, 3), 2, 1)
    # (14 + 4 - 3) / 3 = 5 exactly; (13 + 4 - 3) / 3 rounds down.
    yield conv_case("stride-3-padding-2", rng, (2, 2, 14, 13), (3, 3, 3), 3, 2)
    yield conv_case("stride-3-kernel-2-skips-pixels", rng, (2, 2, 11, 10), (2, 2, 2), 3, 0)
    yield conv_case("stride-2-non-square-kernel", rng, (1, 3, 9, 12), (2, 3, 4), 2, 1)
    yield conv_case("batch-1", rng, (1, 5, 10, 9), (6, 3, 3), 1, 1)
    yield conv_case("one-filter-one-channel", rng, (4, 1, 6, 5), (1, 3, 2), 1, 0)
    yield conv_case("kernel-1x1", rng, (2, 6, 5, 7), (4, 1, 1), 1, 0)
    yield conv_case("kernel-covers-input", rng, (3, 2, 5, 4), (3, 5, 4), 1, 0)
    yield conv_case("kernel-larger-than-input-padded", rng, (2, 2, 3, 3), (2, 5, 5), 1, 2)
    yield conv_case("large-magnitudes", rng, (2, 3, 9, 9), (4, 3, 3), 2, 1, scale=1e4)
    yield conv_case("float32", rng, (2, 3, 9, 7), (4, 3, 3), 1, 1, dtype=np.float32)


def benchmark(rng: np.random.Generator):
    yield conv_case("benchmark-8x16x41x41-64-filters", rng, (8, 16, 41, 41), (64, 3, 3), 1, 1)


def check(case, expected, actual, tolerance):
    x, w, _, stride, padding = (*case.steps[0].args, 1, 0)[:5]
    _, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    found = check_numeric(expected[0], actual[0], tolerance)
    if found.ok:
        return found
    setting = f"x of shape {x.shape}, w of shape {w.shape}, stride {stride}, padding {padding}: "
    return Check(False, setting + found.message)
