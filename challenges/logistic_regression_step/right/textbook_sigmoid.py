# expect: accepted
# The textbook 1 / (1 + exp(-z)): exp(-z) overflows to inf for z < -709 (NumPy warns) and the
# sigmoid comes out 0, which is right; for z > 709 exp(-z) is 0 and it is 1. Written with an
# explicit copy of w and separate penalty terms.
import numpy as np


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    m = len(y)
    z = np.dot(X, w) + b
    a = 1 / (1 + np.exp(-z))
    grad_w = np.dot(X.T, a - y) / m
    grad_w = grad_w + l1 * np.where(w > 0, 1.0, np.where(w < 0, -1.0, 0.0))
    grad_w = grad_w + l2 * w
    grad_b = np.sum(a - y) / m
    new_w = w.copy()
    new_w -= lr * grad_w
    return new_w, float(b - lr * grad_b)
