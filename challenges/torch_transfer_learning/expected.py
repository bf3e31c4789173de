"""The expected result of torch_transfer_learning, on the worker (no PyTorch): what the check
needs, in the harness's form. The backbone inside the returned module, none of its tensors
changed, none of its parameters requiring grad, logits of shape (N, num_classes) on the held-out
set; and, the one behavioural part, the bound on the held-out accuracy, which cases.check
accepts at or above (the statement and challenge.toml give its margins)."""

import numpy as np

MIN_ACCURACY = 0.9  # cases.MIN_ACCURACY


def fine_tune(seed, backbone_state, classes, X, y, X_test, y_test):
    return {
        "backbone_inside": True,
        "backbone_changed": [],
        "backbone_trainable": [],
        "output_shape": np.array([X_test.shape[0], classes], dtype=np.int64),
        "accuracy": np.float64(MIN_ACCURACY),
    }
