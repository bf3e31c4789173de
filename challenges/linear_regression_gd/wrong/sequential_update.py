# expect: wrong_answer
# Updates w first, then recomputes the residual with the new w for b's gradient: b's gradient is
# not taken at the current point.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        w = w - lr * X.T @ (X @ w + b - y) / n
        b = b - lr * np.mean(X @ w + b - y)
    return w, b
