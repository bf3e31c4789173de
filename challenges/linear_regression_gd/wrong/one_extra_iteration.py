# expect: wrong_answer
# Off by one: range(n_iters + 1) takes one step too many.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters + 1):
        residual = X @ w + b - y
        w, b = w - lr * X.T @ residual / n, b - lr * residual.mean()
    return w, b
