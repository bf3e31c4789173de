# expect: wrong_answer
# Sums the gradient over the samples instead of averaging: n times too large a step (it diverges
# at the learning rates that are stable for the mean).
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(n_iters):
        residual = X @ w + b - y
        grad_w = X.T @ residual
        grad_b = residual.sum()
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, b
