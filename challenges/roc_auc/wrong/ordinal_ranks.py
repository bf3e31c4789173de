# expect: wrong_answer
# The rank-sum formula with ranks from argsort(argsort(scores)): tied scores get distinct ranks
# in the order the samples happen to come in, instead of the mean rank of their group.
import numpy as np


def roc_auc(y_true, scores):
    positive = np.asarray(y_true) == 1
    ranks = np.argsort(np.argsort(np.asarray(scores), kind="stable"), kind="stable") + 1
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
