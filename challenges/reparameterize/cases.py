"""The reparameterisation suite and its statistical checker.

Every case calls ``reparameterize`` several times on the same ``mu`` and ``log_var``. What must
hold exactly is checked exactly: a NumPy float array of ``mu``'s shape, finite everywhere, and the
inputs left unchanged (the judge's default). The rest is about the noise: each result ``z`` gives
the standardised values ``e = (z - mu) / exp(0.5 * log_var)``, computed here in float64, which for
a correct solution are independent standard normal draws. The tests, each rejecting a correct
solution with probability at most ``ALPHA`` whatever the sample size:

- sign: a standard normal is positive with probability exactly 1/2; a binomial test (Chernoff
  bound, ``binomial_implausible``);
- mean: the mean of ``n`` standard normals is exactly N(0, 1/n); reject when
  ``|mean| * sqrt(n) > T`` with ``erfc(T / sqrt(2)) = ALPHA`` (T = 7.13);
- variance: ``sum(e**2)`` is chi-square with ``n`` degrees of freedom; Laurent and Massart (2000,
  Lemma 1) give ``P(X - n >= 2 sqrt(n x) + 2 x) <= exp(-x)`` and ``P(n - X >= 2 sqrt(n x)) <=
  exp(-x)``; with ``x = ln(2 / ALPHA)`` the two sides together err with probability <= ALPHA;
- shape: how many ``|e| < 0.5`` and how many ``|e| > 2`` (uniform noise of the right variance has
  none beyond 1.74), binomial tests (Chernoff bounds, ``binomial_implausible``);
- fresh draws: results of calls 1 and 2 (3 and 4, ...) have the same sign in an element with
  probability exactly 1/2 for independent symmetric draws; a binomial test on disjoint pairs;
- independence between elements: the same, for disjoint pairs of neighbours along the first
  and along the second axis.

At most 8 tests a case and fewer than 20 cases: a correct solution is rejected with probability
below 160 * 1e-12 < 1e-9. (A float32 result is rounded: the probabilities move by less than 1e-6,
nothing against the thresholds.)
"""

import math

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, binomial_implausible

#: The false-rejection probability of one statistical test.
ALPHA = 1e-12
#: Standard normal probabilities of the two bins of the shape tests.
P_CENTRE = math.erf(0.5 / math.sqrt(2))  # P(|e| < 0.5) = 0.383
P_TAILS = math.erfc(2 / math.sqrt(2))  # P(|e| > 2) = 0.0455


def _normal_threshold(alpha):
    """T with P(|Z| > T) = alpha for a standard normal Z, by bisection."""
    low, high = 0.0, 40.0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if math.erfc(middle / math.sqrt(2)) > alpha else (low, middle)
    return high


MEAN_THRESHOLD = _normal_threshold(ALPHA)
CHI2_X = math.log(2 / ALPHA)


def vae_case(name, mu, log_var, calls):
    return Case(name, steps=tuple(call(mu, log_var) for _ in range(calls)))


def draw(rng, shape, mu_scale=2.0, log_var_range=(-3.0, 3.0), dtype=np.float64):
    mu = rng.uniform(-mu_scale, mu_scale, size=shape).astype(dtype)
    log_var = rng.uniform(*log_var_range, size=shape).astype(dtype)
    return mu, log_var


def examples():
    yield vae_case("example-standard-normal", np.zeros((4, 8)), np.zeros((4, 8)), 4)
    mu = np.tile(np.array([[1.0, -1.0, 5.0, 0.0]]), (8, 4))
    log_var = np.tile(np.array([[0.0, np.log(4.0), np.log(0.01), -2.0]]), (8, 4))
    yield vae_case("example-shifted-and-scaled", mu, log_var, 4)


def hidden(rng: np.random.Generator):
    yield vae_case("batch-of-latents", *draw(rng, (64, 32)), 2)
    yield vae_case("batch-of-one", *draw(rng, (1, 2000)), 2)
    yield vae_case("vector", *draw(rng, (5000,)), 2)
    yield vae_case("three-dims", *draw(rng, (8, 20, 30)), 2)
    yield vae_case("tall-matrix", *draw(rng, (2000, 3)), 2)
    yield vae_case("wide-log-variance-range", *draw(rng, (100, 100), 3.0, (-20.0, 20.0)), 2)
    yield vae_case("large-means", *draw(rng, (50, 80), 1e4, (-2.0, 10.0)), 2)
    yield vae_case("log-variance-zero", *draw(rng, (40, 50), 2.0, (0.0, 0.0)), 2)
    yield vae_case("negative-log-variances", *draw(rng, (40, 50), 2.0, (-6.0, -1.0)), 2)
    yield vae_case("positive-log-variances", *draw(rng, (40, 50), 2.0, (1.0, 6.0)), 2)
    yield vae_case("one-element-many-calls", *draw(rng, (1,)), 300)
    yield vae_case("small-matrix-many-calls", *draw(rng, (2, 3)), 60)
    yield vae_case("float32", *draw(rng, (100, 60), dtype=np.float32), 2)


def benchmark(rng: np.random.Generator):
    yield vae_case("benchmark-1000x1000", *draw(rng, (1000, 1000)), 2)


def check(case, expected, actual, tolerance):
    mu, log_var = case.steps[0].args
    noise = []
    for index, output in enumerate(actual):
        standardised, problem = standardise(mu, log_var, output)
        if problem:
            where = f"call {index + 1}: " if len(actual) > 1 else ""
            return Check(False, where + problem)
        noise.append(standardised)
    if not any(e.any() for e in noise):
        # Every case has at least 128 values, so the sign test rejects this too: a clearer message
        # at no cost in false rejections.
        return Check(
            False, "the output equals mu everywhere: the noise exp(0.5 * log_var) * eps is missing"
        )
    for test in statistical_tests(noise):
        found = test()
        if not found.ok:
            return found
    return PASS


def standardise(mu, log_var, output):
    """``(z - mu) / exp(0.5 * log_var)`` in float64, or what makes ``output`` impossible."""
    got, problem = as_array(output)
    if problem:
        return None, problem
    if got.shape != mu.shape:
        return None, f"expected shape {mu.shape} (mu's), got {got.shape}"
    if got.dtype.kind != "f":
        return None, f"expected a floating-point array, got dtype {got.dtype}"
    bad = ~np.isfinite(got)
    if bad.any():
        where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), got.shape))
        return (
            None,
            f"{int(bad.sum())} of {got.size} elements are NaN or infinite (first at {where})",
        )
    sigma = np.exp(0.5 * log_var.astype(np.float64))
    return (got.astype(np.float64) - mu.astype(np.float64)) / sigma, ""


def statistical_tests(noise):
    """The tests of one case, each with false-rejection probability at most ALPHA."""
    tests = [
        lambda: bin_test(noise, "e > 0", lambda e: e > 0, 0.5),
        lambda: mean_test(noise),
        lambda: variance_test(noise),
        lambda: bin_test(noise, "|e| < 0.5", lambda e: np.abs(e) < 0.5, P_CENTRE),
        lambda: bin_test(noise, "|e| > 2", lambda e: np.abs(e) > 2, P_TAILS),
    ]
    if len(noise) >= 2:
        tests.append(lambda: fresh_draws(noise))
    for axis in range(min(noise[0].ndim, 2)):
        if noise[0].shape[axis] >= 2:
            tests.append(lambda axis=axis: independent_neighbours(noise, axis))
    return tests


def _describe(noise):
    count = sum(e.size for e in noise)
    return (
        f"over {count} values from {len(noise)} call(s), the standardised noise "
        "(z - mu) / exp(0.5 * log_var)"
    )


def mean_test(noise):
    values = np.concatenate([e.ravel() for e in noise])
    mean = float(values.mean())
    if abs(mean) * math.sqrt(values.size) <= MEAN_THRESHOLD:
        return PASS
    return Check(
        False, f"{_describe(noise)} has mean {mean:.4g}; eps must be standard normal (mean 0)"
    )


def variance_test(noise):
    values = np.concatenate([e.ravel() for e in noise])
    n = values.size
    squares = float(np.sum(values * values))
    root = 2 * math.sqrt(n * CHI2_X)
    if n - root < squares < n + root + 2 * CHI2_X:
        return PASS
    return Check(
        False,
        f"{_describe(noise)} has mean square {squares / n:.4g}; eps must be standard normal "
        "(variance 1), and the standard deviation exp(0.5 * log_var)",
    )


def bin_test(noise, label, condition, p):
    count = sum(int(condition(e).sum()) for e in noise)
    total = sum(e.size for e in noise)
    if not binomial_implausible(count, total, p, ALPHA):
        return PASS
    return Check(
        False,
        f"{_describe(noise)} has {label} in {count / total:.2%} of the values, where a standard "
        f"normal has it with probability {p:.2%}; eps must be drawn from N(0, 1)",
    )


def sign_agreement(pairs):
    """Independent symmetric draws have the same sign with probability exactly 1/2; pairs where
    either is exactly 0 are left out (a correct solution has none in practice)."""
    same = sum(int((a * b > 0).sum()) for a, b in pairs)
    total = sum(int((a * b != 0).sum()) for a, b in pairs)
    share = f"{same / total:.1%}" if total else "n/a"
    return binomial_implausible(same, total, 0.5, ALPHA), share


def fresh_draws(noise):
    implausible, share = sign_agreement(list(zip(noise[0::2], noise[1::2], strict=False)))
    if not implausible:
        return PASS
    return Check(
        False,
        f"repeated calls on the same input drew noise of the same sign {share} of the time "
        "(independent draws: 50%); eps must be drawn afresh on every call (do not seed the "
        "generator inside the function)",
    )


def independent_neighbours(noise, axis):
    pairs = []
    for e in noise:
        moved = np.moveaxis(e, axis, -1)
        even = moved.shape[-1] // 2 * 2
        pairs.append((moved[..., 0:even:2], moved[..., 1:even:2]))
    implausible, share = sign_agreement(pairs)
    if not implausible:
        return PASS
    return Check(
        False,
        f"neighbouring elements along axis {axis} got noise of the same sign {share} of the "
        "time (independent draws: 50%); every element needs its own independent eps",
    )
