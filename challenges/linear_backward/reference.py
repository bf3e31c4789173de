import numpy as np


def linear_backward(x, W, b, grad_out):
    x = np.asarray(x)
    W = np.asarray(W)
    grad_out = np.asarray(grad_out)
    # float32 inputs give float32 results; anything else float64. The sums run in float64.
    dtype = np.result_type(x, W, b, grad_out, np.float32)
    d_in, d_out = W.shape
    # Every leading axis is a batch axis: flatten them into rows (none for a 1-D x: one row).
    rows = x.reshape(-1, d_in).astype(np.float64)
    g = grad_out.reshape(-1, d_out).astype(np.float64)
    dx = (g @ W.astype(np.float64).T).reshape(x.shape)
    dW = rows.T @ g
    db = g.sum(axis=0)
    return dx.astype(dtype), dW.astype(dtype), db.astype(dtype)
