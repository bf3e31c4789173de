# expect: wrong_answer
# Averages dW and db over the batch, as if the loss were a mean: the statement's L is a sum, and
# grad_out already carries any 1/N.
import numpy as np


def linear_backward(x, W, b, grad_out):
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    n = len(xs)
    return grad_out @ W.T, xs.T @ gs / n, gs.sum(axis=0) / n
