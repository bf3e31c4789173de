"""The torch_vae suite: binary and grey-level data, a batch of one, one latent dimension, one
pixel, the prior itself, a sample equal to the mean (eps = 0), logits of magnitude 1e3 (where
sigmoid rounds to 0 or 1), log-variances from -10 to 10, and a benchmark.

Each step's result is harness.py's: the loss and the gradients with respect to mu, log_var and
the decoder's weight and bias. Each is compared on its own, with an absolute bound that is a
share of its largest magnitude (challenge.toml), and named in the message.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, check_array, check_scalar

PARTS = {
    "loss": "the loss",
    "grad_mu": "the gradient with respect to mu",
    "grad_log_var": "the gradient with respect to log_var",
    "grad_weight": "the gradient with respect to the decoder's weight",
    "grad_bias": "the gradient with respect to the decoder's bias",
}


def _case(
    name,
    rng,
    n,
    d,
    k,
    *,
    grey=False,
    logit_scale=1.0,
    lv=(-1.0, 1.0),
    mu_scale=1.0,
    eps=True,
    prior=False,
):
    x = rng.random(size=(n, d)) if grey else (rng.random(size=(n, d)) < 0.3).astype(np.float64)
    mu = np.zeros((n, k)) if prior else rng.normal(scale=mu_scale, size=(n, k))
    log_var = np.zeros((n, k)) if prior else rng.uniform(*lv, size=(n, k))
    noise = rng.normal(size=(n, k)) if eps else np.zeros((n, k))
    weight = rng.normal(scale=logit_scale / np.sqrt(k), size=(d, k))
    bias = rng.normal(scale=0.1 * logit_scale, size=d)
    return Case(name, (x, mu, log_var, noise, weight, bias))


def examples():
    x = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    mu = np.array([[0.5, -1.0], [0.0, 0.25]])
    log_var = np.array([[0.0, -0.5], [0.5, 0.0]])
    eps = np.array([[1.0, 0.0], [-0.5, 2.0]])
    weight = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    bias = np.array([0.0, 0.5, -0.5])
    yield Case("example-two-samples", (x, mu, log_var, eps, weight, bias))


def hidden(rng: np.random.Generator):
    n, d, k = int(rng.integers(8, 24)), int(rng.integers(10, 40)), int(rng.integers(2, 8))
    yield _case("binary-pixels", rng, n, d, k)
    yield _case("grey-levels", rng, n, d, k, grey=True)
    yield _case("batch-of-one", rng, 1, d, k)
    yield _case("one-latent-dimension", rng, n, d, 1)
    yield _case("one-pixel", rng, n, 1, k)
    # The posterior is the prior: the KL term and its gradients are 0.
    yield _case("prior-posterior", rng, n, d, k, prior=True)
    # eps = 0: the sample is the mean, and log_var's gradient is the KL's alone.
    yield _case("sample-at-the-mean", rng, n, d, k, eps=False)
    # Logits of magnitude 1e3: sigmoid is exactly 0 or 1, log(sigmoid) is -inf.
    yield _case("large-logits", rng, n, d, k, logit_scale=1e3)
    yield _case("wide-log-variances", rng, n, d, k, lv=(-10.0, 10.0))
    yield _case("mnist-like", rng, 64, 784, 16)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-1000x784-latent-32", rng, 1000, 784, 32)


def check(case, expected, actual, tolerance: Tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != set(PARTS):
        return Check(
            False, f"expected the harness's parts {sorted(PARTS)}, got {type(got).__name__}"
        )
    loss = float(want["loss"])
    found = check_scalar(loss, got["loss"], _scaled(tolerance, abs(loss)))
    if not found.ok:
        return found
    for key, what in list(PARTS.items())[1:]:
        found = check_array(want[key], got[key], tolerance)
        if not found.ok:
            return Check(False, f"{what}: {found.message}")
    return PASS


def _scaled(tolerance: Tolerance, largest: float) -> Tolerance:
    """check_scalar's bound: atol a share of the loss, as scale_atol makes it for the arrays."""
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * largest)
