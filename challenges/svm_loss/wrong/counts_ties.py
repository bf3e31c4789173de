# expect: wrong_answer
# Counts a margin of exactly 0 as violated (>= 0): right everywhere but at exact ties, where the
# statement says a margin of 0 contributes nothing to dW.
import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    raw = scores - scores[rows, y][:, None] + 1
    raw[rows, y] = -1.0
    margins = np.maximum(0, raw)
    loss = margins.sum() / n + reg * np.sum(W * W)
    binary = (raw >= 0).astype(float)
    binary[rows, y] = -binary.sum(axis=1)
    dW = X.T @ binary / n + 2 * reg * W
    return loss, dW
