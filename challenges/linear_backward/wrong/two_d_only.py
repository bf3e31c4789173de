# expect: runtime_error
# The 2-D textbook formulas applied as they are: x.T reverses every axis of a 3-D x, and the
# product then fails to broadcast.
import numpy as np


def linear_backward(x, W, b, grad_out):
    dx = grad_out @ W.T
    dW = x.T @ grad_out
    db = np.sum(grad_out, axis=0)
    return dx, dW, db
