# expect: wrong_answer
# Averages precision and recall over the classes first, then takes the F1 of those two means,
# instead of averaging the per-class F1 scores.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    classes = np.arange(num_classes)[:, None]
    tp = np.sum((y_true == classes) & (y_pred == classes), axis=1)
    predicted = np.sum(y_pred == classes, axis=1)
    actual = np.sum(y_true == classes, axis=1)
    precision = np.divide(tp, predicted, out=np.zeros(num_classes), where=predicted > 0).mean()
    recall = np.divide(tp, actual, out=np.zeros(num_classes), where=actual > 0).mean()
    if precision + recall == 0:
        return 0.0
    return float(2 * precision * recall / (precision + recall))
