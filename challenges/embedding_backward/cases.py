"""The embedding-backward suite: 1-D, 2-D and 3-D index arrays and a single 0-d index, tokens that
repeat (a few times, thousands of times, every token the same), no repeat at all, the top of the
vocabulary unused, a vocabulary of one, no tokens at all, one feature, int32 and uint16 indices,
large magnitudes, float32, then a benchmark of 16384 tokens from a vocabulary of 8192.

The checker wants a NumPy array of shape (vocab_size, D), float64 for float64 grad_out. On small
float64 cases it first compares it with central finite differences of
``L = sum(grad_out * W[indices])`` with respect to W, computed here, then every case with the
reference.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

#: Finite differences are checked on float64 cases whose table has at most this many entries and
#: with at most FD_MAX_TOKENS tokens.
FD_MAX_TABLE = 400
FD_MAX_TOKENS = 300
#: The step of the central difference. L is linear in W, so the difference has no truncation
#: error: only rounding, about eps * sum|grad_out| / FD_STEP, below 1e-11 here.
FD_STEP = 1e-2
#: How far an entry may be from the finite difference, as a share of the largest magnitude of
#: the difference (at least 1): far above its rounding, far below any mistake (O(1) of a row).
FD_SLACK = 1e-8


def examples():
    grad_out = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0], [-2.0, 1.0]])
    yield Case("example-repeated-token", (np.array([1, 3, 1, 0]), grad_out, 5))
    tokens = np.array([[0, 2, 2], [2, 1, 0]])
    yield Case("example-batch-of-sequences", (tokens, np.arange(18.0).reshape(2, 3, 3) / 2, 4))


def hidden(rng: np.random.Generator):
    def case(name, shape, vocab, d, top=None, dtype=np.float64, index_dtype=np.int64, scale=1.0):
        indices = rng.integers(0, vocab if top is None else top, size=shape).astype(index_dtype)
        grad_out = rng.normal(scale=scale, size=(*np.shape(indices), d)).astype(dtype)
        return Case(name, (indices, grad_out, vocab))

    yield case("tokens", (int(rng.integers(20, 50)),), int(rng.integers(10, 30)), 4)
    yield case("batch-of-sequences", (3, int(rng.integers(5, 12))), 12, 5)
    yield case("three-dims", (2, 3, 4), 9, 3)
    yield case("single-index", (), 7, 6)  # a 0-d index: grad_out has shape (D,)
    yield case("repeats", (200,), 8, int(rng.integers(2, 6)))
    yield case("thousands-of-repeats", (3000,), 3, 4)
    yield case("one-token-everywhere", (40,), 10, 3, top=1)  # all 0: only row 0 is non-zero
    vocab = int(rng.integers(10, 20))
    permutation = rng.permutation(vocab)[: vocab - 2]  # no repeats: dW[idx] += g is right here
    yield Case("no-repeats", (permutation, rng.normal(size=(len(permutation), 4)), vocab))
    # Only the lower half of the vocabulary occurs: dW still has vocab_size rows.
    yield case("top-unused", (30,), 20, 4, top=10)
    yield case("vocabulary-of-one", (6,), 1, 4)
    yield Case("no-tokens", (np.zeros(0, dtype=np.int64), np.zeros((0, 5)), 6))
    yield case("one-feature", (25,), 6, 1)
    yield case("int32-indices", (4, 10), 15, 3, index_dtype=np.int32)
    yield case("uint16-indices", (50,), 20, 3, index_dtype=np.uint16)
    yield case("magnitudes-1e4", (60,), 12, 4, scale=1e4)
    yield case("float32", (10, 50), 50, 8, dtype=np.float32)
    yield case("wide-table", (64,), 1000, 32)


def benchmark(rng: np.random.Generator):
    vocab = 8192
    indices = rng.integers(0, vocab, size=(32, 512))
    yield Case("benchmark-32x512-tokens-8192x64", (indices, rng.normal(size=(32, 512, 64)), vocab))


def check(case, expected, actual, tolerance):
    indices, grad_out, vocab_size = case.steps[0].args
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    want = np.asarray(expected[0])
    if got.shape != want.shape:
        return Check(False, f"expected shape {want.shape} (vocab_size, D), got {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {got.dtype}")
    if got.dtype.itemsize < want.dtype.itemsize:
        return Check(False, f"expected a {want.dtype} result, got {got.dtype}: precision lost")
    if (
        np.asarray(grad_out).dtype == np.float64
        and want.size <= FD_MAX_TABLE
        and np.size(indices) <= FD_MAX_TOKENS
    ):
        found = check_finite_differences(indices, grad_out, vocab_size, got)
        if not found.ok:
            return found
    return check_numeric(want, got, tolerance)


def loss(W, indices, grad_out):
    return float(np.sum(grad_out * W[indices]))


def check_finite_differences(indices, grad_out, vocab_size, got):
    """dW against central differences of sum(grad_out * W[indices]), one entry of W at a time,
    around W = 0 (L is linear in W: where it is taken does not matter)."""
    g = np.asarray(grad_out, dtype=np.float64)
    W = np.zeros((vocab_size, g.shape[-1]))
    numeric = np.empty_like(W)
    for index in np.ndindex(W.shape):
        W[index] = FD_STEP
        above = loss(W, indices, g)
        W[index] = -FD_STEP
        below = loss(W, indices, g)
        W[index] = 0.0
        numeric[index] = (above - below) / (2 * FD_STEP)
    scale = max(float(np.abs(numeric).max()) if numeric.size else 0.0, 1.0)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= FD_SLACK * scale)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), W.shape))
    return Check(
        False,
        f"{int(bad.sum())} of {W.size} entries disagree with central finite differences of "
        f"sum(grad_out * W[indices]); first at {where}: expected about {numeric[where]:.6g}, got "
        f"{float(got[where]):.6g}",
    )
