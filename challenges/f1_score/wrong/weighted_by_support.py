# expect: wrong_answer
# The per-class F1 scores weighted by each class's support (sklearn's average="weighted"), not
# a plain mean over the classes.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.bincount(y_true[y_true == y_pred], minlength=num_classes)
    predicted = np.bincount(y_pred, minlength=num_classes)
    actual = np.bincount(y_true, minlength=num_classes)
    both = predicted + actual
    f1 = np.divide(2.0 * tp, both, out=np.zeros(num_classes), where=both > 0)
    return float(np.sum(f1 * actual) / len(y_true))
