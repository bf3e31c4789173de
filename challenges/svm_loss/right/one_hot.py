# expect: accepted
# A one-hot matrix of the labels instead of fancy indexing, einsum for the products, and the loss
# returned as a NumPy scalar.
import numpy as np


def svm_loss(W, X, y, reg):
    n, c = X.shape[0], W.shape[1]
    onehot = np.zeros((n, c))
    onehot[np.arange(n), y] = 1.0
    scores = np.einsum("nd,dc->nc", X, W)
    correct = np.sum(scores * onehot, axis=1, keepdims=True)
    margins = (scores - correct + 1.0) * (1.0 - onehot)
    violated = (margins > 0).astype(np.float64)
    loss = np.sum(margins * violated) / n + reg * np.einsum("dc,dc->", W, W)
    coeff = violated - onehot * violated.sum(axis=1, keepdims=True)
    dW = np.einsum("nd,nc->dc", X, coeff) / n + 2.0 * reg * W
    return loss, dW
