# expect: accepted
# A loop over the negatives with math's functions, sigmoid through tanh; gradients gathered first.
import math

import numpy as np


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def word2vec_sgns_step(center, context, negatives, lr):
    v, u = center.copy(), context.copy()
    pos = float(np.dot(u, v))
    loss = softplus(-pos)
    g = 0.5 * (1 + math.tanh(pos / 2)) - 1.0
    grad_center = g * u
    grad_context = g * v
    new_negatives = np.empty_like(negatives)
    for j in range(len(negatives)):
        s = float(np.dot(negatives[j], v))
        loss += softplus(s)
        sj = 0.5 * (1 + math.tanh(s / 2))
        grad_center = grad_center + sj * negatives[j]
        new_negatives[j] = negatives[j] - lr * sj * v
    return v - lr * grad_center, u - lr * grad_context, new_negatives, loss
