import numpy as np


def sigmoid(z):
    # exp of minus |z| only: never overflows, and 1 / (1 + e) or e / (1 + e) is exact to rounding
    # on either side (0 and 1 in the limits, no inf / inf).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    w = np.asarray(w, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y  # d(mean BCE)/d(logit), per sample, times n
    grad_w = X.T @ error / n + l1 * np.sign(w) + l2 * w  # sign(0) = 0: the subgradient at 0
    grad_b = error.mean()  # the bias is not regularised
    return w - lr * grad_w, float(b - lr * grad_b)
