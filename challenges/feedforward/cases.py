"""The feedforward suite. Each case builds a network, checks its parameters' shapes, replaces the
parameters with the judge's own, then checks ``forward`` on batches of several sizes, including
pre-activations far beyond where ``exp`` overflows."""

import numpy as np

from judge.challenges import Case, assign, call, get, method
from judge.checking import PASS, Check, check_array, check_parameter_shapes

PARAMETERS = ("W1", "b1", "W2", "b2")


def network_case(name, rng, sizes, batches, scale=1.0, weight_scale=1.0):
    """A case for a network of ``sizes``: parameters of the given scale, then one forward call
    per batch size."""
    n_in, n_hidden, n_out = sizes
    params = {
        "W1": rng.normal(scale=weight_scale, size=(n_in, n_hidden)),
        "b1": rng.normal(size=(1, n_hidden)),
        "W2": rng.normal(scale=weight_scale, size=(n_hidden, n_out)),
        "b2": rng.normal(size=(1, n_out)),
    }
    forwards = [method("forward", rng.normal(scale=scale, size=(rows, n_in))) for rows in batches]
    steps = (call(*sizes), get(*PARAMETERS), assign(**params), *forwards)
    return Case(name, steps=steps)


def examples():
    params = {
        "W1": np.array([[0.5, -0.5, 1.0], [1.0, 0.5, -1.0]]),
        "b1": np.array([[0.0, 0.1, -0.1]]),
        "W2": np.array([[1.0], [-1.0], [0.5]]),
        "b2": np.array([[0.2]]),
    }
    X = np.array([[1.0, 2.0], [-1.0, 0.0]])
    steps = (call(2, 3, 1), get(*PARAMETERS), assign(**params), method("forward", X))
    yield Case("example-2-3-1", steps=steps)


def hidden(rng: np.random.Generator):
    yield network_case("small", rng, (4, 8, 3), (1, 5, 32))
    yield network_case("one-unit-each", rng, (1, 1, 1), (1, 3))
    yield network_case("wider-output-than-hidden", rng, (3, 2, 6), (4, 9))
    yield network_case("single-output", rng, (10, 16, 1), (2, 50))
    # exp(-x) overflows float64 beyond x = -709: the answer must still be the limit, 0 (or 1).
    yield network_case("saturating-inputs", rng, (6, 12, 4), (8, 64), scale=1e3)
    yield network_case("saturating-weights", rng, (5, 7, 3), (16,), weight_scale=500.0)
    yield network_case("large-batch", rng, (64, 128, 10), (1, 1000, 2048))


def benchmark(rng: np.random.Generator):
    yield network_case("benchmark-256-512-64", rng, (256, 512, 64), (4096,))


def check(case, expected, actual, tolerance):
    for index, step in enumerate(case.steps[: len(expected)]):
        if step.op == "get":
            found = check_shapes(case.steps[0].args, expected[index], actual[index])
        elif step.op == "method":
            found = check_array(expected[index], actual[index], tolerance)
            if not found.ok:
                rows = len(step.args[0])
                found = Check(False, f"forward on a batch of {rows} rows: {found.message}")
        else:
            continue
        if not found.ok:
            return found
    return PASS


def check_shapes(sizes, expected, actual):
    """After construction only the parameters' shapes are fixed; their values are the network's."""
    return check_parameter_shapes(
        f"after SimpleNeuralNetwork{tuple(sizes)}", PARAMETERS, expected, actual
    )
