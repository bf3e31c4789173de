# expect: accepted
# Python loops over the classes only, each step vectorised over all samples: C iterations, fast
# enough.
import numpy as np


def svm_loss(W, X, y, reg):
    n, c = X.shape[0], W.shape[1]
    scores = X @ W
    correct = scores[np.arange(n), y]
    loss = 0.0
    dW = np.zeros(W.shape)
    counts = np.zeros(n)  # violated margins per sample
    for j in range(c):
        margin = scores[:, j] - correct + 1.0
        violated = (margin > 0) & (y != j)
        loss += margin[violated].sum()
        counts += violated
        dW[:, j] += X.T @ violated.astype(float)
    # Each violation also pulls the correct class's column down.
    for k in range(c):
        mine = y == k
        dW[:, k] -= X[mine].T @ counts[mine]
    return loss / n + reg * float((W**2).sum()), dW / n + 2 * reg * W
