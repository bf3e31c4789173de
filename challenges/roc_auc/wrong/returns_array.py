# expect: wrong_answer
# The right number, but as a NumPy array of shape (1,) (a count matrix reduced with keepdims):
# the statement asks for one float.
import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=np.float64)
    positives = scores[y_true == 1]
    negatives = np.sort(scores[y_true != 1])
    below = np.searchsorted(negatives, positives, side="left")
    up_to = np.searchsorted(negatives, positives, side="right")
    wins = below.sum(keepdims=True) + 0.5 * (up_to - below).sum(keepdims=True)
    return wins / (positives.size * negatives.size)
