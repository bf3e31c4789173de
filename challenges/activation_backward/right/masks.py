# expect: accepted
# Float64 throughout, boolean masks instead of np.where, exp only ever of non-positive numbers,
# and tanh' written as a sigmoid derivative: tanh'(x) = 4 s(2x) (1 - s(2x)).
import numpy as np


def _sigmoid_prime(z):
    out = np.empty_like(z)
    pos = z >= 0
    e = np.exp(-z[pos])
    out[pos] = e / (1 + e) ** 2
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e) ** 2
    return out


def activation_backward(name, x, grad_out):
    z = np.array(x, dtype=np.float64)
    g = np.array(grad_out, dtype=np.float64)
    positive = z > 0
    if name == "relu":
        d = positive.astype(np.float64)
    elif name == "leaky_relu":
        d = np.full(z.shape, 0.01)
        d[positive] = 1.0
    elif name == "elu":
        d = np.ones(z.shape)
        d[~positive] = np.exp(z[~positive])
    elif name == "sigmoid":
        d = _sigmoid_prime(z)
    elif name == "tanh":
        d = 4.0 * _sigmoid_prime(2.0 * z)
    else:
        raise ValueError(f"unknown activation {name}")
    return g * d
