# expect: accepted
# The sigmoid through log-space, exp(-logaddexp(0, -z)), and the gradient as a sum over samples
# with einsum.
import numpy as np


def logistic_regression_step(w, b, X, y, lr, l1=0.0, l2=0.0):
    z = np.einsum("nd,d->n", X, w) + b
    p = np.exp(-np.logaddexp(0.0, -z))
    r = (p - y) / len(y)
    grad_w = np.einsum("nd,n->d", X, r) + l1 * np.sign(w) + l2 * w
    return w - lr * grad_w, b - lr * r.sum()
