# expect: accepted
# Everything with out= and no temporary parameter arrays.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = []

    def step(self, params, grads):
        if not self.s:
            self.s = [np.zeros(p.shape, p.dtype) for p in params]
        for p, g, s in zip(params, grads, self.s, strict=True):
            np.multiply(s, self.rho, out=s)
            s += (1 - self.rho) * np.square(g)
            denominator = np.sqrt(s)
            denominator += self.eps
            np.subtract(p, self.lr * g / denominator, out=p)
