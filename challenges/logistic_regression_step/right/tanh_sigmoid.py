# expect: accepted
# The sigmoid as 0.5 * (1 + tanh(z / 2)): bounded for every z, no overflow. The L1 subgradient is
# np.sign, 0 at 0. Python-float scalars do not upcast: float32 inputs stay float32 throughout.
import numpy as np


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w + b)))
    dz = p - y
    dw = X.T @ dz / n + l1 * np.sign(w) + l2 * w
    db = np.mean(dz)
    return w - lr * dw, b - lr * db
