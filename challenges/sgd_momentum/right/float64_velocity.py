# expect: accepted
# Velocities in float64 whatever the parameters' dtype, added with np.add(..., out=p, casting).
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.state = []

    def step(self, params, grads):
        if not self.state:
            self.state = [np.zeros(p.shape, dtype=np.float64) for p in params]
        for p, g, v in zip(params, grads, self.state, strict=True):
            np.multiply(v, self.momentum, out=v)
            np.subtract(v, self.lr * g.astype(np.float64), out=v)
            np.add(p, v, out=p, casting="unsafe")
