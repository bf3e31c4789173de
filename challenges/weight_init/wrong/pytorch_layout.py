# expect: wrong_answer
# PyTorch's nn.Linear layout, (fan_out, fan_in): the right law, the wrong shape.
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    fans = fan_in + fan_out if scheme.startswith("xavier") else fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(6.0 / fans)
        return np.random.uniform(-limit, limit, size=(fan_out, fan_in))
    return np.random.normal(0.0, np.sqrt(2.0 / fans), size=(fan_out, fan_in))
