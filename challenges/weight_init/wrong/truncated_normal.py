# expect: wrong_answer
# Keras's he_normal and glorot_normal: a normal truncated at two standard deviations (values past
# them drawn again), rescaled to the right variance. The variance is right; the law is not
# N(0, std**2): too few weights beyond two standard deviations.
import numpy as np


def _truncated(shape):
    x = np.random.standard_normal(shape)
    while True:
        outside = np.abs(x) > 2.0
        if not outside.any():
            return x
        x[outside] = np.random.standard_normal(int(outside.sum()))


def init_weights(fan_in, fan_out, scheme):
    fans = fan_in + fan_out if scheme.startswith("xavier") else fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(6.0 / fans)
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))
    std = np.sqrt(2.0 / fans) / 0.87962566103423978
    return _truncated((fan_in, fan_out)) * std
