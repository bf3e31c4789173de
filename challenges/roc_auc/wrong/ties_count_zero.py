# expect: wrong_answer
# Counts the pairs where the positive scores strictly higher, and nothing for a tie: a tie should
# count one half (a constant scorer then has AUC 0.5, not 0).
import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=np.float64)
    positives = scores[y_true == 1]
    negatives = np.sort(scores[y_true != 1])
    wins = np.searchsorted(negatives, positives, side="left").sum()
    return float(wins / (positives.size * negatives.size))
