# expect: wrong_answer
# The other convention, 0.5 * reg * sum(W * W) (and reg * W): the statement's loss has no 1/2.
import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    margins[rows, y] = 0
    loss = margins.sum() / n + 0.5 * reg * np.sum(W * W)
    binary = (margins > 0).astype(float)
    binary[rows, y] = -binary.sum(axis=1)
    dW = X.T @ binary / n + reg * W
    return loss, dW
