# expect: wrong_answer
# Keeps the tokens whose running total is still below p (at least one): the token that takes
# the total to p is left out of the nucleus, so it is never drawn.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    probs = softmax(np.asarray(logits) / temperature)
    order = np.argsort(-probs, kind="stable")
    keep = np.cumsum(probs[order]) < p
    keep[0] = True
    nucleus = order[keep]
    return int(np.random.choice(nucleus, p=probs[nucleus] / probs[nucleus].sum()))
