# expect: accepted
# Parameters in the inputs' own float dtype: float32 inputs are computed in float32 end to end
# (lr, a Python float, does not upcast), float64 ones in float64.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    dtype = np.result_type(X, y, np.float32)  # integers: float64
    X = X.astype(dtype, copy=False)
    y = y.astype(dtype, copy=False)
    n, d = X.shape
    w = np.zeros(d, dtype=dtype)
    b = dtype.type(0)
    for _ in range(n_iters):
        r = X @ w + b - y
        grad_w = X.T @ r / n
        grad_b = r.mean()
        w = w - lr * grad_w
        b = b - dtype.type(lr) * grad_b
    return w, b
