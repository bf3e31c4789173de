"""The RNN forward suite: one step and two hundred, batches of one and of many, a hidden size of
1, square shapes (T = N = D = H, where a batch-first reading or a transposed weight runs without
an error), hidden units whose pre-activations reach 1e3 and 1e4 (where tanh written with exp
overflows to NaN), a zero initial state, float32.

The checker asks for a NumPy array of shape (T, N, H) and compares it with ``check_numeric``; it
names the two classic shape mistakes (h0 included, the last state only).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric


def rnn_case(name, rng, T, N, D, H, saturate=0.0, scale=1.0, zero_h0=False, dtype=np.float64):
    """Weights of the usual size: Wx of 1 / sqrt(D), Wh of 0.9 / sqrt(H) (a spectral radius
    below about 0.9: rounding errors shrink from step to step instead of growing). A share
    ``saturate`` of the hidden units (columns of Wx, Wh and b) is multiplied by ``scale``."""
    x = rng.normal(size=(T, N, D))
    h0 = np.zeros((N, H)) if zero_h0 else rng.uniform(-1, 1, size=(N, H))
    Wx = rng.normal(scale=1 / np.sqrt(D), size=(D, H))
    Wh = rng.normal(scale=0.9 / np.sqrt(H), size=(H, H))
    b = rng.normal(scale=0.5, size=H)
    if saturate:
        columns = rng.permutation(H)[: max(1, int(saturate * H))]
        for w in (Wx, Wh):
            w[:, columns] *= scale
        b[columns] *= scale
    return Case(name, tuple(a.astype(dtype) for a in (x, h0, Wx, Wh, b)))


def examples():
    # T = 3 steps of one sequence (N = 1), D = 2 inputs, H = 2 hidden units.
    x = np.array([[[1.0, 0.0]], [[0.0, 1.0]], [[1.0, 1.0]]])
    h0 = np.array([[0.5, -0.5]])
    Wx = np.array([[1.0, -1.0], [0.5, 2.0]])
    Wh = np.array([[1.0, 0.5], [-1.0, 0.0]])
    b = np.array([0.0, 0.1])
    yield Case("example-3-steps-1-sequence", (x, h0, Wx, Wh, b))
    # T = 2 steps of a batch of two sequences, D = 3, H = 2, from a zero state.
    x = np.arange(12.0).reshape(2, 2, 3) / 10 - 0.5
    Wx = np.linspace(-1.0, 1.0, 6).reshape(3, 2)
    Wh = np.array([[0.5, -0.25], [0.75, 0.5]])
    yield Case("example-batch-2-zero-state", (x, np.zeros((2, 2)), Wx, Wh, np.array([0.1, -0.3])))


def hidden(rng: np.random.Generator):
    yield rnn_case("one-step-batch-1", rng, 1, 1, 3, 4)
    yield rnn_case("batch-1-30-steps", rng, 30, 1, 2, 5)
    yield rnn_case("hidden-size-1", rng, 6, 3, 4, 1)
    yield rnn_case("more-inputs-than-units", rng, 5, 4, 12, 3)
    yield rnn_case("more-units-than-inputs", rng, 7, 5, 2, 10)
    # T = N = D = H: reading x as (N, T, D), or Wh the other way round, raises no error here.
    yield rnn_case("all-sizes-equal", rng, 6, 6, 6, 6)
    yield rnn_case("zero-initial-state", rng, 4, 3, 3, 5, zero_h0=True)
    yield rnn_case("long-sequence", rng, 200, 4, 3, 8)
    yield rnn_case("large-batch", rng, 10, 128, 16, 32)
    # Half of the units with pre-activations of about 1e3 and 1e4: exp(2z) overflows float64
    # past z of about 355, and (exp(2z) - 1) / (exp(2z) + 1) is then inf / inf = NaN.
    yield rnn_case("saturated-units-1e3", rng, 8, 5, 4, 6, saturate=0.5, scale=1e3)
    yield rnn_case("saturated-units-1e4", rng, 5, 3, 6, 4, saturate=0.5, scale=1e4)
    yield rnn_case("float32", rng, 12, 6, 5, 7, dtype=np.float32)
    yield rnn_case("float32-batch-1", rng, 9, 1, 4, 3, dtype=np.float32)


def benchmark(rng: np.random.Generator):
    yield rnn_case("benchmark-50-steps-batch-128-128-units", rng, 50, 128, 64, 128)


def check(case, expected, actual, tolerance):
    x, h0 = case.steps[0].args[:2]
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, f"h_seq: {problem}")
    T, (N, H) = len(x), h0.shape
    if got.shape == (T + 1, N, H):
        return Check(False, f"expected shape {(T, N, H)}, got {got.shape}: leave h0 out of h_seq")
    if got.shape == (N, H):
        return Check(
            False, f"expected shape {(T, N, H)}, got {got.shape}: return every step's state"
        )
    found = check_numeric(expected[0], got, tolerance)
    return PASS if found.ok else Check(False, f"h_seq: {found.message}")
