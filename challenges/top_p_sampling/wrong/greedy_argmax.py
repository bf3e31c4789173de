# expect: wrong_answer
# Returns the most probable token, which is always in the nucleus, but never samples.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


def top_p_sampling(logits, p, temperature=1.0):
    return int(np.argmax(softmax(np.asarray(logits) / temperature)))
