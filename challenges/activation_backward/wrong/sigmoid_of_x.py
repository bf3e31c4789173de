# expect: wrong_answer
# sigmoid' as x * (1 - x): the formula for the output s applied to the input x.
import numpy as np


def activation_backward(name, x, grad_out):
    if name == "relu":
        d = (x > 0).astype(float)
    elif name == "leaky_relu":
        d = np.where(x > 0, 1.0, 0.01)
    elif name == "elu":
        d = np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))
    elif name == "sigmoid":
        s = 1 / (1 + np.exp(-x))
        d = x * (1 - x)
    elif name == "tanh":
        d = 1 - np.tanh(x) ** 2
    else:
        raise ValueError(name)
    return grad_out * d
