# expect: accepted
# einsum on the rows, in float64 whatever the input: the leading axes flattened into one.
import numpy as np


def linear_backward(x, W, b, grad_out):
    d_in, d_out = W.shape
    rows = np.asarray(x, dtype=np.float64).reshape(-1, d_in)
    g = np.asarray(grad_out, dtype=np.float64).reshape(-1, d_out)
    dx = np.einsum("no,io->ni", g, W).reshape(np.shape(x))
    dW = np.einsum("ni,no->io", rows, g)
    db = np.einsum("no->o", g)
    return dx, dW, db
