# expect: wrong_answer
# w -= lr * grad_w updates the caller's array in place: the input w must be left untouched.
import numpy as np


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    error = 1.0 / (1.0 + np.exp(-(X @ w + b))) - y
    grad_w = X.T @ error / n + l1 * np.sign(w) + l2 * w
    w -= lr * grad_w
    return w, b - lr * error.mean()
