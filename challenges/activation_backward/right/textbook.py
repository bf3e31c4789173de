# expect: accepted
# The textbook formulas, in the input's own dtype: s * (1 - s) and 1 - tanh(x)**2 cancel for large
# |x| and np.exp overflows (with a warning), and that must still be accepted.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def activation_backward(name, x, grad_out):
    if name == "relu":
        return grad_out * (x > 0)
    if name == "leaky_relu":
        return grad_out * np.where(x > 0, 1.0, 0.01).astype(x.dtype)
    if name == "elu":
        return grad_out * np.where(x > 0, 1.0, 1.0 * np.exp(x)).astype(x.dtype)
    if name == "sigmoid":
        s = sigmoid(x)
        return grad_out * s * (1 - s)
    if name == "tanh":
        return grad_out * (1 - np.tanh(x) ** 2)
    raise ValueError(name)
