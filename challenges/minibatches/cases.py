"""The minibatches suite and its checker: exact checks on every call, binomial tests on shuffles.

Every call's result is checked exactly: a list of 1-D integer NumPy arrays, ``ceil(n / b)`` of
them, all of ``batch_size`` but the last (the remainder, never empty), together every index
``0 .. n_samples - 1`` exactly once; with ``shuffle=False`` in order.

With ``shuffle=True`` the order must be a uniform random permutation, drawn afresh on every call.
A case of many calls on a tiny ``n`` (at most :data:`MAX_STATISTICAL_N`) is judged by binomial
tests, each rejecting a correct solution with probability at most :data:`ALPHA` (the Chernoff
bound of :func:`judge.checking.binomial_implausible`, valid at every sample size):

- freshness: disjoint pairs of calls (1 and 2, 3 and 4, ...) give the same order with
  probability ``1 / n!`` each, independently (one test, on every shuffled case of >= 2 calls,
  whatever ``n``): catches a shuffle done once at import and a generator seeded in the function;
- positions: for each sample ``s`` and position ``p``, the number of calls that put ``s`` at
  ``p`` is Binomial(calls, 1 / n) (``n * n`` tests): catches shuffling only the batches' order,
  shuffling within each batch only, reversing, sorting by a few random keys;
- neighbours: for each ordered pair ``a != b``, "``b`` directly follows ``a`` in the flattened
  order" has probability ``(n - 1) * (n - 2)! / n! = 1 / n`` in each call, independently across
  calls, so its count is Binomial(calls, 1 / n) (``n * (n - 1)`` tests): catches a rotation by a
  random offset, whose positions are uniform but whose neighbours never change.

The tests of one case are dependent, so their false-rejection probabilities are simply added
(a union bound, valid under any dependence). :func:`statistical_test_count` counts them; the
hidden suite has 258 (n = 2, 3, 4, 5, 6 and 7, and one freshness test on a larger n), so a correct
submission is rejected with probability below ``258 * 1e-12 < 3e-10`` (the statement promises
at most 1e-9).

The wire allows at most 4096 arrays in one case's whole result, so a statistical case keeps
(calls x batches per call) well below that; 200 to 400 calls suffice: a rejection needs
``calls * KL(share || 1/n) > ln(2 / ALPHA) = 28.3``, and a shuffle of the batches' order only
(a sample never at some position: KL = ln(n / (n - 1)) >= 0.15 for n <= 7), within the batches
only (KL > 0.29) or a rotation (KL > 1) is past that from about 200 calls. The suite's checker
fuzz handles every call's result, so more calls would only cost time.
"""

import math

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, binomial_implausible

#: The false-rejection probability of one statistical test.
ALPHA = 1e-12
#: Position and neighbour tests (n * n + n * (n - 1) of them) only for n up to this, with at
#: least MIN_STATISTICAL_CALLS calls; the freshness test for every shuffled case of >= 2 calls.
MAX_STATISTICAL_N = 10
MIN_STATISTICAL_CALLS = 100


def batches_case(name, n_samples, batch_size, shuffle=None, calls=1, keyword=False):
    """``calls`` calls of ``minibatches(n_samples, batch_size[, shuffle])``: without ``shuffle``
    the default (True) is used; with ``keyword``, it is passed as ``shuffle=...``."""
    args, kwargs = (int(n_samples), int(batch_size)), {}
    if shuffle is not None and keyword:
        kwargs["shuffle"] = bool(shuffle)
    elif shuffle is not None:
        args += (bool(shuffle),)
    return Case(name, steps=tuple(call(*args, **kwargs) for _ in range(calls)))


def shuffled(case):
    """Whether the case asks for shuffled batches: as its calls pass ``shuffle``, or the default."""
    positional = case.steps[0].args[2:]
    return dict(case.steps[0].kwargs).get("shuffle", positional[0] if positional else True)


def examples():
    yield batches_case("example-in-order", 10, 4, False)
    yield batches_case("example-shuffled", 10, 4)
    yield batches_case("example-one-batch", 3, 5, False)


def hidden(rng: np.random.Generator):
    def draw(low, high):
        return int(rng.integers(low, high))

    batch = draw(3, 15)
    n = batch * draw(2, 15) + draw(1, batch)
    yield batches_case("in-order-uneven", n, batch, False)
    batch = draw(2, 10)
    yield batches_case("in-order-divisible", batch * draw(2, 20), batch, False)
    yield batches_case("in-order-batch-of-one", draw(2, 30), 1, False)
    n = draw(2, 50)
    yield batches_case("in-order-batch-equals-n", n, n, False)
    n = draw(2, 50)
    yield batches_case("in-order-batch-larger-than-n", n, n + draw(1, 100), False)
    yield batches_case("in-order-one-sample", 1, draw(1, 5), False)
    yield batches_case("in-order-large", draw(5000, 20000), draw(50, 300), False)
    n = draw(5, 40)
    yield batches_case("in-order-by-keyword", n, draw(2, n), False, keyword=True)
    # Statistical cases: many calls on tiny n (see the docstring for how many).
    yield batches_case("shuffled-n6-batch2-by-keyword", 6, 2, True, 400, keyword=True)
    yield batches_case("shuffled-n5-batch2", 5, 2, True, 400)
    yield batches_case("shuffled-n7-batch3-default", 7, 3, None, 300)
    yield batches_case("shuffled-n4-one-batch", 4, draw(4, 10), True, 400)
    yield batches_case("shuffled-n3-batch2", 3, 2, True, 300)
    yield batches_case("shuffled-n2-batch1", 2, 1, True, 200)
    yield batches_case("shuffled-one-sample", 1, draw(1, 5), True, 3)
    yield batches_case("shuffled-large", draw(1000, 5000), draw(32, 257), True, 3)


def benchmark(rng: np.random.Generator):
    yield batches_case("benchmark", 500_000, 4096, True)


def check(case, expected, actual, tolerance):
    n, batch_size = case.steps[0].args[:2]
    shuffle = shuffled(case)
    orders = []
    for index, result in enumerate(actual):
        where = f"call {index + 1}: " if len(actual) > 1 else ""
        order, problem = flattened(result, n, batch_size)
        if problem:
            return Check(False, where + problem)
        if not shuffle and not np.array_equal(order, np.arange(n)):
            first = int(np.argmax(order != np.arange(n)))
            return Check(
                False,
                f"{where}with shuffle=False the batches must hold 0, 1, 2, ... in order; position "
                f"{first} (batch {first // batch_size + 1}) holds {int(order[first])}",
            )
        orders.append(order)
    if shuffle:
        for test in statistical_tests(n, np.array(orders).reshape(len(orders), n)):
            found = test()
            if not found.ok:
                return found
    return PASS


def flattened(result, n, batch_size):
    """The batches of one call joined into one order, or what makes them wrong whatever the
    random draw. Each batch's type, dtype and size first (cheap), then the indices all at once."""
    if not isinstance(result, list | tuple):
        kind = "None" if result is None else f"a {type(result).__name__}"
        return None, f"expected a list of NumPy arrays (one per batch), got {kind}"
    count = -(-n // batch_size)
    if len(result) != count:
        return None, (
            f"expected {count} batch(es) (ceil(n_samples / batch_size), the last one the "
            f"remainder), got {len(result)}"
        )
    for k, batch in enumerate(result):
        got, problem = as_array(batch)
        if problem:
            return None, f"batch {k + 1}: {problem}"
        if got.dtype.kind not in "iu":
            return None, f"batch {k + 1}: expected integer indices, got dtype {got.dtype}"
        if got.ndim != 1:
            return None, f"batch {k + 1}: expected a 1-D array, got shape {got.shape}"
        size = batch_size if k < count - 1 else n - batch_size * (count - 1)
        if got.size != size:
            last = k == count - 1
            which = "the last batch (the remainder)" if last else "every batch but the last"
            return None, f"batch {k + 1}: {which} must hold {size} indices, got {got.size}"
    # Unsigned indices past int64 wrap to negative ones: out of range either way.
    order = np.concatenate(result, dtype=np.int64, casting="unsafe")
    outside = (order < 0) | (order >= n)
    if outside.any():
        first = int(np.argmax(outside))
        return None, (
            f"batch {first // batch_size + 1}: index {int(order[first])} is outside "
            "0 .. n_samples - 1"
        )
    seen = np.bincount(order, minlength=n)
    if (seen != 1).any():
        missing = int(np.sum(seen == 0))
        twice = int(np.argmax(seen > 1))
        return None, (
            f"the batches must hold every index 0 .. n_samples - 1 exactly once; {missing} "
            f"missing, index {twice} appears {int(seen[twice])} times"
        )
    return order, ""


def statistical_test_count(n, calls):
    """How many binomial tests :func:`statistical_tests` runs on a case."""
    if n < 2 or calls < 2:
        return 0
    if n <= MAX_STATISTICAL_N and calls >= MIN_STATISTICAL_CALLS:
        return 1 + n * n + n * (n - 1)
    return 1


def statistical_tests(n, orders):
    """The binomial tests of one shuffled case (``orders``: calls x n), each with false-rejection
    probability at most ALPHA; n = 1 has only one order, and one call nothing to compare."""
    calls = len(orders)
    if n < 2 or calls < 2:
        return []
    # The freshness test's verdict is given first where every call gave the same order (the
    # clearest message), else last: a rotation or a shuffle of the batches repeats orders too,
    # but the position and neighbour tests say better what is wrong. Both are the one test.
    tests = [lambda: fresh_orders(n, orders, only_if_all_same=True)]
    if n <= MAX_STATISTICAL_N and calls >= MIN_STATISTICAL_CALLS:
        tests += [lambda: uniform_positions(n, orders), lambda: uniform_neighbours(n, orders)]
    return [*tests, lambda: fresh_orders(n, orders)]


def fresh_orders(n, orders, only_if_all_same=False):
    """Disjoint pairs of calls: the same order with probability 1 / n! each, independently.
    ``only_if_all_same``: reject only where every pair agrees (a subset of the same rejection
    event, so no extra test)."""
    pairs = len(orders) // 2
    same = int((orders[0 : 2 * pairs : 2] == orders[1 : 2 * pairs : 2]).all(axis=1).sum())
    if only_if_all_same and same < pairs:
        return PASS
    if not binomial_implausible(same, pairs, math.exp(-math.lgamma(n + 1)), ALPHA):
        return PASS
    if same == pairs:
        return Check(
            False,
            f"all {2 * pairs} calls returned the very same order; the indices must be shuffled "
            "afresh on every call (do not seed the generator in the function, nor shuffle once "
            "outside it)",
        )
    return Check(
        False,
        f"{same} of {pairs} pairs of consecutive calls returned the very same order, where two "
        "uniform random permutations agree with probability 1 / n_samples!: the shuffle reaches "
        "only a few of the possible orders",
    )


def uniform_positions(n, orders):
    """For each sample and position: the calls that put the sample there, Binomial(calls, 1/n)."""
    calls = len(orders)
    counts = np.zeros((n, n), dtype=np.int64)  # [sample, position]
    for position in range(n):
        counts[:, position] = np.bincount(orders[:, position], minlength=n)
    for sample, position in np.ndindex(n, n):
        count = int(counts[sample, position])
        if binomial_implausible(count, calls, 1 / n, ALPHA):
            return Check(
                False,
                f"over {calls} calls, sample {sample} came at position {position} of the "
                f"shuffled order in {count / calls:.1%} of them; a uniform shuffle puts every "
                "sample at every position with probability 1 / n_samples (shuffle the samples "
                "themselves, not only the batches or within each batch)",
            )
    return PASS


def uniform_neighbours(n, orders):
    """For each ordered pair a != b: the calls where b directly follows a, Binomial(calls, 1/n)."""
    calls = len(orders)
    pairs = orders[:, :-1] * n + orders[:, 1:]
    counts = np.bincount(pairs.ravel(), minlength=n * n).reshape(n, n)  # each pair once a call
    for a, b in np.ndindex(n, n):
        if a == b:
            continue
        count = int(counts[a, b])
        if binomial_implausible(count, calls, 1 / n, ALPHA):
            return Check(
                False,
                f"over {calls} calls, sample {b} directly followed sample {a} in "
                f"{count / calls:.1%} of the shuffled orders; in a uniform random permutation "
                "that happens with probability 1 / n_samples (a random rotation or a random "
                "starting point keeps neighbours together)",
            )
    return PASS
