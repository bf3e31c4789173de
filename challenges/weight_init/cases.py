"""The weight-initialisation suite and its statistical checker.

Every case calls ``init_weights`` once or more with the same ``(fan_in, fan_out, scheme)``. What
must hold exactly is checked exactly: a NumPy float array of shape ``(fan_in, fan_out)`` (not
PyTorch's ``(fan_out, fan_in)``), finite, and for the uniform schemes every value within
``[-limit, limit]`` (up to the result dtype's rounding). The rest is about the law. Each result
``w`` is divided by the scheme's scale, in float64: ``u = w / limit`` for the uniform schemes,
which for a correct solution are independent U(-1, 1) draws, and ``e = w / std`` for the normal
ones, independent N(0, 1) draws. The tests, each rejecting a correct solution with probability at
most ``ALPHA`` whatever the sample size:

- sign: positive with probability exactly 1/2; a binomial test (Chernoff bound,
  ``binomial_implausible``);
- mean: for ``e``, the mean of ``n`` standard normals is exactly N(0, 1/n): reject when
  ``|mean| sqrt(n) > T`` with ``erfc(T / sqrt(2)) = ALPHA`` (T = 7.13); for ``u``, values in
  [-1, 1]: Hoeffding's ``P(|mean| >= t) <= 2 exp(-n t**2 / 2)``;
- variance (normal schemes): ``sum(e**2)`` is chi-square with ``n`` degrees of freedom;
  Laurent and Massart (2000, Lemma 1), the two sides together at most ALPHA;
- shape of the law, binomial tests on bins: ``|e| < 0.5`` (0.383) and ``|e| > 2`` (0.0455) for
  the normal schemes (uniform noise of the right variance has none past 1.74, a normal truncated
  at two standard deviations too few); ``|u| < 0.1`` (0.1), ``|u| < 0.5`` (0.5) and
  ``|u| > 0.9`` (0.1) for the uniform ones;
- fresh draws: results of calls 1 and 2 (3 and 4, ...) have the same sign in an element with
  probability exactly 1/2 for independent symmetric draws; a binomial test on disjoint pairs;
- independence between elements: the same, for disjoint pairs of neighbours along each axis.

At most 8 tests a case and 21 cases (the examples and the benchmark included): a correct
solution is rejected with probability below 21 * 8 * 1e-12 < 2e-10, under 1e-9. (A float32
result is rounded: the probabilities move by less than 1e-6, nothing against the thresholds.)
"""

import math

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, binomial_implausible

#: The false-rejection probability of one statistical test.
ALPHA = 1e-12
SCHEMES = ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal")
#: Standard normal probabilities of the two bins of the normal schemes' shape tests.
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
LOG_TERM = math.log(2 / ALPHA)


def scale(fan_in, fan_out, scheme):
    """The uniform schemes' limit, or the normal schemes' standard deviation."""
    fans = fan_in if scheme.startswith("he") else fan_in + fan_out
    return math.sqrt((6.0 if scheme.endswith("uniform") else 2.0) / fans)


def init_case(name, fan_in, fan_out, scheme, calls=2, by_name=False):
    if by_name:
        step = call(fan_in=fan_in, fan_out=fan_out, scheme=scheme)
    else:
        step = call(fan_in, fan_out, scheme)
    return Case(name, steps=(step,) * calls)


def examples():
    yield init_case("example-xavier-uniform", 3, 2, "xavier_uniform", calls=1)
    yield init_case("example-he-normal", 4, 3, "he_normal", calls=2)


def hidden(rng: np.random.Generator):
    def size(low, high):
        return int(rng.integers(low, high))

    for scheme in SCHEMES:
        fan_in, fan_out = size(300, 600), size(60, 200)
        yield init_case(f"{scheme}-tall", fan_in, fan_out, scheme)
        fan_in, fan_out = size(20, 60), size(400, 900)
        yield init_case(f"{scheme}-wide", fan_in, fan_out, scheme, by_name=True)
    # Large normal draws: a normal truncated at two standard deviations (and rescaled to the
    # right variance) shows only in tens of thousands of values.
    yield init_case("xavier_normal-large", size(400, 520), size(200, 260), "xavier_normal")
    yield init_case("he_normal-large", size(200, 260), size(400, 520), "he_normal")
    # One input or one output; a single weight drawn hundreds of times.
    yield init_case("he_uniform-one-input", 1, size(2000, 4000), "he_uniform")
    yield init_case("he_normal-one-output", size(2000, 4000), 1, "he_normal")
    yield init_case("xavier_uniform-one-weight", 1, 1, "xavier_uniform", calls=300)
    yield init_case("he_normal-one-weight", 1, 1, "he_normal", calls=300)
    yield init_case("xavier_normal-small-many-calls", 2, 3, "xavier_normal", calls=60)
    yield init_case("he_uniform-square", 256, 256, "he_uniform")


def benchmark(rng: np.random.Generator):
    # Two draws of half a million weights (4 MB each): a few milliseconds of NumPy each.
    yield init_case("benchmark-1024x512-he_normal", 1024, 512, "he_normal")


def check(case, expected, actual, tolerance):
    step = case.steps[0]
    values = dict(zip(("fan_in", "fan_out", "scheme"), step.args, strict=False))
    values.update(step.kwargs)
    fan_in, fan_out, scheme = values["fan_in"], values["fan_out"], values["scheme"]
    uniform = scheme.endswith("uniform")
    spread = scale(fan_in, fan_out, scheme)
    draws = []
    for index, output in enumerate(actual):
        standardised, problem = standardise(output, (fan_in, fan_out), uniform, spread)
        if problem:
            where = f"call {index + 1}: " if len(actual) > 1 else ""
            return Check(False, where + problem)
        draws.append(standardised)
    if not any(d.any() for d in draws):
        return Check(False, "every weight is 0: the weights must be drawn at random")
    for test in statistical_tests(draws, uniform):
        found = test()
        if not found.ok:
            return found
    return PASS


def standardise(output, shape, uniform, spread):
    """``w / limit`` or ``w / std`` in float64, or what makes ``output`` impossible."""
    got, problem = as_array(output)
    if problem:
        return None, problem
    if got.shape != shape:
        hint = (
            " (PyTorch's layout; this exercise wants (fan_in, fan_out))"
            if got.shape == shape[::-1]
            else ""
        )
        return None, f"expected shape {shape} (fan_in, fan_out), got {got.shape}{hint}"
    if got.dtype.kind != "f":
        return None, f"expected a floating-point array, got dtype {got.dtype}"
    bad = ~np.isfinite(got)
    if bad.any():
        return None, f"{int(bad.sum())} of {got.size} weights are NaN or infinite"
    scaled = got.astype(np.float64) / spread
    if uniform:
        # A correct draw is within [-limit, limit]; rounding to the result's dtype may carry it
        # a couple of that dtype's epsilons past.
        slack = 1.0 + 4.0 * float(np.finfo(got.dtype).eps)
        outside = np.abs(scaled) > slack
        if outside.any():
            worst = float(np.abs(scaled).max())
            return None, (
                f"{int(outside.sum())} of {got.size} weights lie outside [-limit, limit] "
                f"(the largest is {worst:.4g} times the limit): the uniform schemes draw from "
                "U(-limit, limit)"
            )
    return scaled, ""


def statistical_tests(draws, uniform):
    """The tests of one case, each with false-rejection probability at most ALPHA."""
    tests = [lambda: bin_test(draws, "w > 0", lambda x: x > 0, 0.5, uniform)]
    if uniform:
        tests += [
            lambda: uniform_mean_test(draws),
            lambda: bin_test(draws, "|w| < 0.1 limit", lambda x: np.abs(x) < 0.1, 0.1, True),
            lambda: bin_test(draws, "|w| < 0.5 limit", lambda x: np.abs(x) < 0.5, 0.5, True),
            lambda: bin_test(draws, "|w| > 0.9 limit", lambda x: np.abs(x) > 0.9, 0.1, True),
        ]
    else:
        tests += [
            lambda: normal_mean_test(draws),
            lambda: variance_test(draws),
            lambda: bin_test(draws, "|w| < 0.5 std", lambda x: np.abs(x) < 0.5, P_CENTRE, False),
            lambda: bin_test(draws, "|w| > 2 std", lambda x: np.abs(x) > 2, P_TAILS, False),
        ]
    if len(draws) >= 2:
        tests.append(lambda: fresh_draws(draws))
    for axis in range(2):
        if draws[0].shape[axis] >= 2:
            tests.append(lambda axis=axis: independent_neighbours(draws, axis))
    return tests


def _law(uniform):
    return "U(-limit, limit)" if uniform else "N(0, std**2)"


def _describe(draws):
    count = sum(d.size for d in draws)
    return f"over {count} weights from {len(draws)} call(s)"


def _flat(draws):
    return np.concatenate([d.ravel() for d in draws])


def uniform_mean_test(draws):
    values = _flat(draws)
    mean = float(values.mean())
    if mean * mean * values.size / 2 <= LOG_TERM:  # Hoeffding, values in [-1, 1]
        return PASS
    return Check(False, f"{_describe(draws)}, the mean is {mean:.4g} times the limit; it must be 0")


def normal_mean_test(draws):
    values = _flat(draws)
    mean = float(values.mean())
    if abs(mean) * math.sqrt(values.size) <= MEAN_THRESHOLD:
        return PASS
    return Check(False, f"{_describe(draws)}, the mean is {mean:.4g} std; it must be 0")


def variance_test(draws):
    values = _flat(draws)
    n = values.size
    squares = float(np.sum(values * values))
    root = 2 * math.sqrt(n * LOG_TERM)
    if n - root < squares < n + root + 2 * LOG_TERM:
        return PASS
    return Check(
        False,
        f"{_describe(draws)}, the variance is {squares / n:.4g} times the scheme's "
        "(2 / (fan_in + fan_out) for xavier_normal, 2 / fan_in for he_normal)",
    )


def bin_test(draws, label, condition, p, uniform):
    count = sum(int(condition(d).sum()) for d in draws)
    total = sum(d.size for d in draws)
    if not binomial_implausible(count, total, p, ALPHA):
        return PASS
    return Check(
        False,
        f"{_describe(draws)}, {label} holds for {count / total:.2%} of them, where "
        f"{_law(uniform)} gives {p:.2%}: the weights must follow the scheme's law",
    )


def sign_agreement(pairs):
    """Independent symmetric draws have the same sign with probability exactly 1/2; pairs where
    either is exactly 0 are left out (a correct solution has none in practice)."""
    same = sum(int((a * b > 0).sum()) for a, b in pairs)
    total = sum(int((a * b != 0).sum()) for a, b in pairs)
    share = f"{same / total:.1%}" if total else "n/a"
    return binomial_implausible(same, total, 0.5, ALPHA), share


def fresh_draws(draws):
    implausible, share = sign_agreement(list(zip(draws[0::2], draws[1::2], strict=False)))
    if not implausible:
        return PASS
    return Check(
        False,
        f"repeated calls with the same arguments drew weights of the same sign {share} of the "
        "time (independent draws: 50%); draw afresh on every call (do not seed the generator "
        "inside the function)",
    )


def independent_neighbours(draws, axis):
    pairs = []
    for d in draws:
        moved = np.moveaxis(d, axis, -1)
        even = moved.shape[-1] // 2 * 2
        pairs.append((moved[..., 0:even:2], moved[..., 1:even:2]))
    implausible, share = sign_agreement(pairs)
    if not implausible:
        return PASS
    return Check(
        False,
        f"neighbouring weights along axis {axis} have the same sign {share} of the time "
        "(independent draws: 50%); every weight needs its own independent draw",
    )
