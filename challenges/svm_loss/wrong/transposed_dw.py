# expect: wrong_answer
# Returns dW as (C, D): it must have the shape of W, (D, C).
import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    margins[rows, y] = 0
    loss = margins.sum() / n + reg * np.sum(W * W)
    binary = (margins > 0).astype(float)
    binary[rows, y] = -binary.sum(axis=1)
    dW = (X.T @ binary / n + 2 * reg * W).T
    return loss, dW
