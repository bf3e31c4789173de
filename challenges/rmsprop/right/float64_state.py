# expect: accepted
# Running averages kept in float64 by position, the update written back with p[...] = ...
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = float(lr), float(rho), float(eps)
        self.mean_square = {}

    def step(self, params, grads):
        for index, p in enumerate(params):
            g = np.asarray(grads[index], dtype=np.float64)
            s = self.mean_square.get(index, np.zeros(p.shape))
            s = s + (1.0 - self.rho) * (np.square(g) - s)  # rho * s + (1 - rho) * g^2
            self.mean_square[index] = s
            p[...] = p - self.lr * g / (np.sqrt(s) + self.eps)
