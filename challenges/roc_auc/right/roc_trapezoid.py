# expect: accepted
# The ROC curve itself: one point per distinct threshold (high to low), so that a tied group of
# scores moves the curve diagonally at once, then the trapezoid rule on the true- and
# false-positive counts.
import numpy as np


def roc_auc(y_true, scores):
    y = np.asarray(y_true) == 1
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    # The last sample of each group of equal scores.
    ends = np.r_[np.nonzero(s[1:] != s[:-1])[0], s.size - 1]
    tp = np.r_[0, np.cumsum(y)[ends]]
    fp = np.r_[0, np.cumsum(~y)[ends]]
    area = np.sum((fp[1:] - fp[:-1]) * (tp[1:] + tp[:-1])) / 2.0
    return float(area / (tp[-1] * fp[-1]))
