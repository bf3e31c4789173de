# expect: memory_limit_exceeded
# Right, but every positive compared with every negative through a broadcast
# (positives, negatives) matrix: 1e11 comparisons, over 1e11 bytes on the benchmark.
import numpy as np


def roc_auc(y_true, scores):
    y_true = np.asarray(y_true)
    scores = np.asarray(scores, dtype=np.float64)
    positives = scores[y_true == 1][:, None]
    negatives = scores[y_true != 1][None, :]
    return float(np.mean((positives > negatives) + 0.5 * (positives == negatives)))
