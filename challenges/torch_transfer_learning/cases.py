"""The torch_transfer_learning suite: a pre-trained backbone, a training set and a held-out set.

The backbone is the judge's: ``Linear(D, F) -> BatchNorm1d(F) -> ReLU``, its weights made here in
NumPy as a good feature extractor for the case's data: F random directions, the batch norm's
running statistics those of the projections on the data (as if pre-trained on it), and its shift
spread over [-1.5, 1.5], so that the features are half-space indicators at many thresholds (a
random one-hidden-layer network). The classes are not linearly separable in the inputs (rings,
moons, classes made of several blobs) but nearly so in these F features: a linear head trained on
them reaches a held-out accuracy near 1.

harness.py builds the backbone, loads the state_dict, calls ``fine_tune``, and reports whether
the backbone is inside the returned module, the names of the backbone's tensors that changed and
of its parameters that still require grad, the shape of the logits on the held-out set and the
accuracy there. cases.check wants the backbone inside, nothing changed, nothing trainable, the
shape (N, k), and an accuracy of at least ``MIN_ACCURACY`` (expected.py returns it): a sound head
passes it with a wide margin (challenge.toml gives the measured rates).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check
from judge.toy_data import as_scalar, blobs, moons, rings

#: The held-out accuracy a submission must reach on every case (expected.py returns it).
MIN_ACCURACY = 0.9
HELD_OUT = 1000


def mixed_blobs(rng, dims, classes, per_class):
    """Blobs dealt to the classes at random."""
    return blobs(rng, dims, classes, per_class, mixed=True)


def backbone_state(rng, X, width):
    """The judge's pre-trained backbone as a state_dict of NumPy arrays, by PyTorch's names for
    ``nn.Sequential(nn.Linear(D, width), nn.BatchNorm1d(width), nn.ReLU())``."""
    dims = X.shape[1]
    weight = rng.normal(scale=1 / np.sqrt(dims), size=(width, dims))
    bias = rng.normal(scale=0.1, size=width)
    projections = X @ weight.T + bias
    return {
        "0.weight": weight.astype(np.float32),
        "0.bias": bias.astype(np.float32),
        "1.weight": rng.uniform(0.8, 1.2, size=width).astype(np.float32),
        "1.bias": rng.uniform(-1.5, 1.5, size=width).astype(np.float32),
        "1.running_mean": projections.mean(axis=0).astype(np.float32),
        "1.running_var": projections.var(axis=0, ddof=1).astype(np.float32),
        "1.num_batches_tracked": np.array(1000, dtype=np.int64),
    }


def _case(name, rng, draw, classes, n=1000, width=256):
    X, y = draw(n)
    X_test, y_test = draw(HELD_OUT)
    centre, scale = X.mean(axis=0), X.std()
    X, X_test = (X - centre) / scale, (X_test - centre) / scale
    seed = int(rng.integers(0, 2**31))
    return Case(
        name,
        (
            seed,
            backbone_state(rng, X, width),
            classes,
            X.astype(np.float32),
            y.astype(np.int64),
            X_test.astype(np.float32),
            y_test.astype(np.int64),
        ),
    )


def examples():
    rng = np.random.default_rng(7)
    yield _case("example-two-moons", rng, moons(rng), 2, n=500, width=64)


def hidden(rng: np.random.Generator):
    yield _case("two-moons", rng, moons(rng), 2)
    yield _case("three-rings", rng, rings(rng, 3), 3)
    yield _case("xor-blobs-2d", rng, mixed_blobs(rng, 2, 2, 2), 2)
    yield _case("mixture-2d-three-classes", rng, mixed_blobs(rng, 2, 3, 3), 3)
    yield _case("mixture-4d-four-classes", rng, mixed_blobs(rng, 4, 4, 2), 4)
    yield _case("narrow-backbone", rng, mixed_blobs(rng, 3, 3, 2), 3, width=64)
    yield _case("five-classes", rng, mixed_blobs(rng, 3, 5, 1), 5)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-mixture-3d", rng, mixed_blobs(rng, 3, 4, 2), 4, n=2000)


def _names(value):
    """A list of tensor names, or None."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or set(got) != set(want):
        return Check(False, f"expected the harness's results {sorted(want)}, got {type(got)}")
    inside = as_scalar(got["backbone_inside"], "b")
    if inside is None or not inside:
        return Check(
            False,
            "the returned module does not contain the backbone you were given: return e.g."
            " nn.Sequential(backbone, head), with that very backbone, not a copy",
        )
    changed, trainable = _names(got["backbone_changed"]), _names(got["backbone_trainable"])
    if changed is None or trainable is None:
        return Check(False, "backbone_changed, backbone_trainable: expected lists of names")
    if changed:
        return Check(
            False,
            f"the backbone changed: {', '.join(changed[:8])} (its parameters and its batch norm's"
            " running statistics must stay bit for bit as loaded: freeze them, and keep the"
            " backbone in eval mode while the head trains)",
        )
    if trainable:
        return Check(
            False,
            f"backbone parameters still require grad: {', '.join(trainable[:8])} (freeze them"
            " with requires_grad_(False))",
        )
    shape = np.asarray(got["output_shape"])
    if (
        not isinstance(got["output_shape"], np.ndarray)
        or shape.dtype.kind not in "iu"
        or shape.shape != (2,)
        or not np.array_equal(shape, want["output_shape"])
    ):
        found = tuple(shape.tolist()) if shape.ndim == 1 else repr(got["output_shape"])[:40]
        return Check(
            False,
            f"the logits on the held-out set have shape {found}, expected"
            f" {tuple(int(s) for s in want['output_shape'])} (N, num_classes)",
        )
    accuracy = as_scalar(got["accuracy"], "f")
    if accuracy is None or not np.isfinite(accuracy):
        return Check(False, "accuracy: expected a finite number")
    if not (0.0 <= accuracy <= 1.0) or accuracy < want["accuracy"]:
        return Check(
            False,
            f"the held-out accuracy of the fine-tuned model is {float(accuracy):.3f}, below the"
            f" {want['accuracy']:.2f} required",
        )
    return PASS
