import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        residual = X @ w + b - y  # (n,)
        grad_w = X.T @ residual / n
        grad_b = residual.mean()
        # Both gradients were taken at the current point: update together.
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)
