# expect: wrong_answer
# CLIP-style, one direction only: each view of z1 against the N views of z2 (no negatives from its
# own side), and the views of z2 never get a loss of their own.
import numpy as np


def info_nce(z1, z2, temperature):
    a = z1 / np.linalg.norm(z1, axis=1, keepdims=True)
    b = z2 / np.linalg.norm(z2, axis=1, keepdims=True)
    logits = a @ b.T / temperature
    top = logits.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return float(np.mean(lse - np.diagonal(logits)))
