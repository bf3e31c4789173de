# expect: accepted
# The Mann-Whitney rank sum with mid-ranks found by binary search in all the sorted scores (a
# score's tied group occupies the 0-based positions left .. right - 1), the scores kept in
# their own dtype (float32 stays float32: comparing them needs no conversion).
import numpy as np


def roc_auc(y_true, scores):
    positive = np.asarray(y_true) == 1
    s = np.asarray(scores)
    ordered = np.sort(s)
    left = np.searchsorted(ordered, s[positive], side="left")
    right = np.searchsorted(ordered, s[positive], side="right")
    n_pos = int(positive.sum())
    n_neg = s.size - n_pos
    rank_sum = ((left + right + 1) / 2.0).sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
