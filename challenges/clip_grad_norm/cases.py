"""The gradient-clipping suite: every case calls ``clip_grad_norm`` on the judge's own list of
arrays (``in_place=0``): each step's result is the pair (what the call returned, a copy of the
arrays after it), and a later call of the case gets the very same list and arrays, as a training
loop passes them. Lists of mixed shapes (0-d to 3-D), one array, many small ones, gradients far
above and just above ``max_norm``, below it, exactly at it (integer gradients whose norm is an
exact integer, so that every summation order gives it: no clipping), all zeros, magnitudes of 1e4
and of 1e-8 (where the 1e-6 in the coefficient dominates), float32, ``max_norm`` as an int and
by name, and two calls in a row on the same arrays.

The checker: the returned norm as one number (a Python or NumPy float, not an array) within
``rtol`` of the reference's; each array of its shape and dtype (scaled in place, its dtype
cannot change) within ``rtol`` of the reference's, plus ``atol`` times the step's largest
magnitude; arrays left as they were where they should be scaled get a message of their own
(rebinding ``grads[i]``, or building new arrays, leaves the caller's arrays unchanged).
"""

import math

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check

#: The relative bound where the gradients are float32 (see challenge.toml): a float32 norm of
#: two million elements by BLAS (np.linalg.norm) is off by about 1e-5, and so is its coefficient.
FLOAT32_RTOL = 1e-4
# Exact integer norms: sqrt(1 + 4 + 4) = 3, sqrt(4 + 9 + 36) = 7, sqrt(1 + 16 + 64) = 9, ...
QUADRUPLES = ((1, 2, 2, 3), (2, 3, 6, 7), (1, 4, 8, 9), (4, 4, 7, 9), (2, 6, 9, 11), (6, 6, 7, 11))


def norm(grads):
    return math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))


def draw(rng, shapes, scale=1.0, dtype=np.float64, zeros=()):
    """Gradients of ``shapes``, magnitudes spread over two orders; the arrays at ``zeros`` all 0."""
    grads = []
    for k, shape in enumerate(shapes):
        g = rng.normal(size=shape) * scale * 10.0 ** rng.uniform(-1, 1, size=shape)
        grads.append(np.asarray(np.zeros(shape) if k in zeros else g, dtype=dtype))
    return grads


def clip_case(name, grads, *max_norms, by_name=False):
    """One call per max_norm, all on the same list: the later calls get the judge's own arrays
    as the earlier ones left them (their own argument there, None, is not used)."""
    steps = []
    for k, max_norm in enumerate(max_norms):
        first = grads if k == 0 else None
        if by_name:
            steps.append(call(first, max_norm=max_norm, in_place=0))
        else:
            steps.append(call(first, max_norm, in_place=0))
    return Case(name, steps=tuple(steps))


def examples():
    grads = [np.array([3.0, 0.0]), np.array([[0.0], [4.0]])]
    yield clip_case("example-clipped", grads, 1.0)
    yield clip_case("example-not-clipped", [np.array([0.3, -0.4]), np.array(0.0)], 1.0)


def hidden(rng: np.random.Generator):
    def uniform(low, high):
        return float(rng.uniform(low, high))

    mixed = [(4, 3), (3,), (), (2, 3, 2)]
    grads = draw(rng, mixed)
    yield clip_case("mixed-shapes-clipped", grads, norm(grads) * uniform(0.1, 0.5))
    grads = draw(rng, mixed)
    yield clip_case("mixed-shapes-not-clipped", grads, norm(grads) * uniform(1.5, 3.0))
    grads = draw(rng, [(6, 5)])
    yield clip_case("one-array", grads, norm(grads) * uniform(0.2, 0.6))
    grads = draw(rng, [(3,)] * 40)
    yield clip_case("many-small-arrays", grads, norm(grads) * uniform(0.3, 0.7))
    grads = draw(rng, [(5, 4), (4,), (4, 3), (3,)])
    yield clip_case("just-above", grads, norm(grads) * (1 - uniform(1e-4, 1e-3)))
    # Integer entries whose norm is an exact integer, whatever the summation order: at exactly
    # max_norm nothing is clipped (the rule is norm > max_norm, not >=).
    *entries, exact = QUADRUPLES[int(rng.integers(len(QUADRUPLES)))]
    grads = [np.zeros(4), np.zeros((2, 2)), np.zeros(3)]
    for array, value in zip(grads, rng.permutation(entries), strict=True):
        array.flat[int(rng.integers(array.size))] = value * rng.choice([-1.0, 1.0])
    yield clip_case("norm-exactly-max-norm", grads, float(exact))
    yield clip_case("all-zeros", [np.zeros((3, 4)), np.zeros(4), np.zeros(())], 1.0)
    grads = draw(rng, [(8, 6), (6,), (6, 2), (2,)], zeros=(1, 2))
    yield clip_case("some-zero-arrays", grads, norm(grads) * uniform(0.2, 0.5))
    grads = draw(rng, [(10, 8), (8,)], scale=1e4)
    yield clip_case("large-gradients", grads, 1.0)
    # A norm of about 1e-7: the 1e-6 in max_norm / (norm + 1e-6) is most of the denominator.
    grads = draw(rng, [(4, 4), (4,)], scale=1e-8)
    yield clip_case("tiny-gradients", grads, norm(grads) * uniform(0.01, 0.1))
    yield clip_case("zero-dim-arrays", [np.array(v) for v in rng.normal(size=5) * 3], 1.0)
    grads = draw(rng, [(16, 8), (8,), (8, 4), ()], dtype=np.float32)
    yield clip_case("float32-clipped", grads, norm(grads) * uniform(0.1, 0.5))
    grads = draw(rng, [(7, 3), (3,)], dtype=np.float32)
    yield clip_case("float32-not-clipped", grads, norm(grads) * uniform(1.2, 2.0))
    grads = draw(rng, [(5, 5), (5,)], scale=10.0)
    yield clip_case("integer-max-norm", grads, int(rng.integers(1, 5)))
    grads = draw(rng, [(6, 3), (3,)])
    yield clip_case("by-name", grads, norm(grads) * uniform(0.2, 0.6), by_name=True)
    # Twice in a row on the same arrays: the second call sees them clipped, below max_norm.
    grads = draw(rng, [(4, 4), (4,), ()])
    max_norm = norm(grads) * uniform(0.2, 0.5)
    yield clip_case("clipped-twice", grads, max_norm, max_norm)
    grads = draw(rng, [(3, 5), (5,)])
    total = norm(grads)
    yield clip_case("tighter-second-call", grads, total * 0.5, total * uniform(0.1, 0.3))


def benchmark(rng: np.random.Generator):
    # Two million float32 gradients (8 MB) over the layers of a small network, clipped.
    shapes = [(1024, 1024), (1024,), (1024, 512), (512,), (512, 1024), (1024,), (64, 1024)]
    grads = draw(rng, shapes, dtype=np.float32)
    yield clip_case("benchmark-2m-float32", grads, norm(grads) * 0.25)


def check(case, expected, actual, tolerance):
    if len(actual) != len(expected):
        return Check(False, f"expected {len(expected)} results, got {len(actual)}")
    before = list(case.steps[0].args[0])
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        where = f"call {index + 1}: " if len(expected) > 1 else ""
        found = check_call(before, want, got, tolerance)
        if not found.ok:
            return Check(False, where + found.message)
        before = list(want[1])
    return PASS


def check_call(before, want, got, tolerance):
    """One call: ``want`` and ``got`` are (the returned norm, the arrays after the call)."""
    if not isinstance(got, tuple | list) or len(got) != 2:
        return Check(False, "the result could not be read as (the norm, the arrays after)")
    returned, arrays = got
    want_total, want_arrays = want
    if not isinstance(arrays, list) or len(arrays) != len(want_arrays):
        return Check(False, f"expected the list of {len(want_arrays)} gradient arrays")
    float32 = any(np.asarray(g).dtype == np.float32 for g in want_arrays)
    rtol = max(tolerance.rtol, FLOAT32_RTOL) if float32 else tolerance.rtol
    found = check_arrays(before, want_arrays, arrays, rtol, tolerance.atol)
    if not found.ok:
        return found
    return check_total(float(want_total), returned, rtol)


def check_arrays(before, want_arrays, arrays, rtol, atol):
    for k, (want, g) in enumerate(zip(want_arrays, arrays, strict=True)):
        if not isinstance(g, np.ndarray) or g.shape != want.shape or g.dtype != want.dtype:
            return Check(False, f"grads[{k}] is no longer an array of its shape and dtype")
    scaled = any(
        not np.array_equal(old, want) for old, want in zip(before, want_arrays, strict=True)
    )
    unchanged = all(np.array_equal(old, g) for old, g in zip(before, arrays, strict=True))
    if scaled and unchanged:
        return Check(
            False,
            "the norm exceeds max_norm, yet the caller's gradient arrays are unchanged: scale "
            "them in place (g *= coef); rebinding grads[i], a loop variable, or building new "
            "arrays leaves the caller's arrays as they were",
        )
    largest = max((float(np.max(np.abs(w))) for w in want_arrays if w.size), default=0.0)
    for k, (want, g) in enumerate(zip(want_arrays, arrays, strict=True)):
        wide, got = want.astype(np.float64), g.astype(np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            error = np.abs(got - wide)
            bad = ~(error <= atol * largest + rtol * np.abs(wide))  # NaN is bad
        if bad.any():
            where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), want.shape))
            what = "scaled" if not np.array_equal(before[k], want) else "left as they were"
            return Check(
                False,
                f"grads[{k}] after the call: {int(bad.sum())} of {want.size} elements wrong "
                f"(they should be {what}); first at {where}: expected {wide[where]:.10g}, "
                f"got {got[where]:.10g}",
            )
    return PASS


def check_total(want, returned, rtol):
    if isinstance(returned, bool | np.bool_) or not isinstance(
        returned, int | float | np.integer | np.floating
    ):
        if isinstance(returned, np.ndarray):
            what = f"a NumPy array of shape {returned.shape}"
        else:
            what = "None" if returned is None else f"a {type(returned).__name__}"
        return Check(
            False, f"expected the total norm as one float (a Python or NumPy float), got {what}"
        )
    value = float(returned)
    if not abs(value - want) <= rtol * abs(want):  # NaN fails too
        return Check(
            False,
            f"the returned norm is {value:.12g}, expected {want:.12g}: the global L2 norm of "
            "every element of every array, before clipping",
        )
    return PASS
