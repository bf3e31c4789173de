import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W  # (N, C)
    correct = scores[rows, y][:, None]
    # Margins in place: s_j - s_{y_i} + 1, the correct class's own term excluded.
    scores -= correct - 1.0
    scores[rows, y] = 0.0
    np.maximum(scores, 0.0, out=scores)
    loss = float(scores.sum()) / n + reg * float(np.sum(W * W))
    # Each violated margin pulls its class's score up (+1) and the correct class's down (-1).
    violated = scores > 0
    coeff = violated.astype(np.float64)
    coeff[rows, y] = -np.count_nonzero(violated, axis=1)
    dW = X.T @ coeff
    dW /= n
    dW += 2.0 * reg * W
    return loss, dW
