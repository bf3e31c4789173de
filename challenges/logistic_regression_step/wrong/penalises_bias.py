# expect: wrong_answer
# Applies the L1 and L2 penalties to the bias too: the bias is not regularised.
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y
    grad_w = X.T @ error / n + l1 * np.sign(w) + l2 * w
    grad_b = error.mean() + l1 * np.sign(b) + l2 * b
    return w - lr * grad_w, b - lr * grad_b
