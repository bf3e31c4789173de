# expect: accepted
# Every scheme from its target variance: Var(U(-a, a)) = a**2 / 3, so a = sqrt(3 var); the
# normal's scale is sqrt(var).
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    var = 2.0 / (fan_in + fan_out) if scheme.startswith("xavier") else 2.0 / fan_in
    if scheme.endswith("uniform"):
        a = np.sqrt(3.0 * var)
        return np.random.uniform(low=-a, high=a, size=(fan_in, fan_out))
    return np.random.normal(loc=0.0, scale=np.sqrt(var), size=(fan_in, fan_out))
