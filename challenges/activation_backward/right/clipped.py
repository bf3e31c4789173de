# expect: accepted
# Clips the input before exp so nothing overflows, and uses the forward values: elu' = f + alpha
# for x <= 0.
import numpy as np

ALPHA = 1.0


def activation_backward(name, x, grad_out):
    grad_out = np.asarray(grad_out)
    if name in ("relu", "leaky_relu"):
        negative_slope = 0.0 if name == "relu" else 0.01
        return np.where(x > 0, grad_out, negative_slope * grad_out)
    if name == "elu":
        f = ALPHA * (np.exp(np.clip(x, -500, 0)) - 1)
        return np.where(x > 0, grad_out, grad_out * (f + ALPHA))
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))
        return grad_out * s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(x)
        return grad_out * (1.0 - t) * (1.0 + t)
    raise ValueError(name)
