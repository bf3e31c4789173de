# expect: wrong_answer
# Takes label 0 as the positive class: the result is 1 - AUC.
import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=np.float64)
    positives = scores[y_true == 0]
    negatives = np.sort(scores[y_true != 0])
    below = np.searchsorted(negatives, positives, side="left")
    up_to = np.searchsorted(negatives, positives, side="right")
    wins = below.sum() + 0.5 * (up_to - below).sum()
    return float(wins / (positives.size * negatives.size))
