# expect: wrong_answer
# Seeds the generator inside the function "for reproducibility": every call draws the same
# token.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    rng = np.random.default_rng(0)
    probs = softmax(np.asarray(logits) / temperature)
    order = np.argsort(-probs, kind="stable")
    size = min(int(np.searchsorted(np.cumsum(probs[order]), p)) + 1, len(order))
    nucleus = order[:size]
    return int(rng.choice(nucleus, p=probs[nucleus] / probs[nucleus].sum()))
