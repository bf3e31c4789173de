"""The batch-normalisation suite: training and inference, batches of one row to a thousand,
constant and nearly constant features (where eps decides the answer), inputs around 1e4, float32,
non-default momentum and eps; then a benchmark. A submission that updates the running statistics
in place modifies its inputs, which the judge reports as a wrong answer.

The checker compares each of the three results with the reference's, by name.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

NAMES = ("out", "new_running_mean", "new_running_var")


def arguments(rng, rows, features, training, scale=1.0, offset=0.0, dtype=np.float64):
    """x of ``rows`` x ``features`` around ``offset``, and parameters and running statistics of
    the same order of magnitude."""
    x = offset + scale * rng.normal(size=(rows, features))
    gamma = rng.uniform(0.5, 2.0, size=features) * rng.choice([-1.0, 1.0], size=features)
    beta = rng.normal(size=features)
    running_mean = offset + scale * rng.normal(scale=0.5, size=features)
    running_var = scale**2 * rng.uniform(0.5, 2.0, size=features)
    values = (x, gamma, beta, running_mean, running_var)
    return (*(v.astype(dtype) for v in values), training)


def examples():
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0], [7.0, 0.0]])
    gamma = np.array([1.0, 0.5])
    beta = np.array([0.0, 1.0])
    running_mean = np.array([0.0, 0.0])
    running_var = np.array([1.0, 1.0])
    yield Case("example-training", (x, gamma, beta, running_mean, running_var, True))
    yield Case(
        "example-inference",
        (x, gamma, beta, np.array([3.0, 2.0]), np.array([4.0, 9.0]), False),
    )


def hidden(rng: np.random.Generator):
    for training in (True, False):
        mode = "training" if training else "inference"
        yield Case(f"{mode}-small", arguments(rng, 8, 3, training))
        # One row: its variance is 0, so in training every output is beta.
        yield Case(f"{mode}-one-row", arguments(rng, 1, 5, training))
        # As many rows as features: normalising along the wrong axis still has the right shapes.
        yield Case(f"{mode}-square", arguments(rng, 6, 6, training))
        # Around 1e4, spread 10: the mean must be subtracted before squaring.
        yield Case(f"{mode}-around-1e4", arguments(rng, 40, 4, training, scale=10.0, offset=1e4))
        yield Case(f"{mode}-magnitude-1e4", arguments(rng, 30, 5, training, scale=1e4))
        # Spread 1e-3: the variance (1e-6) is smaller than eps, which then decides the scale.
        yield Case(f"{mode}-tiny-variance", arguments(rng, 20, 3, training, scale=1e-3))
        yield Case(f"{mode}-float32", arguments(rng, 50, 6, training, dtype=np.float32))
        # Non-default momentum and eps, passed by position.
        yield Case(f"{mode}-momentum-eps", (*arguments(rng, 12, 4, training), 0.7, 1e-2))
    x, gamma, beta, running_mean, running_var, _ = arguments(rng, 10, 4, True)
    x[:, 1] = x[0, 1]  # a constant feature: variance 0, so its outputs are beta
    yield Case("training-constant-feature", (x, gamma, beta, running_mean, running_var, True))
    yield Case("training-one-feature", arguments(rng, 25, 1, True))
    yield Case("training-large-batch", (*arguments(rng, 1000, 16, True), 0.99, 1e-5))


def benchmark(rng: np.random.Generator):
    # 4096 x 256 float64 (8 MB): the result travels four times in one run (the ordinary run's,
    # then the first timed run's and the two the worker checks), within the 64 MB output limit.
    yield Case("benchmark-4096x256", arguments(rng, 4096, 256, True))


def check(case, expected, actual, tolerance):
    for index, step in enumerate(case.steps[: len(expected)]):
        found = check_result(step.args, expected[index], actual[index], tolerance)
        if not found.ok:
            where = f"call {index + 1}: " if len(case.steps) > 1 else ""
            return Check(False, where + found.message)
    return PASS


def check_result(args, expected, actual, tolerance):
    training = bool(args[5])
    mode = "in training" if training else "at inference"
    if not isinstance(actual, tuple):
        return Check(
            False,
            "expected a tuple (out, new_running_mean, new_running_var), got "
            + ("None" if actual is None else f"a {type(actual).__name__}"),
        )
    if len(actual) != 3:
        return Check(
            False,
            f"expected a tuple of 3 arrays (out, new_running_mean, new_running_var), "
            f"got {len(actual)} items",
        )
    for name, want, got in zip(NAMES, expected, actual, strict=True):
        _, problem = as_array(got)
        if problem:
            return Check(False, f"{name}: {problem}")
        if np.shape(got) != np.shape(want):
            return Check(
                False, f"{name} {mode}: expected shape {np.shape(want)}, got {np.shape(got)}"
            )
    for name, want, got in zip(NAMES, expected, actual, strict=True):
        found = check_numeric(want, got, tolerance)
        if not found.ok:
            if not training and name != "out":
                return Check(
                    False,
                    f"{name} {mode}: the running statistics must come back unchanged; "
                    f"{found.message}",
                )
            return Check(False, f"{name} {mode}: {found.message}")
    return PASS
