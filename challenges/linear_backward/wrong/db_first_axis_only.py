# expect: wrong_answer
# db summed over the first axis only: right for a 2-D batch, the wrong shape for (B, T, D).
import numpy as np


def linear_backward(x, W, b, grad_out):
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    return grad_out @ W.T, xs.T @ gs, grad_out.sum(axis=0)
