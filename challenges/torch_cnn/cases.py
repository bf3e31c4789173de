"""The torch_cnn suite: one to three input channels, one to ten classes, a batch of one, inputs
in [0, 1] (images) and of both signs, inputs of magnitude 1e3, and a benchmark.

Each step's result is harness.py's account of the submission's model: its parameter count, its
state_dict's names and shapes, the leaf modules its forward called (names and types, in order),
and its logits for the judge's weights in eval mode. The checker compares them in that order and
names the part that differs.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, check_array, check_count, check_state_dict

SIZE = 28
#: The layers that hold parameters, by the statement's names, in the order forward calls them.
PARAMETERISED = ("conv1", "conv2", "fc1", "fc2")


def shapes(in_channels, num_classes):
    return {
        "conv1.weight": (32, in_channels, 3, 3),
        "conv1.bias": (32,),
        "conv2.weight": (64, 32, 3, 3),
        "conv2.bias": (64,),
        "fc1.weight": (128, 3136),
        "fc1.bias": (128,),
        "fc2.weight": (num_classes, 128),
        "fc2.bias": (num_classes,),
    }


def example_weights(in_channels, num_classes):
    """The public example's weights, a formula the statement writes in PyTorch: parameter k (in
    the state_dict's order) is 0.1 * sin(i + k) over its elements i, in C order."""
    return {
        name: 0.1 * np.sin(np.arange(np.prod(shape)) + k).reshape(shape)
        for k, (name, shape) in enumerate(shapes(in_channels, num_classes).items())
    }


def random_weights(rng, in_channels, num_classes):
    """He-scaled weights and small biases: logits of order 1, about half the units active."""
    weights = {}
    for name, shape in shapes(in_channels, num_classes).items():
        if name.endswith("bias"):
            weights[name] = rng.normal(scale=0.1, size=shape)
        else:
            fan_in = int(np.prod(shape[1:]))
            weights[name] = rng.normal(scale=np.sqrt(2.0 / fan_in), size=shape)
    return weights


def _case(name, rng, n, in_channels, num_classes, *, images=True, scale=1.0):
    shape = (n, in_channels, SIZE, SIZE)
    x = rng.random(size=shape) if images else rng.normal(scale=scale, size=shape)
    seed = int(rng.integers(2**31))
    return Case(
        name, (in_channels, num_classes, random_weights(rng, in_channels, num_classes), x, seed)
    )


def examples():
    # Two 1-channel images: a diagonal gradient and its mirror image.
    ramp = np.add.outer(np.arange(SIZE), np.arange(SIZE)) / (2.0 * (SIZE - 1))
    x = np.stack([ramp, ramp[:, ::-1]])[:, None]
    yield Case("example-two-images-three-classes", (1, 3, example_weights(1, 3), x, 0))


def hidden(rng: np.random.Generator):
    yield _case("mnist-like", rng, 4, 1, 10)
    yield _case("rgb-images", rng, 3, 3, 10)
    yield _case("two-classes", rng, 3, 1, 2)
    yield _case("one-class", rng, 2, 2, 1)
    yield _case("batch-of-one", rng, 1, 1, 10)
    yield _case("inputs-of-both-signs", rng, 4, 3, 5, images=False)
    yield _case("large-inputs", rng, 2, 1, 10, images=False, scale=1e3)


def benchmark(rng: np.random.Generator):
    yield _case("benchmark-batch-256-mnist", rng, 256, 1, 10)


def check(case, expected, actual, tolerance) -> Check:
    want, got = expected[0], actual[0]
    if not isinstance(got, dict) or not isinstance(got.get("parameters"), dict):
        return Check(
            False, f"expected the harness's account of the model, got {type(got).__name__}"
        )
    for found in (
        check_state_dict(want["parameters"], got["parameters"]),
        check_count(
            "the model's number of parameters", want["parameter_count"], got.get("parameter_count")
        ),
        check_layers(want, got),
    ):
        if not found.ok:
            return found
    found = check_array(want["logits"], got.get("logits"), tolerance)
    if not found.ok:
        return Check(False, f"the logits: {found.message}{probability_hint(got.get('logits'))}")
    return PASS


def check_layers(want, got) -> Check:
    """The leaf modules forward called must follow the statement's order, conv1, conv2, fc1 and
    fc2 once each. Activations, pooling, flattening and dropout may be functions (F.relu), which
    a hook cannot see: the calls must be a subsequence of the statement's layers."""
    names, types = got.get("layer_names"), got.get("layer_types")
    if not isinstance(names, list) or not isinstance(types, list) or len(names) != len(types):
        return Check(False, "the harness's list of the layers called is missing")
    if not all(type(text) is str for text in names + types):
        return Check(False, "the harness's list of the layers called is not a list of names")
    calls = list(zip(names, types, strict=True))
    order = [name for name, _ in calls if name in PARAMETERISED]
    if order != list(PARAMETERISED):
        return Check(
            False,
            f"forward called the modules holding parameters in the order {order}; the "
            f"statement's is {list(PARAMETERISED)}, each once, as modules (self.conv1(x))",
        )
    statement = list(zip(want["layer_names"], want["layer_types"], strict=True))
    at = 0
    for name, kind in calls:
        while at < len(statement) and not same_layer(statement[at], name, kind):
            at += 1
        if at == len(statement):
            return Check(
                False,
                f"the layers ran in the order {types}; the statement's order is "
                f"{want['layer_types']} (activations, pooling, flattening and dropout may be "
                "functions, which leave no trace here, but not another order or other layers)",
            )
        at += 1
    return PASS


def same_layer(layer, name, kind):
    wanted_name, wanted_kind = layer
    return kind == wanted_kind and (wanted_name not in PARAMETERISED or name == wanted_name)


def probability_hint(logits) -> str:
    rows = np.asarray(logits, dtype=float) if isinstance(logits, np.ndarray) else None
    if rows is None or rows.ndim != 2 or rows.shape[1] < 2:
        return ""
    if (rows >= 0).all() and np.allclose(rows.sum(axis=1), 1.0, atol=1e-6):
        return " (each row sums to 1: return the logits, not softmax probabilities)"
    return ""
