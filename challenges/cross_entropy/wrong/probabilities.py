# expect: wrong_answer
# Treats the logits as probabilities: -log(logits[target]) without a softmax (NaN for a negative
# logit, and the wrong value for positive ones).
import numpy as np


def cross_entropy(logits, targets):
    return float(-np.mean(np.log(logits[np.arange(len(logits)), targets])))
