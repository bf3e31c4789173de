# expect: accepted
# One weighted bincount per feature column: np.bincount sums the weights of equal indices, and
# minlength gives every token of the vocabulary a row.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    flat = np.reshape(indices, -1).astype(np.intp)
    g = np.reshape(grad_out, (-1, d))
    dW = np.empty((vocab_size, d), dtype=np.float64)
    for j in range(d):
        dW[:, j] = np.bincount(flat, weights=g[:, j], minlength=vocab_size)
    return dW
