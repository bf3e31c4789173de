"""The multi-head attention suite and its checker.

Cases cover one token, one head, as many heads as features (d_head = 1), batches of one and more
(never as many as the heads where a mask of shape (N, L, L) or (N, 1, L) is given, so that a mask
not broadcast over the heads axis is caught), masks of every broadcast shape (a causal (L, L),
padding (N, 1, L), per query (N, L, L) with fully masked rows, (1, L, L) and per key (L,)), queries
whose keys are all masked, scores of magnitude 1e4 of both signs (exp overflows or underflows
unless each row is shifted by its maximum), float32, and arguments passed by keyword.

The padding cases call the function twice: the second call changes only the tokens that every
query is masked from (to huge values). Those tokens' own outputs change (their queries did), but
every other token's output must not: masked keys and values have no influence at all, which a mask
applied after the softmax, or added as a finite penalty that huge scores outweigh, does not give.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, check_numeric


def examples():
    x = np.array([[[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]]])
    eye = np.eye(4)
    Wo = np.array(
        [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]]
    )
    yield Case("example-two-heads", (x, eye, eye, eye, Wo, 2))
    mask = np.array([[[True, False, False], [True, True, False], [False, False, False]]])
    yield Case("example-mask-and-fully-masked-row", (x, eye, eye, eye, Wo, 2, mask))


def weights(rng, d_model, scale=1.0, dtype=np.float64):
    """Four (d_model, d_model) matrices that keep the features' size: Wq, Wk, Wv, Wo."""
    return [
        (rng.normal(scale=s / np.sqrt(d_model), size=(d_model, d_model))).astype(dtype)
        for s in (scale, scale, 1.0, 1.0)
    ]


def inputs(rng, N, L, d_model, heads, scale=1.0, dtype=np.float64):
    """x and the weights, with scores q.k / sqrt(d_head) of about ``scale**2`` in magnitude."""
    x = rng.normal(size=(N, L, d_model)).astype(dtype)
    return (x, *weights(rng, d_model, scale * (d_model / heads) ** 0.25, dtype), heads)


def random_mask(rng, shape, keep=0.6, fully_masked_rows=1):
    """A boolean mask of ``shape`` (..., L, L) with some query rows all False, and at least one
    key kept in every other row."""
    mask = rng.random(shape) < keep
    rows = mask.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), rng.integers(0, shape[-1], size=len(rows))] = True
    chosen = rng.choice(len(rows), size=min(fully_masked_rows, len(rows)), replace=False)
    rows[chosen] = False
    return rows.reshape(shape)


def padding_case(name, rng, N, L, d_model, heads):
    """Tokens beyond each sequence's length are masked for every query (a length of L in the
    first sequence, of 1 in the last); the second call makes those tokens huge."""
    x, Wq, Wk, Wv, Wo, heads = inputs(rng, N, L, d_model, heads)
    lengths = rng.integers(1, L, size=N)
    lengths[0], lengths[-1] = L, 1
    mask = (np.arange(L) < lengths[:, None])[:, None, :]  # (N, 1, L)
    padded = ~mask[:, 0, :]
    x2 = x.copy()
    x2[padded] = rng.normal(scale=1e3, size=(int(padded.sum()), d_model))
    steps = (call(x, Wq, Wk, Wv, Wo, heads, mask), call(x2, Wq, Wk, Wv, Wo, heads, mask))
    return Case(name, steps=steps)


def hidden(rng: np.random.Generator):
    yield Case("one-token", inputs(rng, 1, 1, 8, 2))
    yield Case("one-head", inputs(rng, 2, 5, 8, 1))
    yield Case("batch-of-one", inputs(rng, 1, 6, 16, 4))
    yield Case("batch", inputs(rng, 3, 7, 24, 4))
    yield Case("head-width-one", inputs(rng, 2, 5, 6, 6))  # d_head = 1
    yield Case("many-heads", inputs(rng, 2, 9, 32, 8))
    # Scores of about 1e4: exp overflows without the max shift.
    yield Case("large-scores", inputs(rng, 2, 6, 16, 2, scale=100.0))
    # Every score about -1e4 in head 0: exp underflows to 0 for the whole row without the shift.
    x, Wq, Wk, Wv, Wo, h = inputs(rng, 2, 6, 8, 2)
    direction = rng.normal(size=8)
    x = x + 3.0 * direction
    Wq[:, :4] = np.outer(direction, rng.normal(size=4)) * 2.0
    Wk[:, :4] = -Wq[:, :4]
    yield Case("very-negative-scores", (x, Wq, Wk, Wv, Wo, h))

    x, *w, h = inputs(rng, 2, 8, 16, 4)
    yield Case("causal-mask", (x, *w, h, np.tril(np.ones((8, 8), dtype=bool))))
    x, *w, h = inputs(rng, 3, 7, 16, 2)
    yield Case("mask-per-query-fully-masked-rows", (x, *w, h, random_mask(rng, (3, 7, 7), 0.5, 3)))
    x, *w, h = inputs(rng, 1, 5, 12, 3)
    yield Case("mask-batch-of-one", (x, *w, h, random_mask(rng, (1, 5, 5), 0.5, 1)))
    x, *w, h = inputs(rng, 3, 6, 8, 4)
    keys = rng.random(6) < 0.6
    keys[rng.integers(0, 6)] = True
    yield Case("mask-per-key", (x, *w, h, keys))
    x, *w, h = inputs(rng, 2, 4, 8, 4)
    yield Case("all-masked", (x, *w, h, np.zeros((2, 4, 4), dtype=bool)))
    x, *w, h = inputs(rng, 3, 6, 16, 2, scale=100.0)
    yield Case("large-scores-masked", (x, *w, h, random_mask(rng, (3, 6, 6), 0.5, 2)))
    yield padding_case("padding-masked-tokens-have-no-influence", rng, 3, 7, 16, 4)
    yield padding_case("padding-one-head", rng, 4, 5, 8, 1)
    x, Wq, Wk, Wv, Wo, h = inputs(rng, 2, 5, 12, 3)
    mask = np.tril(np.ones((5, 5), dtype=bool))[None]
    yield Case(
        "keywords",
        steps=(call(x=x, Wq=Wq, Wk=Wk, Wv=Wv, Wo=Wo, num_heads=h, mask=mask),),
    )
    x, *w, h = inputs(rng, 3, 9, 32, 4, dtype=np.float32)
    yield Case("float32", (x, *w, h, random_mask(rng, (9, 9), 0.6, 1)))


def benchmark(rng: np.random.Generator):
    x, *w, h = inputs(rng, 4, 256, 256, 8)
    yield Case(
        "benchmark-4x256-d256-8-heads-causal", (x, *w, h, np.tril(np.ones((256, 256), bool)))
    )


def arguments(step):
    """x and the mask of a call, however they were passed."""
    names = ("x", "Wq", "Wk", "Wv", "Wo", "num_heads", "mask")
    given = dict(zip(names, step.args, strict=False)) | dict(step.kwargs)
    return given["x"], given.get("mask")


def fully_masked(x, mask):
    """Which queries, of shape (N, L), may attend to no key at all."""
    N, L, _ = np.shape(x)
    if mask is None:
        return np.zeros((N, L), dtype=bool)
    return ~np.broadcast_to(np.asarray(mask, dtype=bool), (N, L, L)).any(axis=-1)


def check(case, expected, actual, tolerance):
    for index, (step, want, got) in enumerate(zip(case.steps, expected, actual, strict=True)):
        where = f"call {index + 1}: " if len(case.steps) > 1 else ""
        found = check_structure(*arguments(step), want, got, tolerance)
        if not found.ok:
            return Check(False, where + found.message)
    if len(case.steps) == 2:  # padding: the second call changed only masked tokens
        x1, _ = arguments(case.steps[0])
        x2, _ = arguments(case.steps[1])
        same = (x1 == x2).all(axis=-1)  # (N, L): the tokens the second call left alone
        found = check_numeric(np.asarray(actual[0])[same], np.asarray(actual[1])[same], tolerance)
        if not found.ok:
            return Check(
                False,
                "the outputs of unchanged tokens changed when only tokens that every query is "
                "masked from were changed (to large values): masked keys and values must have "
                "no influence at all; " + found.message,
            )
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        found = check_numeric(want, got, tolerance)
        if not found.ok:
            where = f"call {index + 1}: " if len(case.steps) > 1 else ""
            return Check(False, where + found.message)
    return PASS


def check_structure(x, mask, want, got, tolerance):
    """A float array of shape (N, L, d_model), finite, zeros for the fully masked queries."""
    got, problem = as_array(got)
    if problem:
        return Check(False, problem)
    want = np.asarray(want)
    if got.shape != want.shape:
        return Check(False, f"expected x's shape (N, L, d_model), got {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {got.dtype}")
    if got.dtype.itemsize < want.dtype.itemsize:
        return Check(False, f"expected a {want.dtype} result, got {got.dtype}: precision lost")
    blocked = fully_masked(x, mask)
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
            f"output (first at {at}); their output must be zeros",
        )
    return PASS
