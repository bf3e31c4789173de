import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true).ravel()
    scores = np.asarray(scores, dtype=np.float64).ravel()
    positive = y_true == 1
    n_pos = int(positive.sum())
    n_neg = y_true.size - n_pos
    # Mann-Whitney: the positives' rank sum, tied scores sharing the mean of their ranks.
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    # The 1-based ranks of each group of equal scores run from (before + 1) to (before + count);
    # their mean is before + (count + 1) / 2.
    before = np.cumsum(counts) - counts
    mid_rank = before + (counts + 1) / 2.0
    rank_sum = mid_rank[inverse.ravel()][positive].sum()
    u = rank_sum - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
