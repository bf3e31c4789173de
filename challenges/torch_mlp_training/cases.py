"""The torch_mlp_training suite: synthetic classification problems, each with a training set the
candidate's ``train`` sees (labels flipped at random, as label noise) and a held-out set it never
sees (clean labels), and the seed of the judge's MLP.

harness.py builds the MLP, calls ``train(model, X, y)``, and reports the held-out accuracy of the
model it gave and whether its parameters changed. The check is behavioural: the accuracy must
reach ``MIN_ACCURACY`` (expected.py returns it), which a sound loop passes with a wide margin
(challenge.toml gives the measured rates), and the parameters must have changed.

The problems: Gaussian blobs, two moons, concentric rings, and mixtures in which every class is
several blobs (a model fitted to one batch of 32 points never sees some of them), in 2 to 8
dimensions, with 2 to 8 classes and 5% to 30% of the training labels flipped. Features are
centred and scaled by one number, to a standard deviation of about 1.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check
from judge.toy_data import as_scalar, blobs, moons, rings

#: The held-out accuracy a submission must reach on every case (expected.py returns it).
MIN_ACCURACY = 0.9
HELD_OUT = 1000


def _case(name, rng, draw, classes, noise, n=1000, hidden=32):
    X, y = draw(n)
    X_test, y_test = draw(HELD_OUT)
    # Label noise on the training set only: a flipped label goes to another class, at random.
    flipped = rng.random(n) < noise
    y = np.where(flipped, (y + rng.integers(1, classes, size=n)) % classes, y)
    centre, scale = X.mean(axis=0), X.std()
    X, X_test = (X - centre) / scale, (X_test - centre) / scale
    seed = int(rng.integers(0, 2**31))
    return Case(
        name,
        (
            seed,
            hidden,
            classes,
            X.astype(np.float32),
            y.astype(np.int64),
            X_test.astype(np.float32),
            y_test.astype(np.int64),
        ),
    )


def examples():
    rng = np.random.default_rng(2024)
    yield _case("example-three-blobs", rng, blobs(rng, 2, 3, 1), 3, 0.1, n=600)


def hidden(rng: np.random.Generator):
    yield _case("blobs-2d-four-classes", rng, blobs(rng, 2, 4, 1), 4, 0.1)
    yield _case("two-moons", rng, moons(rng), 2, 0.1)
    yield _case("three-rings", rng, rings(rng, 3), 3, 0.05)
    yield _case("mixture-2d-three-blobs-a-class", rng, blobs(rng, 2, 3, 3), 3, 0.1)
    yield _case("mixture-8d-four-classes", rng, blobs(rng, 8, 4, 3), 4, 0.1, n=1500)
    yield _case("eight-classes-4d", rng, blobs(rng, 4, 8, 1), 8, 0.1)
    yield _case("heavy-label-noise", rng, blobs(rng, 3, 3, 2), 3, 0.3)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-mixture-5d", rng, blobs(rng, 5, 4, 3), 4, 0.1, n=1500, hidden=64)


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != set(want):
        return Check(False, f"expected the harness's results {sorted(want)}, got {type(got)}")
    changed = as_scalar(got["parameters_changed"], "b")
    if changed is None:
        return Check(False, "parameters_changed: expected a bool")
    if not changed:
        return Check(
            False,
            "the model's parameters did not change: train the model you are given, in place"
            " (an optimiser over model.parameters(), and optimizer.step() after each backward)",
        )
    accuracy = as_scalar(got["accuracy"], "f")
    if accuracy is None or not np.isfinite(accuracy):
        return Check(False, "accuracy: expected a finite number")
    if not (0.0 <= accuracy <= 1.0) or accuracy < want["accuracy"]:
        return Check(
            False,
            f"the held-out accuracy of the trained model is {float(accuracy):.3f}, below the"
            f" {want['accuracy']:.2f} required",
        )
    return PASS
