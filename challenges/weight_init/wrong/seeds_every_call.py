# expect: wrong_answer
# Seeds the global generator inside the function "for reproducibility": every call returns the
# same matrix.
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    np.random.seed(0)
    fans = fan_in + fan_out if scheme.startswith("xavier") else fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(6.0 / fans)
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.random.normal(0.0, np.sqrt(2.0 / fans), size=(fan_in, fan_out))
