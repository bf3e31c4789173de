"""The early-stopping suite: curves built so that each classic slip changes the answer.

Every loss and every ``min_delta`` is a multiple of ``STEP`` (2**-10) and below 2**10 in
magnitude, so all the comparisons are exact in float32 and float64 alike: ``loss < best -
min_delta`` and ``best - loss > min_delta`` never disagree, and a tie is a real tie. Each curve
is built from its parts (a descent, a plateau above the best, a tie, gains smaller than
``min_delta``), so the mistakes the suite targets show on every draw, not only on lucky ones.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check

STEP = 2.0**-10
NAMES = ("stop_epoch", "best_epoch")


def on_grid(ticks, as_list=False, dtype=np.float64):
    """Losses ``ticks * STEP``: a Python list of floats, or a 1-D array of ``dtype``."""
    values = np.asarray(ticks, dtype=np.int64) * STEP
    return [float(v) for v in values] if as_list else values.astype(dtype)


def descent(rng, start, epochs):
    """Strictly decreasing ticks from ``start``, by 8 to 40 ticks an epoch."""
    return start - np.cumsum(rng.integers(8, 41, size=epochs))


def above(rng, best, epochs, low=1, high=200):
    """Ticks strictly above ``best``: epochs that are no improvement at all."""
    return best + rng.integers(low, high, size=epochs)


def examples():
    yield Case("example-stops", ([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2))
    yield Case("example-min-delta", (np.array([1.0, 0.875, 0.8125, 0.75, 0.75, 0.5]), 2, 0.125))
    yield Case("example-never-stops", (np.array([3.0, 2.0, 1.0]), 1))


def hidden(rng: np.random.Generator):
    # A descent, then a plateau above the best longer than the patience: stops mid-curve.
    down = descent(rng, 800_000, 6)
    ticks = np.concatenate([down, above(rng, down[-1], 12)])
    yield Case("plateau-list", (on_grid(ticks, as_list=True), 3))
    down = descent(rng, 600_000, 9)
    ticks = np.concatenate([down, above(rng, down[-1], 15), descent(rng, down[-1], 4)])
    yield Case("plateau-array", (on_grid(ticks), 5))
    # Each value lower than the one before, yet none below the best: no improvement.
    best = 300_000
    ticks = np.concatenate([[best + 5000, best], best + 4000 - 300 * np.arange(10)])
    yield Case("decreasing-but-above-best", (on_grid(ticks, as_list=True), 4))
    # A tie with the best, one epoch before the patience runs out: not an improvement.
    down = descent(rng, 500_000, 5)
    patience = int(rng.integers(3, 6))
    ticks = np.concatenate(
        [down, above(rng, down[-1], patience - 2), [down[-1]], above(rng, down[-1], 10)]
    )
    yield Case("tie-with-best", (on_grid(ticks), patience))
    ticks = np.concatenate([[400_000, 400_000, 400_000], above(rng, 400_000, 3)])
    yield Case("all-ties-list", (on_grid(ticks, as_list=True), 2))
    # Gains and small rises within min_delta = 16 ticks: none of them counts.
    down = descent(rng, 700_000, 4)
    small = down[-1] + np.cumsum(rng.choice([-3, -2, -1, 1, 2], size=20))
    small = np.clip(small, down[-1] - 15, down[-1] + 15)
    yield Case("gains-below-min-delta", (on_grid(np.concatenate([down, small])), 6, 16 * STEP))
    yield Case(
        "gains-below-min-delta-list",
        (on_grid(np.concatenate([down, small]), as_list=True), 8, 16 * STEP),
    )
    # A gain of exactly min_delta is not enough; one tick more is.
    ticks = [200_000, 199_968, 199_967, 199_935, 199_934, 199_990, 199_990, 199_990]
    yield Case("gain-of-exactly-min-delta", (on_grid(ticks), 2, 32 * STEP))
    # Never stops: a steady descent, and improvements just often enough.
    yield Case("never-stops-descent", (on_grid(descent(rng, 100_000, 30)), 1))
    patience = int(rng.integers(3, 7))
    parts = []
    for level in 900_000 - 5000 * np.arange(1, 8):
        parts += [[level], above(rng, level, patience - 1)]
    ticks = np.concatenate([[900_000], *parts, [level - 5000], above(rng, level, patience - 1)])
    yield Case("never-stops-late-best", (on_grid(ticks), patience, 4 * STEP))
    yield Case("patience-longer-than-history", (on_grid(above(rng, 10_000, 8), as_list=True), 20))
    # The smallest histories.
    yield Case("single-epoch", (on_grid([123_456], as_list=True), 1))
    yield Case("single-epoch-array", (on_grid([123_456]), 3, 8 * STEP))
    yield Case("two-epochs-worse", (on_grid([1000, 1024]), 1))
    yield Case("two-epochs-better", (on_grid([1024, 1000], as_list=True), 1))
    # float32 and negative losses (a negative log-likelihood, say).
    down = descent(rng, 60_000, 7)
    ticks = np.concatenate([down, above(rng, down[-1], 9)])
    yield Case("float32", (on_grid(ticks, dtype=np.float32), 4, 8 * STEP))
    down = descent(rng, -10_000, 5)
    ticks = np.concatenate([down, down[-1] + rng.integers(-20, 100, size=10)])
    yield Case("negative-losses", (on_grid(ticks), 3, 24 * STEP))
    # A long noisy curve: a trend with noise, answer whatever it is.
    trend = 700_000 * np.exp(-np.arange(300) / 60.0) + 50_000
    ticks = np.round(trend + rng.normal(scale=4000, size=300)).astype(np.int64)
    yield Case("noisy-curve", (on_grid(ticks), 10, 64 * STEP))


def benchmark(rng: np.random.Generator):
    # 200,000 epochs; a new best every 10th epoch, so a patience of 20 never runs out.
    epochs = np.arange(200_000)
    ticks = 1_000_000 - 4 * (epochs // 10) + (epochs % 10 != 0) * rng.integers(1, 1000, 200_000)
    yield Case("benchmark-200000-epochs", (on_grid(ticks), 20, STEP))


def check(case, expected, actual, tolerance):
    want, got = expected[0], actual[0]
    if not isinstance(got, tuple | list):
        kind = "None" if got is None else f"a {type(got).__name__}"
        return Check(False, f"expected a tuple (stop_epoch, best_epoch), got {kind}")
    if len(got) != 2:
        return Check(False, f"expected a tuple of 2 ints (stop_epoch, best_epoch), got {len(got)}")
    for name, value in zip(NAMES, got, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            kind = "None" if value is None else f"a {type(value).__name__}"
            return Check(
                False, f"{name} must be an integer (a Python int or a NumPy integer), got {kind}"
            )
    for name, right, value in zip(NAMES, want, got, strict=True):
        if int(value) != int(right):
            return Check(False, f"{name} is {int(value)}; expected {int(right)} (0-based)")
    return PASS
