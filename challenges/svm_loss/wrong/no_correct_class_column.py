# expect: wrong_answer
# Forgets the correct class's column in dW: each violated margin also subtracts x_i there.
import numpy as np


def svm_loss(W, X, y, reg):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    margins[rows, y] = 0
    loss = margins.sum() / n + reg * np.sum(W * W)
    binary = (margins > 0).astype(float)
    binary[rows, y] = 0
    dW = X.T @ binary / n + 2 * reg * W
    return loss, dW
