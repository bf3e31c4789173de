"""The backpropagation suite. Each case builds a network, checks its parameters' shapes, replaces
the parameters with the judge's own, then checks ``forward`` and ``gradients`` (sometimes on a
different batch from the forward call's, so that gradients cannot lean on a cached forward pass),
and finally that ``gradients`` left the parameters as they were.

Gradients are compared with the reference's and, on the small well-scaled cases, with central
finite differences of the loss computed here, independently of the reference.
"""

import numpy as np

from judge.challenges import Case, assign, call, get, method
from judge.checking import (
    PASS,
    Check,
    Tolerance,
    as_array,
    check_array,
    check_numeric,
    check_parameter_shapes,
)

PARAMETERS = ("W1", "b1", "W2", "b2")

#: Central differences with step ``STEP`` on networks whose inputs, parameters and targets are of
#: order 1: the truncation error (STEP^2 / 6 times a third derivative of order 1) is about 1e-13
#: and the rounding error (1e-16 * L / STEP) about 1e-10, so a right gradient is always within
#: ``FD_TOLERANCE``; every wrong formula the suite targets is off by far more.
STEP = 1e-6
FD_TOLERANCE = Tolerance(rtol=1e-5, atol=1e-7)
#: The cases checked against finite differences: small, and scaled so that the bound above holds.
FINITE_DIFFERENCES = {
    "example-2-3-1",
    "small",
    "one-row",
    "one-unit-each",
    "wider-output-than-hidden",
    "binary-targets",
    "stale-forward",
}


def network_case(name, rng, sizes, batches, weight_scale=1.0, input_scale=1.0, binary=False):
    """A case for a network of ``sizes``: the judge's parameters, then for each pair of batch
    sizes ``(f, g)`` a forward call on ``f`` rows and a gradients call on ``g`` rows (the same
    rows when ``f == g``)."""
    n_in, n_hidden, n_out = sizes
    params = {
        "W1": rng.normal(scale=weight_scale, size=(n_in, n_hidden)),
        "b1": rng.normal(size=(1, n_hidden)),
        "W2": rng.normal(scale=weight_scale, size=(n_hidden, n_out)),
        "b2": rng.normal(size=(1, n_out)),
    }
    steps = [call(*sizes), get(*PARAMETERS), assign(**params)]
    for rows_forward, rows_gradients in batches:
        X = rng.normal(scale=input_scale, size=(rows_gradients, n_in))
        if binary:
            Y = rng.integers(0, 2, size=(rows_gradients, n_out)).astype(np.float64)
        else:
            Y = rng.uniform(size=(rows_gradients, n_out))
        forward_X = X if rows_forward == rows_gradients else rng.normal(size=(rows_forward, n_in))
        steps += [method("forward", forward_X), method("gradients", X, Y)]
    steps.append(get(*PARAMETERS))
    return Case(name, steps=tuple(steps))


def examples():
    params = {
        "W1": np.array([[0.5, -0.5, 1.0], [1.0, 0.5, -1.0]]),
        "b1": np.array([[0.0, 0.1, -0.1]]),
        "W2": np.array([[1.0], [-1.0], [0.5]]),
        "b2": np.array([[0.2]]),
    }
    X = np.array([[1.0, 2.0], [-1.0, 0.0]])
    Y = np.array([[1.0], [0.0]])
    steps = (
        call(2, 3, 1),
        get(*PARAMETERS),
        assign(**params),
        method("forward", X),
        method("gradients", X, Y),
    )
    yield Case("example-2-3-1", steps=steps)


def hidden(rng: np.random.Generator):
    yield network_case("small", rng, (3, 5, 2), [(6, 6)])
    # One row: the mean is the sum, and the bias gradients need no summing; still the right shape.
    yield network_case("one-row", rng, (4, 6, 3), [(1, 1)])
    yield network_case("one-unit-each", rng, (1, 1, 1), [(1, 1), (3, 3)])
    yield network_case("wider-output-than-hidden", rng, (3, 2, 6), [(9, 9)])
    yield network_case("binary-targets", rng, (5, 4, 1), [(12, 12)], binary=True)
    # forward on one batch, then gradients on another of a different size.
    yield network_case("stale-forward", rng, (4, 7, 2), [(10, 3), (2, 8)])
    yield network_case("medium", rng, (20, 32, 5), [(64, 64), (1, 1)])
    yield network_case("large-batch", rng, (8, 16, 4), [(1000, 1000)])
    # Inputs of 1e4 with weights of 1e-4: pre-activations of order 1, gradients of order 1e2-1e4.
    yield network_case(
        "large-inputs", rng, (6, 10, 3), [(50, 50)], weight_scale=1e-4, input_scale=1e4
    )
    # Inputs of 1e4 with weights of order 1: every hidden unit saturated, exp overflows.
    yield network_case("saturating-inputs", rng, (6, 12, 4), [(32, 32)], input_scale=1e4)
    yield network_case("saturating-weights", rng, (5, 7, 3), [(16, 16)], weight_scale=500.0)


def benchmark(rng: np.random.Generator):
    yield network_case("benchmark-256-256-32", rng, (256, 256, 32), [(2048, 2048)])


def check(case, expected, actual, tolerance):
    sizes = case.steps[0].args
    params = None
    for index, step in enumerate(case.steps[: len(expected)]):
        if step.op == "set":
            params = dict(step.values)
            continue
        if step.op == "get" and params is None:
            found = check_shapes(sizes, expected[index], actual[index])
        elif step.op == "get":
            found = check_unchanged(expected[index], actual[index], tolerance)
        elif step.op == "method" and step.name == "forward":
            found = check_array(expected[index], actual[index], tolerance)
            if not found.ok:
                rows = len(step.args[0])
                found = Check(False, f"forward on a batch of {rows} rows: {found.message}")
        elif step.op == "method" and step.name == "gradients":
            found = check_gradients(case, step, params, expected[index], actual[index], tolerance)
            if not found.ok:
                rows = len(step.args[0])
                found = Check(False, f"gradients on a batch of {rows} rows: {found.message}")
        else:
            continue
        if not found.ok:
            return found
    return PASS


def check_shapes(sizes, expected, actual):
    """After construction only the parameters' shapes are fixed; their values are the network's."""
    return check_parameter_shapes(f"after TwoLayerNet{tuple(sizes)}", PARAMETERS, expected, actual)


def check_unchanged(expected, actual, tolerance):
    """gradients computes gradients; it does not take a training step."""
    for name in PARAMETERS:
        value = actual.get(name) if isinstance(actual, dict) else None
        if value is None:
            return Check(False, f"after gradients, the attribute {name} is missing")
        found = check_array(expected[name], value, tolerance)
        if not found.ok:
            return Check(
                False,
                f"gradients must leave the parameters unchanged, but {name} changed: "
                f"{found.message}",
            )
    return PASS


def check_gradients(case, step, params, expected, actual, tolerance):
    if not isinstance(actual, dict):
        return Check(
            False, f"expected a dict with keys {', '.join(PARAMETERS)}, got {_kind(actual)}"
        )
    missing = [name for name in PARAMETERS if name not in actual]
    if missing:
        return Check(False, f"the dict has no key {missing[0]!r}")
    for name in PARAMETERS:
        got, problem = as_array(actual[name])
        if problem:
            return Check(False, f"gradient {name}: {problem}")
        if got.shape != expected[name].shape:
            return Check(
                False,
                f"gradient {name} has shape {got.shape}; expected {expected[name].shape}, "
                f"the shape of {name}",
            )
    if case.name in FINITE_DIFFERENCES:
        X, Y = step.args
        for name in PARAMETERS:
            numeric = finite_differences(params, X, Y, name)
            found = check_numeric(numeric, actual[name], FD_TOLERANCE)
            if not found.ok:
                return Check(
                    False,
                    f"gradient {name} disagrees with central finite differences of the loss: "
                    f"{found.message}",
                )
    for name in PARAMETERS:
        found = check_numeric(expected[name], actual[name], tolerance)
        if not found.ok:
            return Check(False, f"gradient {name}: {found.message}")
    return PASS


def finite_differences(params, X, Y, name):
    """dL/d(params[name]) by central differences, one element at a time."""
    params = {key: np.array(value, dtype=np.float64) for key, value in params.items()}
    target = params[name]
    result = np.zeros_like(target)
    for index in np.ndindex(target.shape):
        original = target[index]
        target[index] = original + STEP
        above = loss(params, X, Y)
        target[index] = original - STEP
        below = loss(params, X, Y)
        target[index] = original
        result[index] = (above - below) / (2 * STEP)
    return result


def loss(params, X, Y):
    hidden = _sigmoid(X @ params["W1"] + params["b1"])
    out = _sigmoid(hidden @ params["W2"] + params["b2"])
    return 0.5 * np.sum((out - Y) ** 2) / len(X)


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _kind(value):
    return "None" if value is None else f"a {type(value).__name__}"
