# expect: wrong_answer
# Draws the ROC curve through one point per sample, sorted by decreasing score, and integrates it
# with the trapezoid rule: within a group of tied scores the curve becomes a staircase in the
# input's order instead of one diagonal step.
import numpy as np


def roc_auc(y_true, scores):
    y = np.asarray(y_true) == 1
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    y = y[order]
    tpr = np.r_[0.0, np.cumsum(y) / y.sum()]
    fpr = np.r_[0.0, np.cumsum(~y) / (~y).sum()]
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2.0))
