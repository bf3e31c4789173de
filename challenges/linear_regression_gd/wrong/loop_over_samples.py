# expect: time_limit_exceeded
# Correct, but the gradient is accumulated in a Python loop over the samples at every step:
# 1.5 million loop turns on the benchmark (5000 samples, 300 steps).
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        grad_w = np.zeros(d)
        grad_b = 0.0
        for i in range(n):
            error = X[i] @ w + b - y[i]
            grad_w += error * X[i]
            grad_b += error
        w = w - lr * grad_w / n
        b = b - lr * grad_b / n
    return w, b
