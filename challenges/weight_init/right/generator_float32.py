# expect: accepted
# A Generator made once, at import (not seeded per call), and float32 weights, as frameworks
# keep them.
import math

import numpy as np

_rng = np.random.default_rng()


def init_weights(fan_in, fan_out, scheme):
    kind, law = scheme.split("_")
    fans = fan_in + fan_out if kind == "xavier" else fan_in
    if law == "uniform":
        limit = math.sqrt(6 / fans)
        w = _rng.uniform(-limit, limit, size=(fan_in, fan_out))
    else:
        w = _rng.standard_normal((fan_in, fan_out)) * math.sqrt(2 / fans)
    return w.astype(np.float32)
