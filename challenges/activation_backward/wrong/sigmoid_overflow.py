# expect: wrong_answer
# sigmoid' as exp(-x) / (1 + exp(-x))**2: inf / inf = NaN once -x passes about 709.8.
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
        d = np.exp(-x) / (1 + np.exp(-x)) ** 2
    elif name == "tanh":
        d = 1 - np.tanh(x) ** 2
    else:
        raise ValueError(name)
    return grad_out * d
