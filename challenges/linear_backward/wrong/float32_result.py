# expect: wrong_answer
# Computes in float32 whatever the input: float64 inputs lose precision.
import numpy as np


def linear_backward(x, W, b, grad_out):
    x, W, grad_out = (np.asarray(a, dtype=np.float32) for a in (x, W, grad_out))
    xs = x.reshape(-1, W.shape[0])
    gs = grad_out.reshape(-1, W.shape[1])
    return grad_out @ W.T, xs.T @ gs, gs.sum(axis=0)
