# expect: accepted
# The chain rule one row at a time: each row adds its outer product to dW and its grad_out row to
# db. A Python loop over the rows, each step vectorised, is fast enough here.
import numpy as np


def linear_backward(x, W, b, grad_out):
    d_in, d_out = W.shape
    xs = np.reshape(x, (-1, d_in))
    gs = np.reshape(grad_out, (-1, d_out))
    dx = np.empty(xs.shape)
    dW = np.zeros((d_in, d_out))
    db = np.zeros(d_out)
    for i in range(len(xs)):
        dx[i] = W @ gs[i]
        dW += np.outer(xs[i], gs[i])
        db += gs[i]
    return dx.reshape(np.shape(x)), dW, db
