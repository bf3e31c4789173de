# expect: accepted
# The same loss as a mixture: (1 - eps) * the plain cross-entropy + eps * the mean over the classes
# of -log p; a loop over the rows, each vectorised, with a running Python sum.
import math

import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    total = 0.0
    for row, t in zip(np.asarray(logits, dtype=np.float64), targets, strict=True):
        m = row.max()
        log_probs = row - (m + math.log(np.exp(row - m).sum()))
        total += (1.0 - eps) * -log_probs[t] + eps * -log_probs.mean()
    return total / len(targets)
