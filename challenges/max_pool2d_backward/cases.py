"""The max-pooling backward suite: odd and non-square planes (rows and columns no window uses
get no gradient), overlapping windows that share their maximum (their gradients add), gaps,
size 1, a window as large as the input, exact ties (the first maximum in row-major order takes
the gradient), constant and all-negative inputs, float32, 1e4 magnitudes; then a benchmark where
four nested Python loops time out.

The checker asks for a NumPy array of the shape of ``x``, compares it with central finite
differences of ``sum(grad_out * max_pool2d(x))`` (computed here, independently of the reference)
on the small cases without near-ties, then with the reference.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

#: Finite differences are checked on float64 cases with at most this many input elements.
FD_MAX_SIZE = 800
#: The step of the central difference, relative to max(1, max|x|). The loss is piecewise linear in
#: x: as long as no window's largest and second largest elements are within two steps of each
#: other, the difference (divided by the step as actually rounded) is exact up to the rounding of
#: the loss, about 1e-16 * (number of windows) * max|grad_out| / FD_STEP, below 1e-7 of
#: max|grad_out| here; cases with a nearer tie (the exact-tie cases) are left to the reference.
FD_STEP = 1e-6
#: How far dx may be from the finite difference, as a share of the largest |grad_out|: far above
#: the difference's own error, far below a gradient sent to the wrong element (a whole grad_out).
FD_SLACK = 1e-6


def examples():
    x = np.array(
        [
            [1.0, 3.0, 2.0, 0.0],
            [4.0, -1.0, 5.0, 6.0],
            [-2.0, -3.0, 7.0, 1.0],
            [-4.0, -5.0, 7.0, 2.0],
        ]
    )[None, None]
    grad_out = np.array([[0.5, -1.0], [2.0, 3.0]])[None, None]
    yield Case("example-4x4-with-a-tie", (x, grad_out))
    y = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [7.0, -8.0, 9.0]])[None, None]
    grad_y = np.array([[1.0, 2.0], [3.0, 4.0]])[None, None]
    yield Case("example-overlapping-stride-1", (y, grad_y, 2, 1))


def pool_case(name, rng, shape, size=2, stride=2, x=None, scale=1.0, dtype=np.float64):
    n, c, h, w = shape
    if x is None:
        x = rng.normal(scale=scale, size=shape)
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    grad_out = rng.normal(scale=scale, size=(n, c, out_h, out_w))
    args = (x.astype(dtype), grad_out.astype(dtype))
    if (size, stride) != (2, 2):
        args += (size, stride)
    return Case(name, args)


def hidden(rng: np.random.Generator):
    yield pool_case("square-even", rng, (2, 3, 8, 8))
    yield pool_case("batch-one", rng, (1, 4, 6, 6))
    # floor((7 - 2) / 2) + 1 = 3 rows: the last row (and column) of x gets no gradient.
    yield pool_case("odd-spatial", rng, (2, 2, 7, 9))
    yield pool_case("non-square", rng, (2, 3, 4, 12))
    yield pool_case("overlapping-size-2-stride-1", rng, (2, 2, 6, 7), 2, 1)
    yield pool_case("overlapping-size-3-stride-1", rng, (2, 3, 6, 7), 3, 1)
    yield pool_case("overlapping-size-3-stride-2", rng, (2, 2, 9, 11), 3, 2)
    # Small noise and a few large peaks: each peak is the maximum of up to nine windows, and
    # receives all their gradients.
    peaks = rng.normal(scale=0.1, size=(1, 2, 8, 8))
    peaks[rng.uniform(size=peaks.shape) < 0.08] += 10.0
    yield pool_case("shared-peaks-size-3-stride-1", rng, peaks.shape, 3, 1, x=peaks)
    yield pool_case("gaps-size-2-stride-3", rng, (2, 2, 10, 11), 2, 3)
    yield pool_case("size-1", rng, (2, 3, 5, 4), 1, 1)  # dx is grad_out
    yield pool_case("window-is-the-input", rng, (2, 3, 5, 5), 5, 5)
    # Exact ties: values 0, 1 and 2 only, so most windows hold their maximum more than once.
    ties = rng.integers(0, 3, size=(2, 3, 8, 8)).astype(np.float64)
    yield pool_case("ties", rng, ties.shape, x=ties)
    ties = rng.integers(0, 2, size=(2, 2, 7, 7)).astype(np.float64)
    yield pool_case("ties-overlapping-size-3-stride-1", rng, ties.shape, 3, 1, x=ties)
    constant = np.full((1, 2, 6, 6), -1.5)  # every window is one tie: its top-left element
    yield pool_case("constant-input", rng, constant.shape, x=constant)
    negative = -rng.uniform(1.0, 10.0, size=(2, 3, 6, 6))
    yield pool_case("all-negative", rng, negative.shape, x=negative)
    yield pool_case("float32-overlapping", rng, (4, 3, 10, 10), 3, 1, dtype=np.float32)
    yield pool_case("large-values", rng, (2, 2, 9, 9), 3, 3, scale=1e4)


def benchmark(rng: np.random.Generator):
    # Overlapping windows (stride 1) give as many windows as the input has elements: two million,
    # each one iteration of a loop over the windows.
    yield pool_case(
        "benchmark-64x32x32x32-float32-stride-1", rng, (64, 32, 32, 32), 2, 1, dtype=np.float32
    )


def check(case, expected, actual, tolerance):
    x, grad_out, size, stride = (*case.steps[0].args, 2, 2)[:4]
    dx, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if dx.shape != x.shape:
        return Check(False, f"expected shape {x.shape}, the shape of x; got {dx.shape}")
    if dx.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {dx.dtype}")
    if x.dtype == np.float64 and x.size <= FD_MAX_SIZE:
        found = check_finite_differences(x, grad_out, size, stride, dx)
        if not found.ok:
            return found
    found = check_numeric(expected[0], dx, tolerance)
    return found if found.ok else Check(False, f"dx: {found.message}")


def max_pool2d(x, size, stride):
    _, _, h, w = x.shape
    rows = stride * ((h - size) // stride) + 1
    cols = stride * ((w - size) // stride) + 1
    out = x[:, :, 0:rows:stride, 0:cols:stride].copy()
    for di in range(size):
        for dj in range(size):
            np.maximum(out, x[:, :, di : di + rows : stride, dj : dj + cols : stride], out=out)
    return out


def near_tie(x, size, stride, step):
    """Whether some window's two largest elements are within two steps of each other."""
    _, _, h, w = x.shape
    for i in range(0, h - size + 1, stride):
        for j in range(0, w - size + 1, stride):
            window = np.sort(x[:, :, i : i + size, j : j + size].reshape(*x.shape[:2], -1))
            if size > 1 and np.any(window[..., -1] - window[..., -2] <= 2 * step):
                return True
    return False


def check_finite_differences(x, grad_out, size, stride, dx):
    step = FD_STEP * max(1.0, float(np.abs(x).max()))
    if near_tie(x, size, stride, step):
        return PASS

    def loss(values):
        return float(np.sum(grad_out * max_pool2d(values, size, stride)))

    numeric = np.empty_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        numeric[index] = (loss(up) - loss(down)) / (up[index] - down[index])
    scale = max(float(np.abs(grad_out).max()), 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(dx.astype(np.float64) - numeric) <= FD_SLACK * scale)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), x.shape))
    return Check(
        False,
        f"dx: {int(bad.sum())} of {x.size} elements disagree with central finite differences of "
        f"sum(grad_out * max_pool2d(x)); first at {where}: expected about {numeric[where]:.6g}, "
        f"got {float(dx[where]):.6g}",
    )
