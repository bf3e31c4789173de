# expect: wrong_answer
# The sigmoid as exp(z) / (1 + exp(z)): for z > 709 that is inf / inf = NaN.
import numpy as np


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    z = X @ w + b
    p = np.exp(z) / (1 + np.exp(z))
    grad_w = X.T @ (p - y) / n + l1 * np.sign(w) + l2 * w
    return w - lr * grad_w, b - lr * np.mean(p - y)
