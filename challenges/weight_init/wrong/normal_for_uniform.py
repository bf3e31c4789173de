# expect: wrong_answer
# Every scheme drawn from a normal, the uniform ones with the uniform's variance (limit**2 / 3):
# the right variance, the wrong law (some weights fall outside [-limit, limit]).
import numpy as np


def init_weights(fan_in, fan_out, scheme):
    fans = fan_in + fan_out if scheme.startswith("xavier") else fan_in
    var = 2.0 / fans  # limit**2 / 3 = 6 / fans / 3
    return np.random.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
