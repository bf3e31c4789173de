"""The conv2d backward suite: odd spatial sizes, non-square kernels, strides 2 and 3 that do not
divide the padded size (rows and columns no window reads get no gradient), padding 1 and 2 (the
padding's gradient is dropped, on both sides), one channel and several, batch 1, 1 x 1 kernels,
kernels as large as the (padded) input, 1e4 magnitudes, float32; then a benchmark where a
Python loop over the output elements times out.

The checker wants a tuple ``(dx, dw, db)`` of NumPy arrays of the shapes of ``x``, ``w`` and
``b``; on the small float64 cases it compares each with central finite differences of
``sum(grad_out * conv2d(x, w, b))`` computed here, independently of the reference, then with the
reference.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

PARTS = ("dx", "dw", "db")
#: Finite differences are checked on float64 cases where x, w and b have at most this many
#: elements together (two forward passes per element).
FD_MAX_SIZE = 700
#: The loss is linear in each of x, w and b separately, so a central difference has no
#: truncation error at all; the step (relative to the largest magnitude of the array it moves)
#: only sets the rounding error, about 1e-16 * sum|grad_out * out| / step, far below FD_SLACK.
FD_STEP = 1e-3
#: How far a gradient may be from the finite difference, as a share of the largest magnitude of
#: that finite difference: far above its rounding error, far below any classic mistake.
FD_SLACK = 1e-7


def conv_case(name, rng, x_shape, w_shape, stride, padding, scale=1.0, dtype=np.float64):
    n, c, h, width = x_shape
    f, kh, kw = w_shape
    x = rng.normal(scale=scale, size=(n, c, h, width))
    w = rng.normal(size=(f, c, kh, kw))
    out_h = (h + 2 * padding - kh) // stride + 1
    out_w = (width + 2 * padding - kw) // stride + 1
    grad_out = rng.normal(scale=scale, size=(n, f, out_h, out_w))
    args = (x.astype(dtype), w.astype(dtype), grad_out.astype(dtype))
    return Case(name, (*args, stride, padding))


def examples():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    grad_out = np.array([[[[1.0, 0.0, -1.0], [0.0, 2.0, 0.0], [0.5, 0.0, 0.0]]]])
    yield Case("example-2x2-kernel-defaults", (x, w, grad_out))
    x = np.array([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]])
    w = np.array([[[[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 3.0]]]])
    grad_out = np.array([[[[1.0, -1.0], [2.0, 0.5]]]])
    yield Case("example-padding-1-stride-2", (x, w, grad_out, 2, 1))


def hidden(rng: np.random.Generator):
    # Names say what each case is about; shapes are (N, C, H, W) and (F, KH, KW).
    yield conv_case("one-channel-odd-sizes", rng, (2, 1, 7, 9), (3, 3, 3), 1, 0)
    yield conv_case("several-channels-padding-1", rng, (3, 4, 9, 11), (5, 3, 3), 1, 1)
    yield conv_case("non-square-kernel", rng, (2, 3, 8, 10), (4, 2, 4), 1, 0)
    yield conv_case("non-square-kernel-padding-2", rng, (2, 2, 7, 6), (3, 3, 5), 1, 2)
    # (11 + 2 - 3) / 2 and (8 + 2 - 3) / 2: one divides, one does not (the last column of the
    # padded input is read by no window).
    yield conv_case("stride-2-padding-1", rng, (2, 3, 11, 8), (4, 3, 3), 2, 1)
    # (14 + 4 - 3) / 3 = 5 exactly; (13 + 4 - 3) / 3 rounds down.
    yield conv_case("stride-3-padding-2", rng, (2, 2, 14, 13), (3, 3, 3), 3, 2)
    # Stride larger than the kernel: pixels between the windows get no gradient.
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
    # float32: half the bytes to hand over (grad_out is the largest input), the same number of
    # output elements for a loop over them.
    yield conv_case(
        "benchmark-8x16x41x41-64-filters-float32",
        rng,
        (8, 16, 41, 41),
        (64, 3, 3),
        1,
        1,
        dtype=np.float32,
    )


def check(case, expected, actual, tolerance):
    x, w, grad_out, stride, padding = (*case.steps[0].args, 1, 0)[:5]
    parts, problem = as_parts(actual[0], PARTS)
    if problem:
        return Check(False, problem)
    shapes = {"dx": (x.shape, "x"), "dw": (w.shape, "w"), "db": ((w.shape[0],), "b, (F,)")}
    arrays = {}
    for name, part in zip(PARTS, parts, strict=True):
        got, problem = as_array(part)
        if problem:
            return Check(False, f"{name}: {problem}")
        shape, of = shapes[name]
        if got.shape != shape:
            return Check(False, f"{name}: expected shape {shape}, that of {of}; got {got.shape}")
        if got.dtype.kind != "f":
            return Check(False, f"{name}: expected a floating-point array, got dtype {got.dtype}")
        arrays[name] = got
    setting = f"x of shape {x.shape}, w of shape {w.shape}, stride {stride}, padding {padding}: "
    if x.dtype == np.float64 and x.size + w.size + w.shape[0] <= FD_MAX_SIZE:
        numeric = finite_differences(x, w, grad_out, stride, padding)
        for name in PARTS:
            found = compare_with_differences(name, numeric[name], arrays[name])
            if not found.ok:
                return Check(False, setting + found.message)
    for name, want in zip(PARTS, expected[0], strict=True):
        found = check_numeric(want, arrays[name], tolerance)
        if not found.ok:
            return Check(False, f"{setting}{name}: {found.message}")
    return PASS


def conv2d(x, w, b, stride, padding):
    kh, kw = w.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H_out, W_out, F)
    return out.transpose(0, 3, 1, 2) + b[None, :, None, None]


def finite_differences(x, w, grad_out, stride, padding):
    """d/dx, d/dw and d/db of sum(grad_out * conv2d(x, w, b)) by central differences (b = 0:
    the loss is linear in b, so its value does not matter)."""
    values = {"dx": x.copy(), "dw": w.copy(), "db": np.zeros(w.shape[0])}

    def loss():
        out = conv2d(values["dx"], values["dw"], values["db"], stride, padding)
        return float(np.sum(grad_out * out))

    numeric = {}
    for name, array in values.items():
        step = FD_STEP * max(1.0, float(np.abs(array).max()))
        result = np.empty_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + step
            above = loss()
            up = array[index]
            array[index] = original - step
            below = loss()
            result[index] = (above - below) / (up - array[index])
            array[index] = original
        numeric[name] = result
    return numeric


def compare_with_differences(name, numeric, got):
    scale = max(float(np.abs(numeric).max()), 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= FD_SLACK * scale)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), numeric.shape))
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {numeric.size} elements disagree with central finite "
        f"differences of sum(grad_out * conv2d(x, w, b)); first at {where}: expected about "
        f"{numeric[where]:.6g}, got {float(got[where]):.6g}",
    )
