# expect: wrong_answer
# elu' as alpha * exp(x) everywhere: wrong for x > 0 (and inf for large x).
import numpy as np


def activation_backward(name, x, grad_out):
    if name == "relu":
        d = (x > 0).astype(float)
    elif name == "leaky_relu":
        d = np.where(x > 0, 1.0, 0.01)
    elif name == "elu":
        d = 1.0 * np.exp(x)
    elif name == "sigmoid":
        s = 1 / (1 + np.exp(-x))
        d = s * (1 - s)
    elif name == "tanh":
        d = 1 - np.tanh(x) ** 2
    else:
        raise ValueError(name)
    return grad_out * d
