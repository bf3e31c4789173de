"""The VAE-loss suite: binary and grey-level x, flat features and image-shaped ones (N, H, W),
a batch of one, one feature, one latent dimension, a prior-matching posterior (KL 0), a
near-prior one (log_var near 0, where 1 + log_var - exp(log_var) cancels), logits of magnitude
1e4 (where sigmoid rounds to 0 or 1 and log gives -inf unless the loss is formed from the
logits), log_var from -20 to 20, means of 1e3, float32, and a benchmark.

The result must be a real scalar (a Python float, a NumPy floating scalar or a 0-d array); its
value is compared with an absolute bound that scales with the size of the terms summed (see
challenge.toml).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Tolerance, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64


def examples():
    x = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 1.0]])
    x_logits = np.array([[2.0, -1.0, 0.0], [0.5, 3.0, -2.0]])
    mu = np.array([[0.5, -1.0], [0.0, 0.2]])
    log_var = np.array([[0.0, -0.5], [0.3, 0.0]])
    yield Case("example-two-samples", (x, x_logits, mu, log_var))
    yield Case(
        "example-image-large-logits",
        (
            np.array([[[1.0, 0.0], [0.0, 1.0]]]),
            np.array([[[10000.0, -10000.0], [10000.0, -5.0]]]),
            np.array([[0.0]]),
            np.array([[0.0]]),
        ),
    )


def hidden(rng: np.random.Generator):
    def binary(*shape, p=0.3):
        return (rng.random(size=shape) < p).astype(np.float64)

    def logits(*shape, scale=2.0):
        return rng.normal(scale=scale, size=shape)

    def latent(n, k, mu_scale=1.0, lv_scale=1.0):
        return rng.normal(scale=mu_scale, size=(n, k)), rng.normal(scale=lv_scale, size=(n, k))

    n, d = int(rng.integers(8, 30)), int(rng.integers(20, 80))
    k = int(rng.integers(2, 9))
    yield Case("binary-pixels", (binary(n, d), logits(n, d), *latent(n, k)))
    yield Case("grey-levels", (rng.random(size=(n, d)), logits(n, d), *latent(n, k)))
    h, w = (int(v) for v in rng.integers(3, 8, size=2))
    yield Case("images", (binary(n, h, w), logits(n, h, w), *latent(n, k)))
    yield Case("batch-of-one", (binary(1, d), logits(1, d), *latent(1, k)))
    yield Case("one-feature", (binary(n, 1, p=0.5), logits(n, 1), *latent(n, k)))
    yield Case("one-latent-dimension", (binary(n, d), logits(n, d), *latent(n, 1)))
    # The posterior is the prior: the KL term is exactly 0.
    yield Case("prior-posterior", (binary(n, d), logits(n, d), np.zeros((n, k)), np.zeros((n, k))))
    # log_var near 0: 1 + log_var - exp(log_var) cancels to about -log_var**2 / 2.
    mu, lv = latent(n, k, mu_scale=1e-3, lv_scale=1e-4)
    yield Case("near-prior", (rng.random(size=(n, d)), logits(n, d), mu, lv))
    # Logits of magnitude 1e4 on binary pixels, many on the wrong side: sigmoid is exactly 0 or 1.
    yield Case("large-logits", (binary(n, d, p=0.5), logits(n, d, scale=1e4), *latent(n, k)))
    x = binary(n, d, p=0.5)
    z = np.where(x == 1, 1.0, -1.0) * rng.uniform(40.0, 800.0, size=(n, d))
    z[:, :2] = -z[:, :2]  # two confidently wrong pixels a sample; the rest confidently right
    yield Case("confident-pixels", (x, z, *latent(n, k)))
    yield Case(
        "extreme-latents",
        (binary(n, d), logits(n, d), *latent(n, k, mu_scale=1e3, lv_scale=1.0)),
    )
    lv = rng.uniform(-20.0, 20.0, size=(n, k))
    yield Case("log-var-20", (binary(n, d), logits(n, d), rng.normal(size=(n, k)), lv))
    x, z, (mu, lv) = rng.random(size=(n, d)), logits(n, d), latent(n, k)
    yield Case("float32", tuple(a.astype(np.float32) for a in (x, z, mu, lv)))
    yield Case("mnist-like", (binary(100, 784, p=0.2), logits(100, 784), *latent(100, 16)))


def benchmark(rng: np.random.Generator):
    n, d, k = 1000, 784, 32
    x = (rng.random(size=(n, d)) < 0.2).astype(np.float64)
    z = rng.normal(scale=3.0, size=(n, d))
    mu, lv = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    yield Case("benchmark-1000x784-latent-32", (x, z, mu, lv))


def check(case, expected, actual, tolerance):
    return check_scalar(
        expected[0],
        actual[0],
        _tolerance(tolerance, *case.steps[0].args),
        why_not_finite="sigmoid rounds to 0 or 1 for large logits: the cross-entropy must be "
        "formed from the logits",
    )


def _tolerance(tolerance, x, x_logits, mu, log_var):
    """atol scales with the largest term of each sum and the number of terms per sample (see
    challenge.toml); float32 inputs get float32 bounds."""
    n = len(x)
    d, k = x.size // n, mu.size // n
    pixel = max(1.0, float(np.abs(x_logits).max()))
    lv = np.asarray(log_var, dtype=np.float64)
    mu = np.asarray(mu, dtype=np.float64)
    latent = max(1.0, float(np.max(mu**2)), float(np.exp(lv).max()), float(np.abs(lv).max()))
    if np.float32 in (x.dtype, x_logits.dtype, mu.dtype, log_var.dtype):
        bound = (FLOAT32_EPSILONS + d + k + n) * EPS32
        return Tolerance(rtol=max(tolerance.rtol, bound), atol=bound * (pixel + latent))
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * (d * pixel + k * latent))
