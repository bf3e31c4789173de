# expect: wrong_answer
# The gradient of the mean squared error (2/n) X^T r, not of the statement's 1/(2n) loss (1/n):
# every step twice as long.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        residual = X @ w + b - y
        grad_w = 2 * X.T @ residual / n
        grad_b = 2 * residual.mean()
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, b
