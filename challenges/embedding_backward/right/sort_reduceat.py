# expect: accepted
# Sort the tokens, sum each run of equal tokens with np.add.reduceat, scatter the sums (each
# token now occurs once, so plain fancy assignment is right). In grad_out's own dtype.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    flat = np.reshape(indices, -1)
    g = np.reshape(grad_out, (-1, d))
    dW = np.zeros((vocab_size, d), dtype=g.dtype)
    if flat.size == 0:
        return dW
    order = np.argsort(flat, kind="stable")
    tokens = flat[order]
    starts = np.flatnonzero(np.r_[True, tokens[1:] != tokens[:-1]])
    dW[tokens[starts]] = np.add.reduceat(g[order], starts, axis=0)
    return dW
