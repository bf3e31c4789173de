import numpy as np

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0


def activation_backward(name, x, grad_out):
    x = np.asarray(x)
    grad_out = np.asarray(grad_out)
    # Computed in float64 whatever the input; returned in the inputs' float precision.
    dtype = np.result_type(x.dtype, grad_out.dtype, np.float32)
    z = x.astype(np.float64)
    if name == "relu":
        slope = (z > 0).astype(np.float64)
    elif name == "leaky_relu":
        slope = np.where(z > 0, 1.0, LEAKY_SLOPE)
    elif name == "elu":
        slope = np.where(z > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0.0)))
    elif name == "sigmoid":
        # s (1 - s) = e / (1 + e)^2 with e = exp(-|x|): symmetric in x, never overflows.
        e = np.exp(-np.abs(z))
        slope = e / (1.0 + e) ** 2
    elif name == "tanh":
        # 1 - tanh(x)^2 = 4 e / (1 + e)^2 with e = exp(-2|x|).
        e = np.exp(-2.0 * np.abs(z))
        slope = 4.0 * e / (1.0 + e) ** 2
    else:
        raise ValueError(f"unknown activation {name!r}")
    return (grad_out.astype(np.float64) * slope).astype(dtype)
