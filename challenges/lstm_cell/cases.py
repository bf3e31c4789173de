"""The LSTM cell suite: batches of one and of many rows, more inputs than hidden units and fewer,
pre-activations of magnitude 1e3 to 1e4 (where ``exp`` overflows) and a large cell state, float32.

The checker asks for a tuple ``(h_next, c_next)`` of NumPy arrays and compares each with
``check_numeric``; it says so when the two are swapped.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

NAMES = ("h_next", "c_next")


def lstm_case(name, rng, n, d, hidden, scale=1.0, state_scale=1.0, dtype=np.float64):
    """Weights of the usual size (1 / sqrt(fan-in)) times ``scale``: pre-activations of about
    ``scale`` in magnitude."""
    x = rng.normal(size=(n, d))
    h = rng.uniform(-1, 1, size=(n, hidden))  # an LSTM's h is in (-1, 1)
    c = rng.normal(scale=state_scale, size=(n, hidden))
    W = rng.normal(scale=scale / np.sqrt(d + hidden), size=(d, 4 * hidden))
    U = rng.normal(scale=scale / np.sqrt(d + hidden), size=(hidden, 4 * hidden))
    b = rng.normal(scale=scale / 2, size=4 * hidden)
    return Case(name, tuple(a.astype(dtype) for a in (x, h, c, W, U, b)))


def examples():
    # d = 2 inputs, H = 1 hidden unit: z has four columns, i, f, g, o.
    x = np.array([[1.0, -1.0]])
    h = np.array([[0.5]])
    c = np.array([[2.0]])
    W = np.array([[1.0, 0.0, 0.5, 0.0], [0.0, -2.0, 0.0, -1.0]])
    U = np.array([[2.0, 2.0, 1.0, 4.0]])
    b = np.array([0.0, 1.0, 0.0, 0.0])
    yield Case("example-one-unit", (x, h, c, W, U, b))
    # Batch of 2, H = 2, first time step (h = c = 0).
    x = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])
    W = np.linspace(-1.0, 1.0, 24).reshape(3, 8)
    U = np.ones((2, 8))
    b = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 0.0, -1.0, -1.0])
    yield Case("example-batch-2-first-step", (x, np.zeros((2, 2)), np.zeros((2, 2)), W, U, b))


def hidden(rng: np.random.Generator):
    yield lstm_case("batch-1", rng, 1, 3, 4)
    yield lstm_case("batch-1-hidden-1", rng, 1, 2, 1)
    yield lstm_case("several-rows", rng, 5, 4, 3)
    yield lstm_case("more-inputs-than-units", rng, 7, 12, 2)
    yield lstm_case("more-units-than-inputs", rng, 4, 2, 9)
    yield lstm_case("strong-gates", rng, 6, 5, 5, scale=4.0)
    yield lstm_case("large-batch", rng, 128, 16, 32)
    # exp(-z) overflows float64 beyond |z| of about 709: the gates must still be exactly 0 or 1.
    yield lstm_case("pre-activations-1e3", rng, 8, 6, 4, scale=1e3)
    yield lstm_case("pre-activations-1e4", rng, 3, 4, 6, scale=1e4)
    yield lstm_case("cell-state-1e4", rng, 5, 3, 4, state_scale=1e4)
    yield lstm_case("float32", rng, 6, 5, 4, dtype=np.float32)
    yield lstm_case("float32-batch-1", rng, 1, 4, 3, dtype=np.float32)
    # float32 and pre-activations of 1e3 together are left out on purpose: z itself is then only
    # good to about 1e-4, and a correct float64 solution would differ from a float32 reference by
    # more than float32 tolerances wherever a gate's pre-activation happens to fall near zero.


def benchmark(rng: np.random.Generator):
    yield lstm_case("benchmark-batch-512-256-units", rng, 512, 256, 256)


def check(case, expected, actual, tolerance):
    result = actual[0]
    if not isinstance(result, tuple | list) or len(result) != 2:
        return Check(False, f"expected a tuple (h_next, c_next) of two arrays, got {_what(result)}")
    for name, value in zip(NAMES, result, strict=True):
        _, problem = as_array(value)
        if problem:
            return Check(False, f"{name}: {problem}")
    want = expected[0]
    found = [check_numeric(want[k], result[k], tolerance) for k in range(2)]
    if all(f.ok for f in found):
        return PASS
    if all(check_numeric(want[k], result[1 - k], tolerance).ok for k in range(2)):
        return Check(False, "the results are swapped: return (h_next, c_next), h_next first")
    name, failed = next((n, f) for n, f in zip(NAMES, found, strict=True) if not f.ok)
    return Check(False, f"{name}: {failed.message}")


def _what(value):
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, np.ndarray):
        return f"one array of shape {value.shape}"
    return "None" if value is None else f"a {type(value).__name__}"
