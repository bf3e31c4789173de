# expect: accepted
# No reshaping: tensordot and sum over every leading axis at once, in the inputs' own dtype
# (float32 inputs give float32 results).
import numpy as np


def linear_backward(x, W, b, grad_out):
    lead = tuple(range(x.ndim - 1))
    dx = grad_out @ W.T
    dW = np.tensordot(x, grad_out, axes=(lead, lead))
    db = grad_out.sum(axis=lead) if lead else grad_out.copy()
    return dx, dW, db
