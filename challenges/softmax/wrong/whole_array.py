# expect: wrong_answer
# Normalises over the whole array instead of each slice along `axis`.
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum()
