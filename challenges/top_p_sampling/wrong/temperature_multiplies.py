# expect: wrong_answer
# Multiplies the logits by the temperature instead of dividing: a temperature of 2 sharpens the
# distribution instead of flattening it.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    probs = softmax(np.asarray(logits) * temperature)
    order = np.argsort(-probs, kind="stable")
    size = min(int(np.searchsorted(np.cumsum(probs[order]), p)) + 1, len(order))
    nucleus = order[:size]
    return int(np.random.choice(nucleus, p=probs[nucleus] / probs[nucleus].sum()))
