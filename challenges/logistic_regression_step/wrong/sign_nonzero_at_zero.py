# expect: wrong_answer
# The L1 subgradient as +1 for w >= 0 (np.where(w >= 0, 1, -1)): at an exact zero it must be 0,
# as np.sign gives.
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y
    grad_w = X.T @ error / n + l1 * np.where(w >= 0, 1.0, -1.0) + l2 * w
    return w - lr * grad_w, b - lr * error.mean()
