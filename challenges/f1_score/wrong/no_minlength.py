# expect: wrong_answer
# np.bincount without minlength: the counts only reach the largest label present in each array,
# so the true-positive counts (often of length 1) broadcast silently against the others, or the
# lengths clash and raise ValueError.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.bincount(y_true[y_true == y_pred])
    fp = np.bincount(y_pred) - tp
    fn = np.bincount(y_true) - tp
    both = 2 * tp + fp + fn
    f1 = np.divide(2.0 * tp, both, out=np.zeros(len(both)), where=both > 0)
    return float(f1.sum() / num_classes)
