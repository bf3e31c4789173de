# expect: accepted
# The indices sorted in Python by a key function, the nucleus grown and drawn from in loops.
import numpy as np


def top_p_sampling(logits, p, temperature=1.0):
    z = logits.astype(np.float64) / temperature
    e = np.exp(z - np.max(z))
    probs = e / e.sum()
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    nucleus, total = [], 0.0
    for i in order:
        nucleus.append(i)
        total += probs[i]
        if total >= p:
            break
    u = np.random.random() * total
    acc = 0.0
    for i in nucleus:
        acc += probs[i]
        if u < acc:
            return i
    return nucleus[-1]
