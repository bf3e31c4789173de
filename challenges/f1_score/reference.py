import numpy as np


def f1_score(y_true, y_pred, num_classes):
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    tp = np.bincount(y_true[y_true == y_pred], minlength=num_classes)
    fp = np.bincount(y_pred, minlength=num_classes) - tp
    fn = np.bincount(y_true, minlength=num_classes) - tp
    # F1 = 2PR / (P + R) = 2 tp / (2 tp + fp + fn); 0 where the class is neither true nor
    # predicted (and where tp = 0 otherwise, as the formula gives).
    denominator = 2 * tp + fp + fn
    f1 = np.divide(2.0 * tp, denominator, out=np.zeros(num_classes), where=denominator > 0)
    return float(f1.mean())
