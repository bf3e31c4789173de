# expect: runtime_error
# The textbook softmax without subtracting the maximum: exp(1e4) overflows to inf, inf / inf is
# NaN, and np.random.choice raises ValueError on NaN probabilities.
import numpy as np


def top_p_sampling(logits, p, temperature=1.0):
    e = np.exp(np.asarray(logits, dtype=np.float64) / temperature)
    probs = e / e.sum()
    order = np.argsort(-probs, kind="stable")
    size = min(int(np.searchsorted(np.cumsum(probs[order]), p)) + 1, len(order))
    nucleus = order[:size]
    return int(np.random.choice(nucleus, p=probs[nucleus] / probs[nucleus].sum()))
