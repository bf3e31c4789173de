# expect: time_limit_exceeded
# Right and stable, but a Python loop over every pair of views, each cosine similarity computed
# on its own (a dot product over two norms): 9.4 million of them on the benchmark.
import math

import numpy as np


def cosine(a, b):
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def info_nce(z1, z2, temperature):
    n = len(z1)
    views = np.concatenate([z1, z2]).astype(np.float64)
    total = 0.0
    for k in range(2 * n):
        sims = [cosine(views[k], views[j]) / temperature for j in range(2 * n) if j != k]
        top = max(sims)
        lse = top + math.log(sum(math.exp(s - top) for s in sims))
        positive = cosine(views[k], views[(k + n) % (2 * n)]) / temperature
        total += lse - positive
    return total / (2 * n)
