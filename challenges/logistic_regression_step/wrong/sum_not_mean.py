# expect: wrong_answer
# The gradient of the summed cross-entropy: n times the mean's (only one sample hides it).
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    error = sigmoid(X @ w + b) - y
    grad_w = X.T @ error + l1 * np.sign(w) + l2 * w
    return w - lr * grad_w, b - lr * error.sum()
