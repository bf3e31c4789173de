"""The torch_module_to_script suite: modules of a few features and of one, batches of one, a gate
score of exactly zero (the second expert's, as `score <= 0` says), and a benchmark. Each case
builds one module and makes several calls that between them take every branch: either expert,
either activation, with and without a mask, with and without clipping (a clip small enough to
bite on both sides).

Each step's result is harness.py's: the eager module's output and the scripted (saved and
loaded) module's, call by call; each is compared with expected.py's, the scripted one first, and
the message names the call and its arguments.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, check_array


def _weights(rng, dim, hidden, zero_gate=False):
    def linear(n_in, n_out):
        return rng.normal(scale=1.0 / np.sqrt(n_in), size=(n_out, n_in)), rng.normal(
            scale=0.1, size=n_out
        )

    weights = {}
    for name, (n_in, n_out) in {
        "gate": (dim, 1),
        "experts.0": (dim, hidden),
        "experts.1": (dim, hidden),
        "head": (hidden, dim),
    }.items():
        weights[f"{name}.weight"], weights[f"{name}.bias"] = linear(n_in, n_out)
    if zero_gate:
        weights["gate.weight"][:] = 0.0
        weights["gate.bias"][:] = 0.0
    return weights


def _input(rng, weights, n, dim, sign):
    """x whose mean gate score is sign * (0.5 to 1.5): shifted along the gate's weight, which
    moves the score by the shift times |w|^2."""
    x = rng.normal(size=(n, dim))
    w, b = weights["gate.weight"][0], weights["gate.bias"][0]
    if not w.any():
        return x  # a zero gate: the score is exactly 0, whatever x is
    score = float(np.mean(x @ w) + b)
    target = sign * rng.uniform(0.5, 1.5)
    return x + (target - score) / float(w @ w) * w


def _calls(rng, weights, n, dim):
    mask = (rng.random(n) < 0.6).astype(np.float64)
    clip = float(rng.uniform(0.02, 0.1))
    return [
        {"x": _input(rng, weights, n, dim, +1.0)},
        {"x": _input(rng, weights, n, dim, -1.0), "activation": "tanh"},
        {"x": _input(rng, weights, n, dim, +1.0), "mask": mask, "activation": "gelu"},
        {"x": _input(rng, weights, n, dim, -1.0), "clip": clip},
        {"x": _input(rng, weights, n, dim, -1.0), "mask": mask, "activation": "tanh", "clip": clip},
    ]


def _case(name, rng, dim, hidden, n, zero_gate=False):
    weights = _weights(rng, dim, hidden, zero_gate)
    return Case(name, (dim, hidden, weights, _calls(rng, weights, n, dim)))


def examples():
    rng = np.random.default_rng(2024)
    yield _case("example-3-features", rng, 3, 5, 4)


def hidden(rng: np.random.Generator):
    yield _case("few-features", rng, int(rng.integers(2, 6)), int(rng.integers(3, 10)), 8)
    yield _case("more-features", rng, int(rng.integers(6, 12)), int(rng.integers(10, 20)), 16)
    yield _case("one-feature", rng, 1, int(rng.integers(2, 6)), 6)
    yield _case("batch-of-one", rng, int(rng.integers(2, 6)), int(rng.integers(3, 10)), 1)
    # The gate's weight and bias are zero: the score is exactly 0, which goes to experts[1].
    yield _case("gate-score-exactly-zero", rng, int(rng.integers(2, 6)), 7, 8, zero_gate=True)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-32-features-batch-256", rng, 32, 63, 256)


def _describe(call):
    # The arguments' kinds, never their values (the clip is a hidden input).
    given = [f"activation={call['activation']!r}"] if "activation" in call else []
    given += [f"{key} given" for key in ("mask", "clip") if key in call]
    return f"({', '.join(given) or 'x only'})"


def check(case, expected, actual, tolerance: Tolerance) -> Check:
    want, got = expected[0], actual[0]
    calls = case.args[3]
    if not isinstance(got, dict) or set(got) != {"eager", "scripted"}:
        return Check(
            False, f"expected the harness's eager and scripted outputs, got {type(got).__name__}"
        )
    for which in ("scripted", "eager"):
        outputs = got[which]
        if not isinstance(outputs, list | tuple) or len(outputs) != len(calls):
            return Check(False, f"expected {len(calls)} {which} outputs")
        for number, (call, wanted, found) in enumerate(
            zip(calls, want[which], outputs, strict=True), start=1
        ):
            result = check_array(wanted, found, tolerance)
            if not result.ok:
                where = f"call {number} {_describe(call)}, the {which} module's output"
                return Check(False, f"{where}: {result.message}")
    return PASS
