"""The GRU cell suite: batches of one and of many rows, more inputs than hidden units and fewer,
a hidden size of 1, a zero state, recurrent biases that matter (where the reset gate's place
shows), pre-activations of magnitude 1e3 to 1e4 (where ``exp`` overflows), float32.

The checker asks for a NumPy array of shape (N, H) and compares it with ``check_numeric``.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric


def gru_case(name, rng, n, d, hidden, scale=1.0, zero_h=False, dtype=np.float64):
    """Weights of the usual size (1 / sqrt(fan-in)) times ``scale``, and biases of about
    ``scale`` too: pre-activations of about ``scale`` in magnitude. Both biases are drawn, so that
    b_un (which the reset gate multiplies) is never 0."""
    x = rng.normal(size=(n, d))
    h = np.zeros((n, hidden)) if zero_h else rng.uniform(-1, 1, size=(n, hidden))
    W = rng.normal(scale=scale / np.sqrt(d + hidden), size=(d, 3 * hidden))
    U = rng.normal(scale=scale / np.sqrt(d + hidden), size=(hidden, 3 * hidden))
    b_w = rng.normal(scale=scale / 2, size=3 * hidden)
    b_u = rng.normal(scale=scale / 2, size=3 * hidden)
    return Case(name, tuple(a.astype(dtype) for a in (x, h, W, U, b_w, b_u)))


def examples():
    # D = 2 inputs, H = 1 hidden unit: W and U have three columns, r, z, n.
    x = np.array([[1.0, -1.0]])
    h = np.array([[0.5]])
    W = np.array([[1.0, 0.0, 0.5], [0.0, -2.0, 1.0]])
    U = np.array([[2.0, 2.0, 1.0]])
    b_w = np.array([0.0, 1.0, 0.0])
    b_u = np.array([0.0, 0.0, 1.0])
    yield Case("example-one-unit", (x, h, W, U, b_w, b_u))
    # Batch of 2, D = 3, H = 2, first time step (h = 0).
    x = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])
    W = np.linspace(-1.0, 1.0, 18).reshape(3, 6)
    U = np.ones((2, 6))
    b_w = np.array([0.0, 0.0, 1.0, 1.0, 0.5, -0.5])
    b_u = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0])
    yield Case("example-batch-2-zero-state", (x, np.zeros((2, 2)), W, U, b_w, b_u))


def hidden(rng: np.random.Generator):
    yield gru_case("batch-1", rng, 1, 3, 4)
    yield gru_case("batch-1-hidden-1", rng, 1, 2, 1)
    yield gru_case("several-rows", rng, 5, 4, 3)
    yield gru_case("more-inputs-than-units", rng, 7, 12, 2)
    yield gru_case("more-units-than-inputs", rng, 4, 2, 9)
    yield gru_case("zero-state", rng, 6, 3, 5, zero_h=True)
    yield gru_case("strong-gates", rng, 6, 5, 5, scale=4.0)
    yield gru_case("large-batch", rng, 128, 16, 32)
    # exp(-z) overflows float64 beyond |z| of about 709: the gates must still be exactly 0 or 1.
    yield gru_case("pre-activations-1e3", rng, 8, 6, 4, scale=1e3)
    yield gru_case("pre-activations-1e4", rng, 3, 4, 6, scale=1e4)
    yield gru_case("float32", rng, 6, 5, 4, dtype=np.float32)
    yield gru_case("float32-batch-1", rng, 1, 4, 3, dtype=np.float32)
    # float32 and pre-activations of 1e3 together are left out on purpose: the pre-activations
    # themselves are then only good to about 1e-4, and a correct float64 solution would differ
    # from a float32 reference by more than float32 tolerances wherever one falls near zero.


def benchmark(rng: np.random.Generator):
    yield gru_case("benchmark-batch-512-256-units", rng, 512, 256, 256)


def check(case, expected, actual, tolerance):
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, f"h_next: {problem}")
    found = check_numeric(expected[0], got, tolerance)
    return PASS if found.ok else Check(False, f"h_next: {found.message}")
