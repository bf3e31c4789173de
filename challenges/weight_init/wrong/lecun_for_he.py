# expect: wrong_answer
# He initialisation with LeCun's variance, 1 / fan_in instead of 2 / fan_in (the factor 2 for
# ReLU forgotten): he_uniform's limit sqrt(3 / fan_in), he_normal's std sqrt(1 / fan_in).
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    if scheme.startswith("xavier"):
        var = 2.0 / (fan_in + fan_out)
    else:
        var = 1.0 / fan_in
    if scheme.endswith("uniform"):
        limit = np.sqrt(3.0 * var)
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.random.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
