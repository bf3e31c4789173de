import numpy as np


def init_weights(fan_in, fan_out, scheme):
    shape = (fan_in, fan_out)
    if scheme == "xavier_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return np.random.uniform(-limit, limit, size=shape)
    if scheme == "xavier_normal":
        return np.random.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)
    if scheme == "he_uniform":
        limit = np.sqrt(6.0 / fan_in)
        return np.random.uniform(-limit, limit, size=shape)
    if scheme == "he_normal":
        return np.random.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
    raise ValueError(f"unknown scheme {scheme!r}")
