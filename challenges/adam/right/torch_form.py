# expect: accepted
# The form deep-learning libraries use: the step size lr / (1 - beta1**t) and the denominator
# sqrt(v) / sqrt(1 - beta2**t) + eps; moments in float64 by position, written back with p[...].
import math

import numpy as np


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.betas, self.eps = float(lr), (float(beta1), float(beta2)), float(eps)
        self.state = {}
        self.steps = 0

    def step(self, params, grads):
        self.steps += 1
        beta1, beta2 = self.betas
        step_size = self.lr / (1 - beta1**self.steps)
        root_correction = math.sqrt(1 - beta2**self.steps)
        for index, (p, g) in enumerate(zip(params, grads, strict=True)):
            g = np.asarray(g, dtype=np.float64)
            m, v = self.state.get(index, (np.zeros(p.shape), np.zeros(p.shape)))
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            self.state[index] = (m, v)
            p[...] = p - step_size * m / (np.sqrt(v) / root_correction + self.eps)
