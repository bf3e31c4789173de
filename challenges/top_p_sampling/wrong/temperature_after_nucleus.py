# expect: wrong_answer
# Chooses the nucleus from softmax(logits), then applies the temperature only to the sampling
# within it: the temperature no longer changes which tokens are in the nucleus.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    logits = np.asarray(logits, dtype=np.float64)
    probs = softmax(logits)
    order = np.argsort(-probs, kind="stable")
    size = min(int(np.searchsorted(np.cumsum(probs[order]), p)) + 1, len(order))
    nucleus = order[:size]
    return int(np.random.choice(nucleus, p=softmax(logits[nucleus] / temperature)))
