# expect: wrong_answer
# Samples a position in the sorted order and returns it instead of the token at that position.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    probs = softmax(np.asarray(logits) / temperature)
    order = np.argsort(-probs, kind="stable")
    sorted_probs = probs[order]
    size = min(int(np.searchsorted(np.cumsum(sorted_probs), p)) + 1, len(order))
    return int(np.random.choice(size, p=sorted_probs[:size] / sorted_probs[:size].sum()))
