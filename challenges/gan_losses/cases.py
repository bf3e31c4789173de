"""The GAN-losses suite: batches of real and generated samples of equal and of different sizes,
vectors and columns, a batch of one, zero logits, a winning and a fooled discriminator, logits of
magnitude 1e4 (where exp overflows and sigmoid rounds to 0 or 1), float32, and a benchmark.

The checker wants a pair ``(d_loss, g_loss)`` of real scalars; each is compared with an absolute
bound that scales with the largest logit of the case (see challenge.toml).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, as_parts, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64


def examples():
    yield Case("example-small", (np.array([2.0, -1.0, 0.5]), np.array([-1.5, 0.3])))
    yield Case("example-zeros", (np.zeros(4), np.zeros(4)))
    yield Case("example-large-logits", (np.array([10000.0, -10000.0]), np.array([10000.0, -3.0])))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=2.0, loc=0.0):
        return rng.normal(loc=loc, scale=scale, size=shape)

    n, m = (int(v) for v in rng.integers(10, 60, size=2))
    m = m + (m == n)  # different sizes: one mean over real and fake together differs
    yield Case("equal-sizes", (normal(n), normal(n)))
    yield Case("different-sizes", (normal(n, loc=1.0), normal(m, loc=-1.0)))
    yield Case("columns", (normal(n, 1), normal(m, 1)))
    yield Case("batch-of-one", (normal(1), normal(1)))
    yield Case("one-real-many-fake", (normal(1), normal(m)))
    # The discriminator wins: real scored high, fake low (the saturating generator loss is
    # then flat; the non-saturating one large).
    yield Case(
        "discriminator-wins", (rng.uniform(4.0, 12.0, size=n), rng.uniform(-12.0, -4.0, size=m))
    )
    yield Case(
        "discriminator-fooled", (rng.uniform(-8.0, -2.0, size=n), rng.uniform(2.0, 8.0, size=m))
    )
    # Magnitude 1e4: exp overflows, and sigmoid rounds to exactly 0 or 1 (log gives -inf).
    yield Case("large-logits", (normal(n, scale=1e4), normal(m, scale=1e4)))
    # Both scored far below 0: sigmoid(real) is exactly 0 (log gives -inf) and so is
    # 1 - sigmoid(-fake), while exp(-fake) overflows.
    yield Case(
        "large-negative-logits",
        (-rng.uniform(1e3, 1e4, size=n), -rng.uniform(1e3, 1e4, size=m)),
    )
    yield Case("float32", (normal(n).astype(np.float32), normal(m).astype(np.float32)))
    # exp overflows float32 past 88.7.
    yield Case(
        "float32-past-overflow",
        (
            rng.uniform(-120.0, 120.0, size=n).astype(np.float32),
            rng.uniform(-120.0, 120.0, size=m).astype(np.float32),
        ),
    )
    yield Case("many-samples", (normal(4000), normal(3000)))


def benchmark(rng: np.random.Generator):
    real = rng.normal(loc=1.0, scale=3.0, size=1_000_000)
    fake = rng.normal(loc=-1.0, scale=3.0, size=1_000_000)
    yield Case("benchmark-1000000", (real, fake))


def check(case, expected, actual, tolerance):
    real, fake = (np.asarray(a) for a in case.steps[0].args)
    parts, problem = as_parts(actual[0], ("d_loss", "g_loss"))
    if problem:
        return Check(False, problem)
    bounds = _tolerance(tolerance, real, fake)
    for name, want, got in zip(("d_loss", "g_loss"), expected[0], parts, strict=True):
        found = check_scalar(want, got, bounds, what=name, why_not_finite=NOT_FINITE)
        if not found.ok:
            return found
    return PASS


NOT_FINITE = (
    "exp overflows, or sigmoid rounds to 0 or 1 and log meets 0, where softplus is not computed "
    "stably"
)


def _tolerance(tolerance, real, fake):
    """atol scaled by the largest |logit|; float32 logits get float32 bounds."""
    scale = max(1.0, float(np.abs(real).max()), float(np.abs(fake).max()))
    if np.float32 in (real.dtype, fake.dtype):
        bound = (FLOAT32_EPSILONS + real.size + fake.size) * EPS32
        return Tolerance(rtol=max(tolerance.rtol, bound), atol=max(tolerance.atol, bound) * scale)
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * scale)
