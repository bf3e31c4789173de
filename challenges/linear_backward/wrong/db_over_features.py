# expect: wrong_answer
# db summed over the wrong axis (the features, axis=-1, instead of the batch): one number per row.
import numpy as np


def linear_backward(x, W, b, grad_out):
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    return grad_out @ W.T, xs.T @ gs, gs.sum(axis=-1)
