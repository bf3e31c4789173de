# expect: wrong_answer
# Micro-averaged F1, which for single-label classification is the accuracy, instead of the
# macro average over the classes.
import numpy as np


def f1_score(y_true, y_pred, num_classes):
    tp = np.sum(np.asarray(y_true) == np.asarray(y_pred))
    fp = fn = len(y_true) - tp
    return float(2 * tp / (2 * tp + fp + fn))
