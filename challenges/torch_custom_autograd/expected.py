"""The expected results of torch_custom_autograd, on the worker, in NumPy: what harness.py returns
for the reference. The derivative is written out here too, from the formula (the worker has no
PyTorch); the reference's backward, run in the sandbox, must agree with it case after case."""

import numpy as np

SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
A = 0.044715


def GELUFunction(x, grad_output):
    wide = x.astype(np.float64)
    t = np.tanh(SQRT_2_OVER_PI * (wide + A * wide**3))
    output = 0.5 * wide * (1.0 + t)
    # d/dx of 0.5 x (1 + tanh(u(x))) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh(u)^2) u'(x)
    derivative = 0.5 * (1.0 + t) + 0.5 * wide * (1.0 - t * t) * SQRT_2_OVER_PI * (
        1.0 + 3.0 * A * wide**2
    )
    return {
        "output": output.astype(x.dtype),
        "grad_input": (grad_output.astype(np.float64) * derivative).astype(x.dtype),
        "gradcheck": True,
    }
