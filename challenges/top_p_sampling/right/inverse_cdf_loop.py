# expect: accepted
# The softmax in NumPy, then Python loops: the nucleus grown token by token along a stable order
# (probability descending, index ascending) until its mass reaches p, and the draw by inverting
# the nucleus's cumulative distribution with one np.random.random().
import numpy as np


def top_p_sampling(logits, p, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64) / temperature
    e = np.exp(z - z.max())
    probs = (e / e.sum()).tolist()
    order = np.argsort(-np.asarray(probs), kind="stable").tolist()
    nucleus, mass = [], 0.0
    for index in order:
        nucleus.append(index)
        mass += probs[index]
        if mass >= p:
            break
    u = np.random.random() * mass
    running = 0.0
    for index in nucleus:
        running += probs[index]
        if u < running:
            return index
    return nucleus[-1]
