# expect: wrong_answer
# The regularisation's gradient as reg * W: the derivative of reg * sum(W * W) is 2 * reg * W.
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
    dW = X.T @ binary / n + reg * W
    return loss, dW
