# expect: accepted
# Predictions, errors and both gradients spelled out with np.dot and np.mean, then the two
# updates from the saved gradients; b is returned as a NumPy scalar.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n_samples, n_features = X.shape
    weights = np.zeros(n_features)
    bias = np.float64(0.0)
    for _ in range(n_iters):
        y_pred = np.dot(X, weights) + bias
        error = y_pred - y
        dw = (1 / n_samples) * np.dot(X.T, error)
        db = (1 / n_samples) * np.sum(error)
        weights = weights - lr * dw
        bias = bias - lr * db
    return weights, bias
