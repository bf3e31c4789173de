"""The RoPE suite: no, one and two leading batch dimensions (batch and heads, any of them 1), one
position, one pair (d = 2), positions that are not 0..L-1 (an offset as with a key-value cache,
shuffled and repeated positions, floats), positions up to 9000, bases other than the default
(passed by keyword), pairs of very different magnitudes, int32 positions and float32 inputs, then
a benchmark of a million values.

The checker asks for a NumPy array of x's shape, float64 for float64 inputs, then checks that each
pair kept its length (a rotation does; the sequential-update mistake does not), then compares
values (see challenge.toml). Messages name the pair index i and the sequence index of the first
wrong pair, never the inputs.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, check_numeric


def examples():
    x = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 3.0, 4.0]])
    yield Case("example-three-positions", (x, np.array([0, 1, 2])))
    x = np.array([[[1.0, 2.0, 1.0, 0.0], [3.0, 4.0, 0.0, 1.0]]])  # (1, 2, 4): one batch
    yield Case("example-offset-positions", (x, np.array([5, 6]), 100.0))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0, dtype=np.float64):
        return rng.normal(scale=scale, size=shape).astype(dtype)

    def ordered(length, start=0):
        return np.arange(start, start + length)

    yield Case("no-batch", (normal(7, 8), ordered(7)))
    yield Case("one-position", (normal(3, 1, 16), ordered(1, int(rng.integers(1, 50)))))
    yield Case("one-pair", (normal(2, 9, 2), ordered(9)))
    yield Case("batch-and-heads", (normal(2, 4, 10, 16), ordered(10)))
    yield Case("batch-of-one-head-of-one", (normal(1, 1, 6, 12), ordered(6)))
    yield Case("wide-head", (normal(2, 5, 128), ordered(5)))
    # A key-value cache: the new tokens sit at positions past the ones already seen.
    yield Case("offset-positions", (normal(3, 6, 32), ordered(6, int(rng.integers(100, 2000)))))
    yield Case("shuffled-positions", (normal(2, 12, 8), rng.permutation(40)[:12]))
    yield Case("repeated-positions", (normal(2, 8, 8), rng.integers(0, 4, size=8)))
    yield Case("long-positions", (normal(2, 64, 64), np.sort(rng.choice(9000, 64, replace=False))))
    yield Case("float-positions", (normal(2, 9, 16), np.sort(rng.uniform(0, 50, size=9))))
    yield Case("int32-positions", (normal(3, 11, 24), ordered(11).astype(np.int32)))
    base = float(rng.choice([100.0, 500000.0]))
    yield Case("base-keyword", steps=(call(normal(2, 7, 16), ordered(7, 3), base=base),))
    yield Case(
        "keywords",
        steps=(call(x=normal(4, 8), positions=ordered(4, 10), base=float(rng.uniform(50, 5000))),),
    )
    mixed = normal(2, 10, 16) * 10.0 ** rng.integers(-3, 4, size=(2, 10, 16))
    yield Case("mixed-magnitudes", (mixed, ordered(10, 7)))
    yield Case("float32", (normal(2, 3, 12, 32, dtype=np.float32), ordered(12, 20)))


def benchmark(rng: np.random.Generator):
    x = rng.normal(size=(4, 8, 512, 64))
    yield Case("benchmark-4x8x512x64", (x, np.arange(512)))


def check(case, expected, actual, tolerance):
    step = case.steps[0]
    x = step.args[0] if step.args else dict(step.kwargs)["x"]
    want = np.asarray(expected[0])
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if got.shape != want.shape:
        return Check(False, f"expected x's shape (..., L, d), got an array of shape {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {got.dtype}")
    if got.dtype.itemsize < want.dtype.itemsize:
        return Check(False, f"expected a {want.dtype} result, got {got.dtype}: precision lost")
    if not np.isfinite(got).all():
        return Check(False, f"{int((~np.isfinite(got)).sum())} elements are NaN or infinite")
    found = check_lengths(x, got, tolerance)
    if not found.ok:
        return found
    found = check_numeric(want, got, tolerance)
    if found.ok:
        return PASS
    at = first_wrong_pair(want, got, tolerance)
    return Check(False, f"the first wrong pair is {at}: {found.message}")


def pair_lengths(a):
    a = np.asarray(a, dtype=np.float64)
    return np.hypot(a[..., 0::2], a[..., 1::2])


def check_lengths(x, got, tolerance):
    """A rotation keeps each pair's length, to the comparison's own bounds."""
    before, after = pair_lengths(x), pair_lengths(got)
    eps = 1e-9 if np.asarray(x).dtype == np.float64 else 64 * float(np.finfo(np.float32).eps)
    bound = max(eps, tolerance.rtol) * before + 2 * max(eps, tolerance.atol) * before.max()
    bad = ~(np.abs(after - before) <= bound)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
    return Check(
        False,
        f"{int(bad.sum())} of {bad.size} pairs (x[..., 2i], x[..., 2i + 1]) changed length, which "
        f"a rotation never does; the first is pair i = {where[-1]} at sequence index "
        f"{where[-2]}: its length changed by a factor of "
        f"{after[where] / before[where] if before[where] else np.inf:.6g}",
    )


def first_wrong_pair(want, got, tolerance):
    scale = float(np.abs(want).max(initial=0.0))
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(got - want) <= tolerance.atol * scale + tolerance.rtol * np.abs(want))
    flat = np.flatnonzero(bad.reshape(-1, want.shape[-1]).any(axis=0))
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), want.shape))
    return (
        f"pair i = {where[-1] // 2} at sequence index {where[-2]} "
        f"({len(set(int(c) // 2 for c in flat))} of {want.shape[-1] // 2} pair indices are wrong)"
    )
