# expect: wrong_answer
# Right values, but written into the caller's grad_out: the inputs must not be modified.
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
        d = 1 - np.tanh(x) ** 2
    else:
        raise ValueError(name)
    return np.multiply(grad_out, d, out=grad_out)
