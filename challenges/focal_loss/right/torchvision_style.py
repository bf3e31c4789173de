# expect: accepted
# As torchvision's sigmoid_focal_loss: a stable binary cross-entropy with logits times
# (1 - p_t)**gamma, p_t formed from a stable sigmoid by arithmetic on the targets, in the logits'
# own precision (float32 stays float32); a NumPy scalar.
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits)
    y = np.asarray(targets).astype(z.dtype)
    e = np.exp(-np.abs(z))  # never overflows
    p = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype)
    ce = np.maximum(z, 0) - z * y + np.log1p(e)  # -log p_t
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return np.mean(alpha_t * (1 - p_t) ** gamma * ce)
