# expect: wrong_answer
# The L2 term's gradient as l2 * w * 2: the penalty is l2 / 2 * sum(w**2), whose gradient is
# l2 * w.
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y
    grad_w = X.T @ error / n + l1 * np.sign(w) + l2 * w * 2
    return w - lr * grad_w, b - lr * error.mean()
