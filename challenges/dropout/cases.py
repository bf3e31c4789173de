"""The dropout suite and its statistical checker.

Every case calls ``dropout_layer`` several times on the same input. What must hold exactly is
checked exactly: the shape, each element either 0 or the input scaled by ``1 / (1 - rate)``, the
input left unchanged. What is random is checked with binomial tests that each reject a correct
solution with probability at most ``ALPHA``; :func:`statistical_tests` counts them, and the suite
runs few enough that a correct submission is rejected with probability below 1e-9 in all.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, binomial_implausible

#: The false-rejection probability of one statistical test.
ALPHA = 1e-12
#: Kept values may differ from ``x / (1 - rate)`` by this many epsilons of the input's precision
#: (``x * (1 / (1 - rate))`` rounds twice, and a float32 input may be scaled in float32).
EPSILONS = 4


def dropout_case(name, X, rate, calls):
    return Case(name, steps=tuple(call(X, rate) for _ in range(calls)))


def nonzero(rng, shape, dtype=np.float64):
    """Values away from zero, so that a dropped element can never be mistaken for a kept one."""
    magnitude = rng.uniform(0.5, 2.0, size=shape) if np.dtype(dtype).kind == "f" else None
    if magnitude is None:
        magnitude = rng.integers(1, 100, size=shape)
    return (magnitude * rng.choice([-1, 1], size=shape)).astype(dtype)


def examples():
    yield dropout_case("example-rate-zero-is-identity", np.array([[1.0, -2.0], [3.0, 4.0]]), 0.0, 1)
    yield dropout_case("example-half-of-ones", np.ones((10, 10)), 0.5, 1)


def hidden(rng: np.random.Generator):
    yield dropout_case("matrix-rate-0.2", nonzero(rng, (200, 300)), 0.2, 2)
    yield dropout_case("matrix-rate-0.75", nonzero(rng, (300, 200)), 0.75, 2)
    yield dropout_case("vector-rate-0.1", nonzero(rng, (20000,)), 0.1, 2)
    yield dropout_case("three-dims-rate-0.3", nonzero(rng, (10, 20, 30)), 0.3, 3)
    yield dropout_case("four-dims-rate-0.6", nonzero(rng, (4, 5, 6, 70)), 0.6, 2)
    yield dropout_case("one-element-many-calls", nonzero(rng, (1,)), 0.25, 400)
    yield dropout_case("small-matrix-many-calls", nonzero(rng, (2, 3)), 0.4, 100)
    yield dropout_case("float32", nonzero(rng, (100, 150), np.float32), 0.2, 2)
    yield dropout_case("float16", nonzero(rng, (100, 150), np.float16), 0.3, 2)
    yield dropout_case("integers", nonzero(rng, (150, 100), np.int64), 0.25, 2)
    yield dropout_case("rate-0.9", nonzero(rng, (200, 200)), 0.9, 2)
    yield dropout_case("rate-0.5", nonzero(rng, (100, 100)), 0.5, 2)
    yield dropout_case("rate-zero", nonzero(rng, (50, 60)), 0.0, 2)
    yield dropout_case("empty", nonzero(rng, (0, 5)), 0.3, 1)


def benchmark(rng: np.random.Generator):
    yield dropout_case("benchmark", nonzero(rng, (1000, 1000)), 0.2, 2)


def check(case, expected, actual, tolerance):
    X, rate = case.steps[0].args
    masks = []
    for index, output in enumerate(actual):
        kept, problem = kept_mask(X, rate, output)
        if problem:
            where = f"call {index + 1}: " if len(actual) > 1 else ""
            return Check(False, where + problem)
        masks.append(kept)
    for test in statistical_tests(X, rate, masks):
        found = test()
        if not found.ok:
            return found
    return PASS


def kept_mask(X, rate, output):
    """Which elements were kept, or what makes ``output`` impossible whatever the random draw."""
    got, problem = as_array(output)
    if problem:
        return None, problem
    if got.shape != X.shape:
        return None, f"expected shape {X.shape} (the input's), got {got.shape}"
    if got.dtype.kind not in "biuf":
        return None, f"expected a real-valued array, got dtype {got.dtype}"
    values = got.astype(np.float64)
    scaled = X.astype(np.float64) / (1.0 - rate)
    precision = np.finfo(X.dtype).eps if X.dtype.kind == "f" else np.finfo(np.float64).eps
    with np.errstate(invalid="ignore"):
        kept = np.abs(values - scaled) <= EPSILONS * precision * np.abs(scaled)
    dropped = values == 0
    bad = ~(kept | dropped)
    if bad.any():
        where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), X.shape))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = values[where] / X[where]
            error = abs(values[where] - scaled[where]) / abs(scaled[where])
        count = f"{int(bad.sum())} of {X.size} elements are neither 0 nor"
        if error < 1e-3:
            return None, (
                f"{count} the input scaled by 1 / (1 - dropout_rate) to the precision of the "
                f"input's dtype ({X.dtype}); at {where} the relative error is {error:.2g}"
            )
        return None, (
            f"{count} the input scaled by 1 / (1 - dropout_rate) = {1 / (1 - rate):.6g}; at "
            f"{where} the output is {ratio:.6g} times the input"
        )
    return kept, ""


def statistical_tests(X, rate, masks):
    """The binomial tests of one case, each with false-rejection probability at most ALPHA."""
    if not 0.0 < rate < 1.0 or X.size == 0:
        return [lambda: drop_rate(rate, masks)]  # rate 0: nothing may be dropped, surely
    tests = [lambda: drop_rate(rate, masks)]
    if len(masks) >= 2:
        tests.append(lambda: fresh_masks(rate, masks))
    for axis in range(min(X.ndim, 2)):
        if X.shape[axis] >= 2:
            tests.append(lambda axis=axis: independent_neighbours(rate, masks, axis))
    return tests


def drop_rate(rate, masks):
    dropped = sum(int((~m).sum()) for m in masks)
    total = sum(m.size for m in masks)
    if not binomial_implausible(dropped, total, rate, ALPHA):
        return PASS
    return Check(
        False,
        f"dropped {dropped / total:.1%} of {total} elements over {len(masks)} call(s); each must "
        f"be dropped with probability dropout_rate = {rate:g}",
    )


def fresh_masks(rate, masks):
    """Two calls on the same input: each element kept by both or dropped by both as often as
    independent draws would."""
    verdict = agreement_test(rate, list(zip(masks[0::2], masks[1::2], strict=False)))
    return verdict(
        "repeated calls on the same input kept and dropped the same elements {share} of the "
        "time; the mask must be drawn afresh, independently, on every call"
    )


def independent_neighbours(rate, masks, axis):
    """Disjoint pairs of neighbours along ``axis``: agreeing as often as independent draws."""
    pairs = []
    for mask in masks:
        moved = np.moveaxis(mask, axis, -1)
        even = moved.shape[-1] // 2 * 2
        pairs.append((moved[..., 0:even:2], moved[..., 1:even:2]))
    verdict = agreement_test(rate, pairs)
    return verdict(
        f"neighbouring elements along axis {axis} were kept or dropped together {{share}} of "
        "the time; "
        "each element must be dropped independently of its position"
    )


def agreement_test(rate, pairs):
    """Two independent draws agree (both kept or both dropped) with probability
    ``rate**2 + (1 - rate)**2``; returns a function that turns a message into the verdict."""
    same = sum(int((a == b).sum()) for a, b in pairs)
    total = sum(a.size for a, _ in pairs)
    implausible = binomial_implausible(same, total, rate**2 + (1 - rate) ** 2, ALPHA)
    share = f"{same / total:.1%}" if total else "n/a"
    return lambda message: Check(False, message.format(share=share)) if implausible else PASS
