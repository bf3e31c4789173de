# expect: wrong_answer
# Keeps the j == y_i term: its margin is always 1, so the loss is 1 too high (and dW counts it).
import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    loss = margins.sum() / n + reg * np.sum(W * W)
    binary = (margins > 0).astype(float)
    binary[rows, y] = -binary.sum(axis=1)
    dW = X.T @ binary / n + 2 * reg * W
    return loss, dW
