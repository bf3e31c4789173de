# expect: wrong_answer
# Off by one the other way: range(1, n_iters) takes one step too few.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(1, n_iters):
        residual = X @ w + b - y
        w, b = w - lr * X.T @ residual / n, b - lr * residual.mean()
    return w, b
