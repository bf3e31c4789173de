# expect: wrong_answer
# Precision and recall divided with NumPy and no guard: a class that is never predicted (or never
# occurs) gives 0 / 0 = NaN, and the mean is NaN.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((y_true == classes) & (y_pred == classes), axis=1)
    predicted = np.sum(y_pred == classes, axis=1)
    actual = np.sum(y_true == classes, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = tp / predicted
        recall = tp / actual
        f1 = 2 * precision * recall / (precision + recall)
    return float(np.mean(f1))
