# expect: wrong_answer
# tanh' as 1 - x**2: the formula for the output tanh(x) applied to the input x.
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
        d = s * (1 - s)
    elif name == "tanh":
        d = 1 - x**2
    else:
        raise ValueError(name)
    return grad_out * d
