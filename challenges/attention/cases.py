"""The attention suite and its checker.

Cases cover no, one and two leading batch dimensions (batch size 1 and larger), more keys than
queries and the reverse, masks of several broadcast shapes (causal, padding, per query and per
head), queries whose keys are all masked, and scores of magnitude 1e4 (both signs, so that ``exp``
overflows and underflows unless each row is shifted by its maximum).

The padding cases call the function twice: the second call changes only the keys and values that
every query is masked from, to huge values; the output must not change (masked keys have no
influence at all, which a mask applied after the softmax, or added as a finite penalty that the
huge scores outweigh, does not give).
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, check_numeric


def examples():
    Q = np.array([[1.0, 0.0], [0.0, 1.0]])
    K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    V = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    yield Case("example-no-mask", (Q, K, V))
    mask = np.array([[True, False, True], [False, False, False]])
    yield Case("example-mask-and-fully-masked-row", (Q, K, V, mask))


def qkv(rng, batch, lq, lk, d, dv, scale=1.0, dtype=np.float64):
    """Q, K and V with scores q.k / sqrt(d) of about ``scale**2`` in magnitude."""
    return tuple(
        (rng.normal(scale=s, size=(*batch, n, width))).astype(dtype)
        for s, n, width in ((scale, lq, d), (scale, lk, d), (1.0, lk, dv))
    )


def random_mask(rng, shape, keep=0.6, fully_masked_rows=1):
    """A random boolean mask of ``shape`` with some query rows all False, and at least one key
    kept in every other row."""
    mask = rng.random(shape) < keep
    rows = mask.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), rng.integers(0, shape[-1], size=len(rows))] = True
    chosen = rng.choice(len(rows), size=min(fully_masked_rows, len(rows)), replace=False)
    rows[chosen] = False
    return rows.reshape(shape)


def padding_case(name, rng, batch, lq, lk, d, dv):
    """Keys beyond each sequence's length are masked for every query (lengths include 0 and lk);
    the second call puts huge keys and values there."""
    Q, K, V = qkv(rng, (batch,), lq, lk, d, dv)
    lengths = rng.integers(1, lk, size=batch)
    lengths[0], lengths[-1] = lk, 0
    mask = (np.arange(lk) < lengths[:, None])[:, None, :]  # (batch, 1, lk)
    masked = ~mask[:, 0, :]
    K2, V2 = K.copy(), V.copy()
    K2[masked] = rng.normal(scale=3e3, size=(int(masked.sum()), d))
    V2[masked] = rng.normal(scale=1e4, size=(int(masked.sum()), dv))
    return Case(name, steps=(call(Q, K, V, mask), call(Q, K2, V2, mask)))


def hidden(rng: np.random.Generator):
    yield Case("one-query-one-key", qkv(rng, (), 1, 1, 4, 3))
    yield Case("no-batch-dimension", qkv(rng, (), 5, 7, 8, 3))
    yield Case("batch-of-one", qkv(rng, (1,), 6, 9, 16, 4))
    yield Case("batch-more-queries-than-keys", qkv(rng, (4,), 11, 5, 8, 6))
    yield Case("two-batch-dimensions", qkv(rng, (2, 3), 7, 10, 16, 5))
    yield Case("values-wider-than-keys", qkv(rng, (3,), 4, 6, 2, 12))
    # Scores of about 1e4: exp overflows without the max shift.
    yield Case("large-scores", qkv(rng, (3,), 6, 8, 16, 4, scale=100.0))
    # Every score about -1e4: exp underflows to 0 for the whole row without the max shift.
    base = rng.normal(size=(2, 1, 16)) * 35.0
    Q = base + rng.normal(size=(2, 5, 16))
    K = -base + rng.normal(size=(2, 7, 16))
    yield Case("very-negative-scores", (Q, K, rng.normal(size=(2, 7, 3))))

    Q, K, V = qkv(rng, (2,), 8, 8, 8, 4)
    yield Case("causal-mask-2d", (Q, K, V, np.tril(np.ones((8, 8), dtype=bool))))
    Q, K, V = qkv(rng, (3,), 6, 9, 8, 5)
    yield Case(
        "mask-per-query-some-rows-fully-masked", (Q, K, V, random_mask(rng, (3, 6, 9), 0.5, 3))
    )
    Q, K, V = qkv(rng, (2, 4), 5, 7, 8, 3)
    yield Case("mask-broadcast-over-heads", (Q, K, V, random_mask(rng, (2, 1, 5, 7), 0.6, 2)))
    Q, K, V = qkv(rng, (1,), 4, 6, 8, 3)
    yield Case("mask-batch-of-one", (Q, K, V, random_mask(rng, (1, 4, 6), 0.5, 1)))
    Q, K, V = qkv(rng, (2,), 3, 5, 4, 2)
    yield Case("all-keys-masked", (Q, K, V, np.zeros((2, 3, 5), dtype=bool)))
    Q, K, V = qkv(rng, (2,), 6, 9, 16, 4, scale=100.0)
    yield Case("large-scores-masked", (Q, K, V, random_mask(rng, (2, 6, 9), 0.5, 2)))
    yield padding_case("padding-masked-keys-have-no-influence", rng, 4, 5, 10, 8, 6)
    yield padding_case("padding-one-query", rng, 3, 1, 6, 4, 3)
    Q, K, V = qkv(rng, (3,), 7, 9, 16, 5, dtype=np.float32)
    yield Case("float32", (Q, K, V, random_mask(rng, (7, 9), 0.6, 1)))


def benchmark(rng: np.random.Generator):
    Q, K, V = qkv(rng, (4, 8), 256, 256, 64, 64)
    yield Case(
        "benchmark-4x8-heads-256-causal", (Q, K, V, np.tril(np.ones((256, 256), dtype=bool)))
    )


def check(case, expected, actual, tolerance):
    for index, (step, want, got) in enumerate(zip(case.steps, expected, actual, strict=True)):
        where = f"call {index + 1}: " if len(case.steps) > 1 else ""
        found = check_structure(step.args, want, got, tolerance)
        if not found.ok:
            return Check(False, where + found.message)
    if len(case.steps) == 2:  # padding: the second call changed only masked keys and values
        found = check_numeric(np.asarray(actual[0]), actual[1], tolerance)
        if not found.ok:
            return Check(
                False,
                "the output changed when only keys and values that every query is masked from "
                "were changed (to large values): masked keys must have no influence at all; "
                + found.message,
            )
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        found = check_numeric(want, got, tolerance)
        if not found.ok:
            where = f"call {index + 1}: " if len(case.steps) > 1 else ""
            return Check(False, where + found.message)
    return PASS


def check_structure(args, want, got, tolerance):
    """A float array of the right shape, finite, with zeros for the fully masked queries."""
    got, problem = as_array(got)
    if problem:
        return Check(False, problem)
    want = np.asarray(want)
    if got.shape != want.shape:
        return Check(False, f"expected shape (..., Lq, dv) = {want.shape}, got {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {got.dtype}")
    blocked = fully_masked(args)
    bad = ~np.isfinite(got)
    if bad.any():
        at = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), got.shape))
        hint = (
            "this query's keys are all masked, so its output must be zeros"
            if blocked[at[:-1]]
            else "subtract each row's largest score before exp, so that it cannot overflow "
            "or underflow"
        )
        return Check(
            False,
            f"{int(bad.sum())} of {got.size} elements are NaN or infinite; first at {at}: {hint}",
        )
    limit = tolerance.atol * max(1.0, float(np.abs(want).max(initial=0.0)))
    nonzero = blocked[..., None] & (np.abs(got) > limit)
    if nonzero.any():
        at = tuple(int(i) for i in np.unravel_index(int(np.argmax(nonzero)), got.shape))
        rows = int(nonzero.any(axis=-1).sum())
        return Check(
            False,
            f"{rows} of {int(blocked.sum())} queries whose keys are all masked have a nonzero "
            f"output (first at {at}: {got[at]:.6g}); their output must be zeros",
        )
    return PASS


def fully_masked(args):
    """Which queries, of shape (..., Lq), may attend to no key at all."""
    Q, K = args[0], args[1]
    mask = args[3] if len(args) > 3 else None
    batch = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2])
    shape = (*batch, Q.shape[-2], K.shape[-2])
    if mask is None:
        return np.zeros(shape[:-1], dtype=bool)
    return ~np.broadcast_to(np.asarray(mask, dtype=bool), shape).any(axis=-1)
