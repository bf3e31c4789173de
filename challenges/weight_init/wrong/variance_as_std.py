# expect: wrong_answer
# The normal schemes' variance passed as np.random.normal's scale, which is the standard
# deviation: the weights are far too small.
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    fans = fan_in + fan_out if scheme.startswith("xavier") else fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(6.0 / fans)
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.random.normal(0.0, 2.0 / fans, size=(fan_in, fan_out))
