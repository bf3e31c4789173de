# expect: wrong_answer
# Uses the one-hot of the argmax of the logits (the prediction) instead of the given targets.
import numpy as np


def cross_entropy(logits, targets):
    top = logits.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    predicted = np.argmax(logits, axis=1)
    return float(np.mean(lse - logits[np.arange(len(logits)), predicted]))
