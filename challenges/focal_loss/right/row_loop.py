# expect: accepted
# A loop over the rows of the flattened logits, positives and negatives apart: a positive's
# term is alpha * sigmoid(-z)**gamma * softplus(-z), a negative's the same with z for -z and
# 1 - alpha; sigmoid(x) = exp(-softplus(-x)), softplus by max(x, 0) + log1p(exp(-|x|)).
import numpy as np


def softplus(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets)
    width = z.shape[-1] if z.ndim else 1
    total = 0.0
    for row, labels in zip(z.reshape(-1, width), y.reshape(-1, width), strict=True):
        pos = row[labels == 1]
        neg = row[labels != 1]
        total += alpha * float(np.sum(np.exp(-gamma * softplus(pos)) * softplus(-pos)))
        total += (1 - alpha) * float(np.sum(np.exp(-gamma * softplus(-neg)) * softplus(neg)))
    return total / z.size
