"""The top-p suite and its statistical checker.

Each case calls ``top_p_sampling`` many times (``CALLS``) on the same inputs. Exactly, on every
call: the result is an int (a Python int or a NumPy integer scalar) and a token of the nucleus.
Statistically, by binomial tests that each reject a correct solution with probability at most
:data:`ALPHA` (the Chernoff bound of :func:`judge.checking.binomial_implausible`, valid at every
sample size):

- shares: for each nucleus token ``t`` of renormalised probability ``q_t``, the number of calls
  that return it is Binomial(calls, q_t) (one test per nucleus token);
- freshness: over disjoint pairs of calls (1 and 2, 3 and 4, ...), both calls return the same
  token with probability ``sum(q_t ** 2)``, independently (one test): catches a generator seeded
  inside the function and a draw that alternates or cycles.

The tests are dependent, so their false-rejection probabilities are added (a union bound, valid
under any dependence). :func:`statistical_test_count` counts them: the hidden suite has at most
about 60 (its nuclei hold at most ~25 tokens), so a correct submission is rejected with
probability below ``60 * 1e-12 < 1e-10`` (the statement promises at most 1e-9).

The nucleus itself is exact on the hidden inputs: every ``p`` is drawn between two consecutive
running totals, at least 1e-3 from both (far beyond any rounding of a correct softmax), and
tied probabilities come from exactly equal logits (equal after any correct computation).
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, binomial_implausible

#: The false-rejection probability of one statistical test.
ALPHA = 1e-12
#: Calls per statistical case: a nucleus token of renormalised probability q that is never drawn
#: is rejected from calls * -log(1 - q) > log(2 / ALPHA) = 28.3, so from q = 0.07 with 400 calls.
CALLS = 400


def sampling_case(name, logits, p, temperature=None, calls=CALLS, keyword=False):
    logits = np.asarray(logits)
    args, kwargs = (logits, float(p)), {}
    if temperature is not None and keyword:
        kwargs["temperature"] = float(temperature)
    elif temperature is not None:
        args += (float(temperature),)
    return Case(name, steps=tuple(call(*args, **kwargs) for _ in range(calls)))


def nucleus_of(logits, p, temperature=1.0):
    """The nucleus's tokens, most probable first, and their renormalised probabilities."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    order = np.argsort(-probs, kind="stable")
    cumulative = np.cumsum(probs[order])
    size = min(int(np.searchsorted(cumulative, p, side="left")) + 1, len(order))
    nucleus = order[:size]
    return nucleus, probs[nucleus] / probs[nucleus].sum()


def p_between(rng, logits, size, temperature=1.0):
    """A p whose nucleus holds ``size`` tokens, well inside the gap between the running totals
    of ``size - 1`` and ``size`` tokens (at least 1e-3 from both)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    cumulative = np.cumsum(np.sort(probs)[::-1])
    low = cumulative[size - 2] if size >= 2 else 0.0
    high = cumulative[size - 1]
    assert high - low > 0.01, "the suite needs a wide gap"
    return float(low + (high - low) * rng.uniform(0.2, 0.8))


def from_probs(rng, probs, shift=None):
    """Logits for the given probabilities, plus a random constant (it changes nothing)."""
    shift = rng.uniform(-5, 5) if shift is None else shift
    return np.log(np.asarray(probs, dtype=np.float64)) + shift


def examples():
    logits = np.log(np.array([0.1, 0.5, 0.3, 0.1]))
    yield sampling_case("example-nucleus-of-two", logits, 0.7, calls=1)
    yield sampling_case("example-ties-and-temperature", np.array([2.0, 1.0, 2.0, 2.0]), 0.5, 1.0, 1)
    yield sampling_case("example-one-token", np.array([5.0, 1.0, 0.0]), 0.9, 0.5, 1)


def hidden(rng: np.random.Generator):
    def placed(values):
        """``values`` at randomly permuted positions."""
        values = np.asarray(values, dtype=np.float64)
        return values[rng.permutation(len(values))]

    # The token that crosses p belongs to the nucleus: 0.5 < p <= 0.8 takes two of these.
    probs = placed([0.5, 0.3, 0.15, 0.05])
    yield sampling_case("crossing-token-included", from_probs(rng, probs), rng.uniform(0.55, 0.75))
    # The first token alone reaches p: a nucleus of one, always drawn.
    probs = placed([0.6, 0.2, 0.1, 0.1])
    yield sampling_case(
        "first-token-reaches-p", from_probs(rng, probs), rng.uniform(0.3, 0.55), calls=20
    )
    # Ties: four tokens share the top probability 0.2; p in (0.4, 0.6) takes the three with the
    # lowest indices.
    probs = placed([0.2, 0.2, 0.2, 0.2, 0.1, 0.1])
    yield sampling_case(
        "ties-lower-index-first", from_probs(rng, probs, 0.0), rng.uniform(0.45, 0.55)
    )
    V = int(rng.integers(5, 9))
    yield sampling_case("all-logits-equal", np.full(V, rng.uniform(-3, 3)), (2.5 / V), keyword=True)
    # p = 1: every token, the least probable too.
    probs = placed([0.35, 0.25, 0.2, 0.12, 0.08])
    yield sampling_case("p-one-takes-every-token", from_probs(rng, probs), 1.0)
    # Temperature changes the nucleus: at T = 2 it holds three tokens of [0.4, 0.3, 0.2, 0.1]
    # (p = 0.65), at T = 1 two; at T = 0.5 two, with other shares.
    probs = placed([0.4, 0.3, 0.2, 0.1])
    yield sampling_case("temperature-2-widens", from_probs(rng, probs), 0.65, 2.0)
    yield sampling_case(
        "temperature-half-by-keyword", from_probs(rng, probs), 0.65, 0.5, keyword=True
    )
    # Logits of 1e4 (exp overflows without the max shift), logits in the hundreds at
    # temperature 100 (exp of the logits before dividing overflows), a tiny temperature.
    logits = 1e4 + placed([0.0, -0.5, -1.0, -1.5, -3.0])
    yield sampling_case("logits-of-1e4", logits, p_between(rng, logits, 3))
    logits = placed([3.0, 2.0, 1.5, 0.0, -2.0]) * 100
    yield sampling_case(
        "logits-in-hundreds-temperature-100", logits, p_between(rng, logits, 2, 100.0), 100.0
    )
    logits = placed([3.0, 2.6, 2.4, 1.0, -1.0])
    yield sampling_case("tiny-temperature", logits, 0.5, 0.001, calls=20)
    # Float32 logits; a large vocabulary; one token.
    logits = placed(rng.normal(size=12) * 0.8).astype(np.float32)
    size = int(rng.integers(3, 6))
    yield sampling_case("float32-logits", logits, p_between_wide(rng, logits, size))
    logits = rng.normal(size=1000) * 3.0
    logits[rng.choice(1000, size=12, replace=False)] = 9.0 + rng.uniform(0, 1, size=12)
    yield sampling_case("vocabulary-of-1000", logits, p_between_wide(rng, logits, None))
    yield sampling_case(
        "one-token-vocabulary", np.array([rng.normal()]), rng.uniform(0.1, 1.0), calls=5
    )


def p_between_wide(rng, logits, size):
    """:func:`p_between` at the largest nucleus size up to ``size`` (or 8) whose gap is wide:
    the gap at size k is the k-th largest probability, so sizes past ``size`` are no wider."""
    z = np.asarray(logits, dtype=np.float64)
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    ranked = np.sort(probs)[::-1]
    start = min(size or 8, len(ranked))
    # The largest probability is at least 1/len(logits): with 80 tokens or fewer, size 1 is
    # always wide enough; the vocabulary of 1000 has a dozen tokens far above the rest.
    k = next(k for k in range(start, 0, -1) if ranked[k - 1] > 0.012)
    return p_between(rng, logits, k)


def benchmark(rng: np.random.Generator):
    logits = rng.normal(size=200_000) * 2.0
    yield sampling_case("benchmark-200000-tokens", logits, 0.9, 0.8, calls=3)


def arguments(case):
    step = case.steps[0]
    logits, p = step.args[:2]
    temperature = step.args[2] if len(step.args) > 2 else dict(step.kwargs).get("temperature", 1.0)
    return logits, p, temperature


def statistical_test_count(case):
    logits, p, temperature = arguments(case)
    nucleus, _ = nucleus_of(logits, p, temperature)
    calls = len(case.steps)
    return 0 if calls < 2 or len(nucleus) < 2 else len(nucleus) + 1


def check(case, expected, actual, tolerance):
    logits, p, temperature = arguments(case)
    nucleus, weights = nucleus_of(logits, p, temperature)
    members = {int(t) for t in nucleus}
    draws = []
    for index, result in enumerate(actual):
        where = f"call {index + 1}: " if len(actual) > 1 else ""
        if isinstance(result, bool | np.bool_) or not isinstance(result, int | np.integer):
            kind = "None" if result is None else f"a {type(result).__name__}"
            return Check(False, f"{where}expected one token index (an int), got {kind}")
        if int(result) not in members:
            return Check(
                False,
                f"{where}token {int(result)} is not in the nucleus, the smallest set of most "
                "probable tokens (of softmax(logits / temperature)) whose total reaches p, ties "
                "to the lower index",
            )
        draws.append(int(result))
    if len(draws) < 2 or len(nucleus) < 2:
        return PASS
    draws = np.array(draws)
    calls = len(draws)
    for token, weight in zip(nucleus, weights, strict=True):
        count = int(np.sum(draws == token))
        if binomial_implausible(count, calls, float(weight), ALPHA):
            return Check(
                False,
                f"over {calls} calls, token {int(token)} was drawn in {count / calls:.1%} of them; "
                f"its probability renormalised over the nucleus is {weight:.1%} (a test that "
                "rejects a correct sampler with probability below 1e-12)",
            )
    pairs = calls // 2
    same = int(np.sum(draws[0 : 2 * pairs : 2] == draws[1 : 2 * pairs : 2]))
    if binomial_implausible(same, pairs, float(np.sum(weights**2)), ALPHA):
        return Check(
            False,
            f"{same} of {pairs} pairs of consecutive calls returned the same token, where "
            f"independent draws agree with probability {float(np.sum(weights**2)):.1%}: draw "
            "afresh with np.random on every call (do not seed it inside the function)",
        )
    return PASS
