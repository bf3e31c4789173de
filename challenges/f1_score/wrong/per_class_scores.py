# expect: wrong_answer
# Returns the per-class F1 scores and forgets to average them.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.bincount(y_true[y_true == y_pred], minlength=num_classes)
    both = np.bincount(y_pred, minlength=num_classes) + np.bincount(y_true, minlength=num_classes)
    return np.divide(2.0 * tp, both, out=np.zeros(num_classes), where=both > 0)
