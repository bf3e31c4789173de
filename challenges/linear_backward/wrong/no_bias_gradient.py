# expect: wrong_answer
# Returns (dx, dW) only: db is part of the answer even though b does not affect dx or dW.
import numpy as np


def linear_backward(x, W, b, grad_out):
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    return grad_out @ W.T, xs.T @ gs
