# expect: accepted
# Counts pairs directly: for each positive, the negatives scoring lower and those scoring the
# same (half each), found by two binary searches in the sorted negative scores.
import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=np.float64)
    positives = scores[y_true == 1]
    negatives = np.sort(scores[y_true != 1])
    below = np.searchsorted(negatives, positives, side="left")
    up_to = np.searchsorted(negatives, positives, side="right")
    wins = below.sum() + 0.5 * (up_to - below).sum()
    return float(wins / (positives.size * negatives.size))
