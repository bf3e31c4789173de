"""The torch_gan_step suite: training loops of one to five steps, batches of one, real and fake
batches of different sizes, one-dimensional data and noise, large learning rates, a confident
discriminator (logits of about 10), and a benchmark.

Each step's result is harness.py's: every call's two losses, and both networks' parameters after
the last call. Each is compared on its own (a parameter by its state_dict name), with an absolute
bound that is a share of its largest magnitude (challenge.toml), and named in the message.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, Tolerance, check_array

NAMES = ("hidden.weight", "hidden.bias", "output.weight", "output.bias")


def _mlp(rng, n_in, hidden, n_out, output_bias=0.0):
    return {
        "hidden.weight": rng.normal(scale=1.0 / np.sqrt(n_in), size=(hidden, n_in)),
        "hidden.bias": rng.normal(scale=0.1, size=hidden),
        "output.weight": rng.normal(scale=1.0 / np.sqrt(hidden), size=(n_out, hidden)),
        "output.bias": output_bias + rng.normal(scale=0.1, size=n_out),
    }


def _case(
    name,
    rng,
    *,
    steps=2,
    dim=None,
    noise_dim=None,
    n_real=None,
    n_fake=None,
    lr=(0.02, 0.2),
    confident=0.0,
    scale=1.0,
):
    dim = int(rng.integers(2, 7)) if dim is None else dim
    noise_dim = int(rng.integers(1, 5)) if noise_dim is None else noise_dim
    n_real = int(rng.integers(4, 33)) if n_real is None else n_real
    n_fake = n_real if n_fake is None else n_fake
    generator = _mlp(rng, noise_dim, int(rng.integers(4, 17)), dim)
    discriminator = _mlp(rng, dim, int(rng.integers(4, 17)), 1, output_bias=confident)
    if confident:
        discriminator["output.weight"] *= scale
    lr_g, lr_d = (float(v) for v in rng.uniform(*lr, size=2))
    centre = rng.normal(scale=2.0, size=dim)
    reals = [centre + rng.normal(size=(n_real, dim)) for _ in range(steps)]
    noises = [rng.normal(size=(n_fake, noise_dim)) for _ in range(steps)]
    return Case(name, (generator, discriminator, lr_g, lr_d, reals, noises))


def examples():
    generator = {
        "hidden.weight": np.array([[1.0], [-0.5]]),
        "hidden.bias": np.array([0.0, 0.1]),
        "output.weight": np.array([[1.0, 0.5], [0.0, -1.0]]),
        "output.bias": np.array([0.2, 0.0]),
    }
    discriminator = {
        "hidden.weight": np.array([[0.5, -0.5], [1.0, 0.25]]),
        "hidden.bias": np.array([0.0, -0.1]),
        "output.weight": np.array([[1.0, -1.0]]),
        "output.bias": np.array([0.0]),
    }
    reals = [
        np.array([[1.0, 2.0], [0.5, 1.5], [1.5, 2.5]]),
        np.array([[1.2, 1.8], [0.8, 2.2], [1.0, 2.0]]),
    ]
    noises = [np.array([[0.5], [-1.0], [2.0]]), np.array([[-0.3], [1.1], [0.0]])]
    yield Case("example-two-steps", (generator, discriminator, 0.1, 0.1, reals, noises))


def hidden(rng: np.random.Generator):
    yield _case("two-steps", rng)
    yield _case("three-steps", rng, steps=3)
    yield _case("one-step", rng, steps=1)
    # Each mean is over its own batch: d_loss is not one mean over both batches together.
    yield _case(
        "batch-sizes-differ", rng, n_real=int(rng.integers(3, 9)), n_fake=int(rng.integers(12, 30))
    )
    yield _case("batches-of-one", rng, steps=3, n_real=1)
    yield _case("one-dimensional", rng, dim=1, noise_dim=1)
    yield _case("large-learning-rates", rng, steps=3, lr=(0.5, 1.0))
    # Logits of about 10: sigmoid is within 5e-5 of 1, where log(1 - sigmoid) cancels.
    yield _case("confident-discriminator", rng, confident=10.0, scale=0.1)
    yield _case("five-steps", rng, steps=5)


def benchmark(rng: np.random.Generator):
    yield _case(
        "benchmark-64-dims-batch-256-5-steps", rng, steps=5, dim=64, noise_dim=16, n_real=256
    )


def _parts(result):
    """(what, name in the harness's dict, key or None) for each part, in order."""
    yield "the discriminator's losses, step by step", "d_losses", None
    yield "the generator's losses, step by step", "g_losses", None
    for network in ("discriminator", "generator"):
        for name in NAMES:
            yield f"the {network}'s {name} after the last step", network, name


def check(case, expected, actual, tolerance: Tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != set(want):
        return Check(
            False, f"expected the harness's parts {sorted(want)}, got {type(got).__name__}"
        )
    for what, part, name in _parts(want):
        wanted, found = want[part], got[part]
        if name is not None:
            if not isinstance(found, dict) or name not in found:
                return Check(False, f"{what}: missing")
            wanted, found = wanted[name], found[name]
        result = check_array(wanted, found, tolerance)
        if not result.ok:
            return Check(False, f"{what}: {result.message}")
    return PASS
