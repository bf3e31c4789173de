"""The expected results of torch_cnn, on the worker, in NumPy: what harness.py returns for the
reference. The parameter shapes come from the statement's architecture (not from the weights the
case passes), the forward pass is written out: each 3x3 convolution as an einsum over the padded
input's sliding windows, each 2x2 max-pool as a reshape, the flattening in (channel, row, column)
order, dropout the identity (eval mode)."""

import numpy as np

# The reference's leaf modules, in the order its forward calls them.
LAYERS = (
    ("conv1", "Conv2d"),
    ("relu1", "ReLU"),
    ("pool1", "MaxPool2d"),
    ("conv2", "Conv2d"),
    ("relu2", "ReLU"),
    ("pool2", "MaxPool2d"),
    ("flatten", "Flatten"),
    ("fc1", "Linear"),
    ("relu3", "ReLU"),
    ("dropout", "Dropout"),
    ("fc2", "Linear"),
)


def parameter_shapes(in_channels, num_classes):
    return {
        "conv1.weight": [32, in_channels, 3, 3],
        "conv1.bias": [32],
        "conv2.weight": [64, 32, 3, 3],
        "conv2.bias": [64],
        "fc1.weight": [128, 64 * 7 * 7],
        "fc1.bias": [128],
        "fc2.weight": [num_classes, 128],
        "fc2.bias": [num_classes],
    }


def conv3x3(x, weight, bias):
    """Cross-correlation with a zero border of 1: (N, C, H, W) -> (N, O, H, W)."""
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))
    return np.einsum("nchwij,ocij->nohw", windows, weight, optimize=True) + bias[:, None, None]


def max_pool2(x):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def create_cnn_model(in_channels, num_classes, weights, x, seed):
    shapes = parameter_shapes(in_channels, num_classes)
    w = weights
    h = max_pool2(np.maximum(conv3x3(x, w["conv1.weight"], w["conv1.bias"]), 0.0))
    h = max_pool2(np.maximum(conv3x3(h, w["conv2.weight"], w["conv2.bias"]), 0.0))
    h = h.reshape(len(h), -1)
    h = np.maximum(h @ w["fc1.weight"].T + w["fc1.bias"], 0.0)
    logits = h @ w["fc2.weight"].T + w["fc2.bias"]
    return {
        "parameter_count": int(sum(np.prod(s) for s in shapes.values())),
        "parameters": shapes,
        "logits": logits,
        "layer_names": [name for name, _ in LAYERS],
        "layer_types": [kind for _, kind in LAYERS],
    }
