# expect: wrong_answer
# dW as grad_out.T @ x: the gradient of W.T, of shape (D_out, D_in).
import numpy as np


def linear_backward(x, W, b, grad_out):
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    return grad_out @ W.T, gs.T @ xs, gs.sum(axis=0)
