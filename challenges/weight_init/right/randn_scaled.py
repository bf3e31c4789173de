# expect: accepted
# Standard draws scaled afterwards: rand mapped to [-1, 1) times the limit, randn times the
# standard deviation, from a table of the schemes.
import numpy as np

SCHEMES = {
    # scheme: (uniform?, numerator, uses fan_out?)
    "xavier_uniform": (True, 6.0, True),
    "xavier_normal": (False, 2.0, True),
    "he_uniform": (True, 6.0, False),
    "he_normal": (False, 2.0, False),
}


def init_weights(fan_in, fan_out, scheme):
    uniform, numerator, both = SCHEMES[scheme]
    spread = np.sqrt(numerator / (fan_in + fan_out if both else fan_in))
    if uniform:
        return (2.0 * np.random.rand(fan_in, fan_out) - 1.0) * spread
    return np.random.randn(fan_in, fan_out) * spread
