# expect: accepted
# The definition, one token at a time: each occurrence adds its gradient row to its token's row.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    flat = np.reshape(indices, -1)
    g = np.reshape(grad_out, (-1, d)).astype(np.float64)
    dW = np.zeros((vocab_size, d))
    for position, token in enumerate(flat.tolist()):
        dW[token] += g[position]
    return dW
