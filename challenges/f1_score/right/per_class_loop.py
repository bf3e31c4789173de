# expect: accepted
# A Python loop over the classes, each vectorised over the samples, with Python floats.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    total = 0.0
    for c in range(num_classes):
        is_true = y_true == c
        is_pred = y_pred == c
        tp = int(np.count_nonzero(is_true & is_pred))
        fp = int(np.count_nonzero(is_pred)) - tp
        fn = int(np.count_nonzero(is_true)) - tp
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        if precision + recall:
            total += 2 * precision * recall / (precision + recall)
    return total / num_classes
