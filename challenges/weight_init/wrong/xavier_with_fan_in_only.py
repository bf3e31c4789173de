# expect: wrong_answer
# Xavier's variance from the wrong fan: 2 / fan_in for every scheme (He's), so that a layer
# with fan_out far from fan_in gets the wrong spread.
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    var = 2.0 / fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(3.0 * var)
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.random.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
