# expect: accepted
# Moments updated with out= and the update assembled in one scratch array per parameter.
import numpy as np


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.moments = []
        self.t = 0

    def step(self, params, grads):
        if not self.moments:
            self.moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        self.t += 1
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        for p, g, (m, v) in zip(params, grads, self.moments, strict=True):
            np.multiply(m, self.beta1, out=m)
            m += (1.0 - self.beta1) * g
            np.multiply(v, self.beta2, out=v)
            v += (1.0 - self.beta2) * np.square(g)
            denominator = np.sqrt(v / c2)
            denominator += self.eps
            np.subtract(p, self.lr * (m / c1) / denominator, out=p)
