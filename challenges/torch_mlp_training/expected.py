"""The expected result of torch_mlp_training, on the worker (no PyTorch): what the check needs.

The result is behavioural, a held-out accuracy after the submission's own training, so there is
no value to compute here: the expected result is the bound, in the harness's form. cases.check
accepts an accuracy at or above it, with parameters that changed."""

import numpy as np

MIN_ACCURACY = 0.9  # cases.MIN_ACCURACY: the statement and challenge.toml give its margins


def train(seed, hidden, classes, X, y, X_test, y_test):
    return {"accuracy": np.float64(MIN_ACCURACY), "parameters_changed": True}
