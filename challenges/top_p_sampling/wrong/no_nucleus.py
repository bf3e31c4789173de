# expect: wrong_answer
# Samples from the whole tempered softmax: tokens outside the nucleus come out too.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    probs = softmax(np.asarray(logits) / temperature)
    return int(np.random.choice(len(probs), p=probs))
