# expect: wrong_answer
# Computes the bias's gradient but never applies it: b stays 0.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        residual = X @ w + b - y
        grad_w = X.T @ residual / n
        grad_b = residual.mean()
        w = w - lr * grad_w
    return w, b
